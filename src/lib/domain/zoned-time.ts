/**
 * Times as people type and read them in the zone an interaction happened in: a call logged at
 * 09:00 in Tokyo is 09:00 (Tokyo) on every colleague's screen. date-fns-tz does the zone
 * arithmetic (daylight-saving gaps and overlaps included).
 */
import { formatInTimeZone } from 'date-fns-tz/formatInTimeZone';
import { fromZonedTime } from 'date-fns-tz/fromZonedTime';
import { usableZone as usable, zoneFormat } from './zoned-day';

export { dayInZone } from './zoned-day';

/** What a datetime-local input shows for `ms` in `zone` ('2026-12-01T09:30'). */
export function zonedInputValue(ms: number, zone: string): string {
	return formatInTimeZone(ms, usable(zone), "yyyy-MM-dd'T'HH:mm");
}

/**
 * The instant a datetime-local value means in `zone`, or null if it is not a date. A time the
 * clocks skip (02:30 on a spring-forward night) is read with the offset before the jump
 * (01:30 CET); a time they pass twice (02:30 on a fall-back night), as the later one.
 */
export function fromZonedInput(value: string, zone: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
	const ms = fromZonedTime(value, usable(zone)).getTime();
	return Number.isFinite(ms) ? ms : null;
}

/**
 * One Intl formatter per zone for both a clock time and the zone's short name (building one
 * costs far more than formatting with it, and a timeline's first entries may each be in a zone of
 * their own): in the browser's language, with Latin digits and a 00–23 hour (`hour12: false`
 * writes midnight as 24 in some engines).
 */
function clockFormat(zone: string): Intl.DateTimeFormat {
	return zoneFormat('clock', usable(zone), undefined, {
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		numberingSystem: 'latn',
		timeZoneName: 'short'
	});
}

/**
 * The clock time of `ms` in `zone` ('09:30'), as dayInZone by a formatter kept per zone: a
 * timeline shows one per entry again on each change, and date-fns-tz took ~0.8 ms a log there.
 */
export function timeInZone(ms: number, zone: string): string {
	let hour = '00';
	let minute = '00';
	for (const part of clockFormat(zone).formatToParts(ms)) {
		if (part.type === 'hour') hour = part.value;
		else if (part.type === 'minute') minute = part.value;
	}
	return `${hour}:${minute}`;
}

/**
 * The zone's short name at `ms` ('GMT+9', 'CET'), for a time shown in another zone, in the
 * browser's language, as date-fns-tz's 'zzz' (which builds a formatter per call: the busy
 * customer's timeline shows a dozen at once).
 */
export function zoneAbbreviation(ms: number, zone: string): string {
	const parts = clockFormat(zone).formatToParts(ms);
	for (let i = parts.length - 1; i >= 0; i--)
		if (parts[i].type === 'timeZoneName') return parts[i].value;
	return '';
}
