/**
 * The calendar day of an instant in a zone, by the browser's own Intl (no date-fns-tz): what
 * task rows and timelines group by. Apart from zoned-time.ts so that the task record type (read
 * by every list's page) does not load date-fns' formatting with it.
 */
import { isTimeZone, localTimeZone } from './time-zones';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One Intl formatter per zone and kind (building one costs far more than formatting with it):
 * `zone` must be usable (usableZone).
 */
export function zoneFormat(
	kind: string,
	zone: string,
	/** Undefined: the browser's language. */
	locale: string | undefined,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	const key = `${kind} ${zone}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
		formats.set(key, format);
	}
	return format;
}

/**
 * The calendar day of `ms` in `zone` ('2026-12-01'): what the timeline groups by. One Intl
 * formatter per zone (en-CA writes ISO dates): a 5,000-entry timeline asks 5,000 times.
 */
export function dayInZone(ms: number, zone: string): string {
	return zoneFormat('day', usableZone(zone), 'en-CA', {
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(ms);
}

/** The zone itself when it is one this browser knows, else the reader's own. */
export function usableZone(zone: string): string {
	return zone && isTimeZone(zone) ? zone : localTimeZone();
}
