/**
 * The workspace currency and its exchange rates. A rate turns an amount in `from` into the
 * workspace currency (`to`) from the day `validFrom` on, until a later rate of the same currency
 * takes over: a deal uses the latest rate valid on its expected close date, so the forecast for
 * next quarter moves when the finance team enters next quarter's rate, and last year's won
 * deals keep last year's rate. A rate whose `to` is not the workspace currency (entered before
 * the currency changed) is not used.
 */

export const DEFAULT_WORKSPACE_CURRENCY = 'EUR';

export interface ExchangeRate {
	id: string;
	/** ISO 4217 code of the amounts it converts. */
	from: string;
	/** The workspace currency when it was entered. */
	to: string;
	/** Units of `to` per unit of `from` (> 0). */
	rate: number;
	/** The first day it applies, 'YYYY-MM-DD' (UTC). */
	validFrom: string;
}

const CODE = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isCurrencyCode(value: unknown): value is string {
	return typeof value === 'string' && CODE.test(value);
}

export function isDay(value: unknown): value is string {
	return typeof value === 'string' && DAY.test(value) && Number.isFinite(dayStart(value));
}

/** The day's first moment in UTC (ms); NaN for a day that does not exist. */
export function dayStart(day: string): number {
	const ms = Date.parse(`${day}T00:00:00Z`);
	return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(day) ? ms : NaN;
}

export function isRate(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e9;
}

/** Why a typed currency code cannot be used, or null. */
export function currencyProblem(text: string): string | null {
	return CODE.test(text.trim().toUpperCase())
		? null
		: `"${text}" is not a currency code: enter three letters, such as EUR or USD.`;
}

/** Why a typed rate cannot be used, or null. */
export function rateProblem(text: string): string | null {
	const n = Number(text.trim().replace(',', '.'));
	return text.trim() !== '' && isRate(n)
		? null
		: 'Enter the rate as a number above 0, such as 0.92.';
}

/** Why a typed rate (code, rate, day) cannot be saved for `workspaceCurrency`, or null. */
export function exchangeRateProblem(
	from: string,
	rate: string,
	validFrom: string,
	workspaceCurrency: string
): string | null {
	const code = from.trim().toUpperCase();
	return (
		currencyProblem(from) ??
		(code === workspaceCurrency ? `${code} is the workspace currency: it needs no rate.` : null) ??
		rateProblem(rate) ??
		(isDay(validFrom) ? null : 'Enter the day the rate applies from.')
	);
}

/**
 * The rates in force, indexed for the forecast's one pass: per currency, the days they start
 * (ms, ascending) and their rates; a lookup is a binary search.
 */
export class RateIndex {
	private readonly starts = new Map<string, number[]>();
	private readonly values = new Map<string, number[]>();

	constructor(
		readonly currency: string,
		rates: readonly ExchangeRate[]
	) {
		const usable = rates
			.filter((r) => r.to === currency && r.from !== currency && isRate(r.rate))
			.map((r) => ({ from: r.from, at: dayStart(r.validFrom), rate: r.rate, id: r.id }))
			.filter((r) => Number.isFinite(r.at))
			// Two rates from the same day: the one with the larger id, on every device.
			.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		for (const r of usable) {
			let s = this.starts.get(r.from);
			let v = this.values.get(r.from);
			if (!s || !v) {
				this.starts.set(r.from, (s = []));
				this.values.set(r.from, (v = []));
			}
			if (s.at(-1) === r.at) v[v.length - 1] = r.rate;
			else {
				s.push(r.at);
				v.push(r.rate);
			}
		}
	}

	/** Units of the workspace currency per unit of `from` at `at` (ms), or null: no rate yet. */
	rateAt(from: string, at: number): number | null {
		if (from === this.currency) return 1;
		const s = this.starts.get(from);
		if (!s) return null;
		let lo = 0;
		let hi = s.length; // the first start after `at`
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (s[mid] <= at) lo = mid + 1;
			else hi = mid;
		}
		return lo === 0 ? null : this.values.get(from)![lo - 1];
	}
}
