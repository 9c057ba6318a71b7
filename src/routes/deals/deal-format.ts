/** How the deal screens write amounts and close dates, and read them back from a form. */
import type { DealRow } from '$lib/domain/record-types';

/** One number format for every amount (toLocaleString builds one per call: 240 cards). */
const NUMBER = new Intl.NumberFormat('en');

/** '12,000 EUR', or '' when the amount is not known. */
export function amountText(d: Pick<DealRow, 'amount' | 'currency'>): string {
	return d.amount === null ? '' : `${NUMBER.format(d.amount)} ${d.currency}`;
}

/** A moment as the day it falls on, in UTC ('2026-03-31'); '' for none. */
export function dayText(ms: number | null): string {
	return ms === null ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** A 'YYYY-MM-DD' day as its first moment in UTC; null for ''. */
export function dayMoment(day: string): number | null {
	const ms = day ? Date.parse(`${day}T00:00:00Z`) : NaN;
	return Number.isFinite(ms) ? ms : null;
}

/** A column's totals, one per currency: '12,000 EUR + 3,500 USD'; '' when none is known. */
export function totalsText(totals: readonly { currency: string; amount: number }[]): string {
	return totals.map((t) => `${NUMBER.format(t.amount)} ${t.currency}`).join(' + ');
}
