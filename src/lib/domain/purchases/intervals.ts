/**
 * The rhythm of a customer's orders: the usual interval (the median of the gaps between
 * consecutive orders, so one long pause does not move it as a mean would), when the next order
 * is due, how far past that they are, and the churn risk that follows.
 */
import type { ChurnRisk } from './profile';

export const DAY_MS = 86_400_000;

/** The median of the gaps between consecutive times, in whole days; null below two orders or
 * when the median gap is under half a day (orders placed together have no rhythm). */
export function usualIntervalDays(times: readonly number[]): number | null {
	if (times.length < 2) return null;
	const sorted = Float64Array.from(times).sort();
	const gaps = new Float64Array(sorted.length - 1);
	for (let i = 1; i < sorted.length; i++) gaps[i - 1] = (sorted[i] - sorted[i - 1]) / DAY_MS;
	gaps.sort();
	const mid = gaps.length >> 1;
	const median = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
	const days = Math.round(median);
	return days >= 1 ? days : null;
}

/** Whole days from `from` to `to` (0 when `to` is earlier). */
export function wholeDays(from: number, to: number): number {
	return Math.max(0, Math.floor((to - from) / DAY_MS));
}

export interface Rhythm {
	usualIntervalDays: number | null;
	nextOrderDueAt: number | null;
	daysOverdue: number | null;
}

export function rhythmOf(times: readonly number[], lastOrderAt: number, now: number): Rhythm {
	return rhythmAt(usualIntervalDays(times), lastOrderAt, now);
}

/** The rhythm from a usual interval already known (kept per customer between computations). */
export function rhythmAt(interval: number | null, lastOrderAt: number, now: number): Rhythm {
	if (interval === null)
		return { usualIntervalDays: null, nextOrderDueAt: null, daysOverdue: null };
	const due = lastOrderAt + interval * DAY_MS;
	return { usualIntervalDays: interval, nextOrderDueAt: due, daysOverdue: wholeDays(due, now) };
}

/**
 * Low while the next order is not overdue, medium when overdue by less than one usual interval,
 * high beyond. Without a rhythm (one order), from the recency score: R 4–5 low, 3 medium, else high.
 */
export function churnRisk(rhythm: Rhythm, recencyScore: number): ChurnRisk {
	if (rhythm.usualIntervalDays === null || rhythm.daysOverdue === null)
		return recencyScore >= 4 ? 'low' : recencyScore === 3 ? 'medium' : 'high';
	if (rhythm.daysOverdue === 0) return 'low';
	return rhythm.daysOverdue < rhythm.usualIntervalDays ? 'medium' : 'high';
}
