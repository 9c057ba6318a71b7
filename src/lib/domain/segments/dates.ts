/**
 * Day arithmetic for date conditions. Custom dates are stored as 'YYYY-MM-DD' days; updatedAt is
 * a moment (ms). A day condition on a moment asks in which calendar day it fell, which depends
 * on the time zone: the device's own ('local', what people see) or UTC (tests, servers).
 */
import { normalizeIsoDate } from '../custom-fields';

export type TimeZone = 'local' | 'utc';

export const DAY_MS = 86_400_000;

/** A real calendar day written 'YYYY-MM-DD'; checked without allocating for such values. */
export function isIsoDay(v: unknown): v is string {
	return typeof v === 'string' && normalizeIsoDate(v) === v;
}

function parts(iso: string): [number, number, number] {
	return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

/**
 * The moment a day starts in the time zone, or the day `plusDays` later (calendar days, so a
 * local day of 23 or 25 hours counts as one). setFullYear takes years 0–99 literally.
 */
export function dayStart(iso: string, tz: TimeZone, plusDays = 0): number {
	const [y, m, d] = parts(iso);
	const date = new Date(0);
	if (tz === 'utc') {
		date.setUTCFullYear(y, m - 1, d + plusDays);
		return date.getTime();
	}
	date.setFullYear(y, m - 1, d + plusDays);
	date.setHours(0, 0, 0, 0);
	return date.getTime();
}

/** The day a moment falls in, in the time zone. */
export function dayOf(ms: number, tz: TimeZone): string {
	const date = new Date(ms);
	if (tz === 'utc') {
		return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
	}
	return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

/** The day n calendar days later (earlier when n < 0). */
export function addDays(iso: string, n: number): string {
	return dayOf(dayStart(iso, 'utc', n), 'utc');
}
