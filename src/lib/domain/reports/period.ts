/**
 * A dashboard's period as people pick it (this month, this quarter, this year, the last 12
 * months, or two days) made into ms edges at midnight in the user's time zone, and the
 * comparison period before it. A month ends at the zone's midnight, not UTC's: a deal won at
 * 23:30 on 31 January in Berlin is January's. date-fns-tz does the zone arithmetic.
 */
import { formatInTimeZone } from 'date-fns-tz/formatInTimeZone';
import { fromZonedTime } from 'date-fns-tz/fromZonedTime';
import { isDay, type PeriodChoice } from './period-choice';
import type { Span } from './report';

export {
	isPeriodChoice,
	PERIOD_PRESETS,
	PRESET_LABELS,
	type PeriodChoice,
	type PeriodPreset
} from './period-choice';

/** Why two typed days cannot be a period, or null. */
export function periodProblem(from: string, to: string): string | null {
	if (!isDay(from)) return 'Enter the first day of the period.';
	if (!isDay(to)) return 'Enter the last day of the period.';
	return from <= to ? null : 'The last day comes before the first: swap them.';
}

/** Midnight in `zone` starting the month `month` (0-based, may overflow) of `year`. */
export function zonedMonthStart(year: number, month: number, zone: string): number {
	const d = new Date(Date.UTC(year, month, 1));
	return zonedDayStart(d.toISOString().slice(0, 10), zone);
}

/** Midnight in `zone` starting the day 'YYYY-MM-DD'. */
export function zonedDayStart(day: string, zone: string): number {
	return fromZonedTime(`${day}T00:00:00`, zone).getTime();
}

/** The zone's calendar year, month (0-based) and day of `ms`. */
export function zonedDate(ms: number, zone: string): { year: number; month: number; day: number } {
	const [y, m, d] = formatInTimeZone(ms, zone, 'yyyy-MM-dd').split('-').map(Number);
	return { year: y, month: m - 1, day: d };
}

/** The day after 'YYYY-MM-DD'. */
function nextDay(day: string): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The period's [from, to) at `now` in `zone`. */
export function resolvePeriod(choice: PeriodChoice, now: number, zone: string): Span {
	if (typeof choice === 'object') {
		return { from: zonedDayStart(choice.from, zone), to: zonedDayStart(nextDay(choice.to), zone) };
	}
	const { year, month } = zonedDate(now, zone);
	switch (choice) {
		case 'this-month':
			return {
				from: zonedMonthStart(year, month, zone),
				to: zonedMonthStart(year, month + 1, zone)
			};
		case 'this-quarter': {
			const first = month - (month % 3);
			return {
				from: zonedMonthStart(year, first, zone),
				to: zonedMonthStart(year, first + 3, zone)
			};
		}
		case 'this-year':
			return { from: zonedMonthStart(year, 0, zone), to: zonedMonthStart(year + 1, 0, zone) };
		case 'last-12-months':
			return {
				from: zonedMonthStart(year, month - 11, zone),
				to: zonedMonthStart(year, month + 1, zone)
			};
	}
}

/**
 * The period before, as long: whole months (edges at the zone's month starts) step back by as
 * many months (March → February, a quarter → the quarter before); other spans by as many days.
 */
export function previousPeriod(span: Span, zone: string): Span {
	const a = zonedDate(span.from, zone);
	const b = zonedDate(span.to, zone);
	const wholeMonths =
		a.day === 1 &&
		b.day === 1 &&
		zonedMonthStart(a.year, a.month, zone) === span.from &&
		zonedMonthStart(b.year, b.month, zone) === span.to;
	if (wholeMonths) {
		const months = (b.year - a.year) * 12 + (b.month - a.month);
		return { from: zonedMonthStart(a.year, a.month - months, zone), to: span.from };
	}
	const fromDay = formatInTimeZone(span.from, zone, 'yyyy-MM-dd');
	const toDay = formatInTimeZone(span.to, zone, 'yyyy-MM-dd');
	const days = Math.round((Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000);
	const start = new Date(Date.parse(fromDay) - days * 86_400_000).toISOString().slice(0, 10);
	return { from: zonedDayStart(start, zone), to: span.from };
}

/** A bucket of a period: a month or a week, [from, to) in ms. */
export interface Bucket extends Span {
	/** '2026-12' for a month, '2026-12-07' (its Monday) for a week. */
	key: string;
	label: string;
}

const monthLabels = new Map<string, Intl.DateTimeFormat>();

function monthLabel(ms: number, zone: string): string {
	let f = monthLabels.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: zone });
		monthLabels.set(zone, f);
	}
	return f.format(ms);
}

/** The months the span touches, cut at the zone's month starts (the first and last clipped). */
export function monthsIn(span: Span, zone: string): Bucket[] {
	const out: Bucket[] = [];
	if (!(span.to > span.from)) return out;
	const { year, month } = zonedDate(span.from, zone);
	for (let i = 0; ; i++) {
		const from = zonedMonthStart(year, month + i, zone);
		if (from >= span.to) break;
		const to = zonedMonthStart(year, month + i + 1, zone);
		const d = new Date(Date.UTC(year, month + i, 1));
		out.push({
			key: d.toISOString().slice(0, 7),
			label: monthLabel(Math.max(from, span.from), zone),
			from: Math.max(from, span.from),
			to: Math.min(to, span.to)
		});
	}
	return out;
}

/** The weeks (Monday to Sunday in the zone) the span touches, the first and last clipped. */
export function weeksIn(span: Span, zone: string): Bucket[] {
	const out: Bucket[] = [];
	if (!(span.to > span.from)) return out;
	const first = formatInTimeZone(span.from, zone, 'yyyy-MM-dd');
	const weekday = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
	let monday = Date.parse(`${first}T00:00:00Z`) - weekday * 86_400_000;
	for (;;) {
		const day = new Date(monday).toISOString().slice(0, 10);
		const from = zonedDayStart(day, zone);
		if (from >= span.to) break;
		const next = new Date(monday + 7 * 86_400_000).toISOString().slice(0, 10);
		const to = zonedDayStart(next, zone);
		out.push({
			key: day,
			label: `Week of ${day}`,
			from: Math.max(from, span.from),
			to: Math.min(to, span.to)
		});
		monday += 7 * 86_400_000;
	}
	return out;
}

/** The index of the bucket holding `ms` (buckets in order, as monthsIn/weeksIn give), or -1. */
export function bucketIndex(buckets: readonly Span[], ms: number): number {
	let lo = 0;
	let hi = buckets.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (ms < buckets[mid].from) hi = mid - 1;
		else if (ms >= buckets[mid].to) lo = mid + 1;
		else return mid;
	}
	return -1;
}

/** True when `ms` falls in the span. */
export function within(span: Span, ms: number | null): ms is number {
	return ms !== null && ms >= span.from && ms < span.to;
}
