/**
 * When a task is due, read the way people plan: a calendar day ('2026-12-01'), optionally a
 * clock time on it ('09:30') in the zone it was set in. A day without a time is due all that
 * day wherever the reader is (it floats, as all-day events do in calendars); a timed task is
 * due at one instant, shown in each reader's own clock.
 */
import { fromZonedTime } from 'date-fns-tz/fromZonedTime';
import { isTimeZone, localTimeZone } from '../time-zones';
import { dayInZone } from '../zoned-day';

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether `s` is a real calendar day ('2026-02-30' is not). */
export function isDay(s: unknown): s is string {
	if (typeof s !== 'string' || !DAY_PATTERN.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return d.toISOString().slice(0, 10) === s;
}

export function isClockTime(s: unknown): s is string {
	return typeof s === 'string' && TIME_PATTERN.test(s);
}

/**
 * Offsets by zone and day: 100k tasks fall on a few thousand days, and date-fns-tz's zone
 * arithmetic is the costly part of building their rows.
 */
const instants = new Map<string, number>();

/**
 * The instant a timed task is due: `time` on `day` in `zone` (the reader's zone when the task
 * has none). A time the clocks skip (02:30 on a spring-forward night) takes the offset after the
 * jump (date-fns-tz): 02:30+02:00, the instant the clocks still show as 01:30 (as zoned-time.ts).
 */
export function dueInstant(day: string, time: string, zone: string): number {
	const name = zone && isTimeZone(zone) ? zone : localTimeZone();
	const key = `${name}|${day}|${time}`;
	let ms = instants.get(key);
	if (ms === undefined) {
		ms = fromZonedTime(`${day}T${time}:00`, name).getTime();
		if (instants.size > 50_000) instants.clear();
		instants.set(key, ms);
	}
	return ms;
}

export type DueBucket = 'overdue' | 'today' | 'upcoming' | 'none';

export interface Due {
	dueDate: string | null;
	dueTime: string | null;
	/** The instant of a timed task (dueInstant), null for an all-day one or none. */
	dueAt: number | null;
}

/**
 * Where an open task stands for a reader in `zone` whose day is `today` (todayOf(now, zone)):
 * a timed task is overdue from its instant and today's when that instant falls on the reader's
 * today; an all-day one is overdue from the day after.
 */
export function dueBucket(
	task: Due,
	now: number,
	today: string,
	zone = localTimeZone()
): DueBucket {
	if (task.dueDate === null) return 'none';
	if (task.dueAt !== null) {
		if (task.dueAt < now) return 'overdue';
		return dayInZone(task.dueAt, zone) <= today ? 'today' : 'upcoming';
	}
	if (task.dueDate < today) return 'overdue';
	return task.dueDate === today ? 'today' : 'upcoming';
}

/** The reader's calendar day at `now`. */
export function todayOf(now: number, zone = localTimeZone()): string {
	return dayInZone(now, zone);
}

/**
 * A sort key putting tasks in due order: day, then time (an all-day task after the day's
 * timed ones), tasks without a date last.
 */
export function dueSortKey(task: Pick<Due, 'dueDate' | 'dueTime'>): string {
	if (task.dueDate === null) return '~';
	return `${task.dueDate} ${task.dueTime ?? '~'}`;
}

/** The day `days` after `day` (calendar arithmetic, no zone involved). */
export function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
