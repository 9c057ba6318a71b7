/** "just now", "5 minutes ago", "yesterday", then a date: history reads better that way. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;

export function relativeTime(at: number, now: number): string {
	const ago = now - at;
	if (ago < MINUTE) return 'just now';
	if (ago < HOUR) return plural(Math.floor(ago / MINUTE), 'minute');
	if (ago < DAY) return plural(Math.floor(ago / HOUR), 'hour');
	if (ago < 2 * DAY) return 'yesterday';
	if (ago < 7 * DAY) return plural(Math.floor(ago / DAY), 'day');
	return new Date(at).toISOString().slice(0, 10);
}
