/**
 * Repeating tasks, as RFC 5545 recurrence rules (rrule does the calendar arithmetic: month
 * ends, leap years, weekdays). Days are calendar days ('2026-12-01'), handed to rrule as UTC
 * midnights so no zone shifts them.
 */
import * as rrule from 'rrule';
import { isDay } from './due';

// Node (the relay reads tasks for calendar feeds) loads rrule's UMD build, whose names only its
// default export holds; bundlers load its ES build, which has no default export.
const { RRule, Frequency } = (rrule as typeof rrule & { default?: typeof rrule }).default ?? rrule;
type Frequency = rrule.Frequency;

export const REPEAT_UNITS = ['day', 'week', 'month', 'year'] as const;
export type RepeatUnit = (typeof REPEAT_UNITS)[number];

const FREQ_OF: Record<RepeatUnit, Frequency> = {
	day: Frequency.DAILY,
	week: Frequency.WEEKLY,
	month: Frequency.MONTHLY,
	year: Frequency.YEARLY
};
const UNIT_OF = new Map<Frequency, RepeatUnit>(
	Object.entries(FREQ_OF).map(([unit, freq]) => [freq, unit as RepeatUnit])
);

/** The rule "every `every` `unit`s" ('FREQ=WEEKLY;INTERVAL=2'). */
export function repeatRule(every: number, unit: RepeatUnit): string {
	const interval = Math.max(1, Math.min(999, Math.round(every)));
	return RRule.optionsToString({ freq: FREQ_OF[unit], interval }).replace(/^RRULE:/, '');
}

/** A rule's count and unit, or null when it is not one this app writes or reads. */
export function repeatParts(rule: string): { every: number; unit: RepeatUnit } | null {
	try {
		const options = RRule.parseString(rule);
		const unit = options.freq === undefined ? undefined : UNIT_OF.get(options.freq);
		if (!unit) return null;
		const every = options.interval ?? 1;
		return Number.isInteger(every) && every >= 1 ? { every, unit } : null;
	} catch {
		return null;
	}
}

/** Whether a peer's stored rule is one the app can follow. */
export function isRepeatRule(raw: unknown): boolean {
	return typeof raw === 'string' && raw.length <= 200 && repeatParts(raw) !== null;
}

/** "every 2 weeks", "2 weeks after done", "every day". */
export function describeRepeat(rule: string, fromDone: boolean): string {
	const parts = repeatParts(rule);
	if (!parts) return '';
	const units = parts.every === 1 ? parts.unit : `${parts.every} ${parts.unit}s`;
	if (fromDone) return `${parts.every === 1 ? `1 ${parts.unit}` : units} after done`;
	return `every ${units}`;
}

function utcDay(day: string): Date {
	return new Date(`${day}T00:00:00Z`);
}

function dayOf(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/**
 * The due day of the task after this one, or null when the rule has ended (COUNT, UNTIL).
 * "After done": one interval after the day it was done. Otherwise the rule's next day after
 * the due day, skipping the days already gone by when it was done late (a weekly Monday task
 * done on Wednesday comes back next Monday, not yesterday's).
 */
export function nextDueDate(
	task: { dueDate: string | null; repeat: string | null; repeatFromDone: boolean },
	doneDay: string
): string | null {
	if (!task.repeat || !isDay(doneDay) || !isRepeatRule(task.repeat)) return null;
	const fromDone = task.repeatFromDone || task.dueDate === null;
	const start = fromDone ? doneDay : (task.dueDate as string);
	const options = RRule.parseString(task.repeat);
	const rule = new RRule({ ...options, dtstart: utcDay(start) });
	const after = fromDone || doneDay < start ? start : doneDay;
	const next = rule.after(utcDay(after), false);
	return next ? dayOf(next) : null;
}
