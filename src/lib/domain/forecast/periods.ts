/**
 * Forecast and goal periods: a month ('2026-12') or a quarter ('2026-Q4'), in UTC as the deals'
 * close dates are (a close date is a day).
 */

export type PeriodKind = 'month' | 'quarter';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isPeriod(value: unknown): value is string {
	return typeof value === 'string' && (MONTH.test(value) || QUARTER.test(value));
}

export function periodKind(period: string): PeriodKind {
	return QUARTER.test(period) ? 'quarter' : 'month';
}

const DAY = 86_400_000;
/** Month index by day number: the forecast's loop makes no Date per deal. */
const monthByDay = new Map<number, number>();
/** One string per month index, built once. */
const monthNames: string[] = [];
const quarterNames: string[] = [];

/** Months since January 1970 (UTC) of the moment `ms`. */
export function monthIndex(ms: number): number {
	const day = Math.floor(ms / DAY);
	let i = monthByDay.get(day);
	if (i === undefined) {
		const d = new Date(day * DAY);
		monthByDay.set(day, (i = (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth()));
	}
	return i;
}

/** The month of a month index: '2026-12'. */
export function monthName(i: number): string {
	const year = 1970 + Math.floor(i / 12);
	return (monthNames[i] ??= `${year}-${String(i - (year - 1970) * 12 + 1).padStart(2, '0')}`);
}

/** The quarter of a month index: '2026-Q4'. */
export function quarterName(i: number): string {
	const year = 1970 + Math.floor(i / 12);
	return (quarterNames[i] ??= `${year}-Q${Math.floor((i - (year - 1970) * 12) / 3) + 1}`);
}

/** The month of `ms`: '2026-12'. */
export function monthKey(ms: number): string {
	return monthName(monthIndex(ms));
}

/** The quarter of `ms`: '2026-Q4'. */
export function quarterKey(ms: number): string {
	return quarterName(monthIndex(ms));
}

/** The quarter a month falls in. */
export function quarterOfMonth(month: string): string {
	const m = MONTH.exec(month);
	return m ? `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}` : month;
}

/** The period's first moment and the next period's, in UTC ms. */
export function periodBounds(period: string): [start: number, end: number] {
	const m = MONTH.exec(period);
	if (m) {
		const y = Number(m[1]);
		const mo = Number(m[2]) - 1;
		return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1)];
	}
	const q = QUARTER.exec(period);
	if (!q) return [NaN, NaN];
	const y = Number(q[1]);
	const first = (Number(q[2]) - 1) * 3;
	return [Date.UTC(y, first, 1), Date.UTC(y, first + 3, 1)];
}

/** The months of a period, in order ('2026-Q4' → '2026-10', '2026-11', '2026-12'). */
export function monthsOf(period: string): string[] {
	if (periodKind(period) === 'month') return [period];
	const [start] = periodBounds(period);
	if (!Number.isFinite(start)) return [];
	return [0, 1, 2].map((i) =>
		monthKey(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() + i, 1))
	);
}

/** How much of the period has passed at `now`, 0–1. */
export function elapsedShare(period: string, now: number): number {
	const [start, end] = periodBounds(period);
	if (!(end > start)) return 0;
	return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

/** The period holding `now`, of the kind asked. */
export function currentPeriod(kind: PeriodKind, now: number): string {
	return kind === 'month' ? monthKey(now) : quarterKey(now);
}

/** A period as people read it: 'December 2026', 'Q4 2026'. */
/** One formatter for every label (toLocaleDateString builds one per call). */
const MONTH_LABEL = new Intl.DateTimeFormat('en', {
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});

export function periodLabel(period: string): string {
	const q = QUARTER.exec(period);
	if (q) return `Q${q[2]} ${q[1]}`;
	const [start] = periodBounds(period);
	if (!Number.isFinite(start)) return period;
	return MONTH_LABEL.format(start);
}
