/**
 * The calendar day of an instant in a zone, by the browser's own Intl (no date-fns-tz): what
 * task rows and timelines group by. Apart from zoned-time.ts so that the task record type (read
 * by every list's page) does not load date-fns' formatting with it.
 */
import { isTimeZone, localTimeZone } from './time-zones';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of `ms` in `zone` ('2026-12-01'): what the timeline groups by. One Intl
 * formatter per zone (en-CA writes ISO dates): a 5,000-entry timeline asks 5,000 times.
 */
export function dayInZone(ms: number, zone: string): string {
	const name = usableZone(zone);
	let format = dayFormats.get(name);
	if (!format) {
		format = new Intl.DateTimeFormat('en-CA', {
			timeZone: name,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		});
		dayFormats.set(name, format);
	}
	return format.format(ms);
}

/** The zone itself when it is one this browser knows, else the reader's own. */
export function usableZone(zone: string): string {
	return zone && isTimeZone(zone) ? zone : localTimeZone();
}
