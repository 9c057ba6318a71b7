/**
 * How the workspace currency and rates are kept in the core document's `meta` map: the currency
 * under one key, each rate under its own (`rate:<id>`, the whole rate as one value), so two
 * people adding rates at once both keep theirs and an edit of one rate replaces it whole (the
 * later write wins). Values a buggy peer stored are left out, never breaking the forecast.
 */
import {
	DEFAULT_WORKSPACE_CURRENCY,
	isCurrencyCode,
	isDay,
	isRate,
	type ExchangeRate
} from './rates';

export const CURRENCY_KEY = 'currency';
export const RATE_PREFIX = 'rate:';

export function rateKey(id: string): string {
	return `${RATE_PREFIX}${id}`;
}

export function readCurrency(value: unknown): string {
	return isCurrencyCode(value) ? value : DEFAULT_WORKSPACE_CURRENCY;
}

/** The rates among the stored entries, by day then currency. */
export function readRates(entries: Iterable<[string, unknown]>): ExchangeRate[] {
	const out: ExchangeRate[] = [];
	for (const [key, value] of entries) {
		if (!key.startsWith(RATE_PREFIX) || typeof value !== 'object' || value === null) continue;
		const v = value as Record<string, unknown>;
		if (isCurrencyCode(v.from) && isCurrencyCode(v.to) && isRate(v.rate) && isDay(v.validFrom))
			out.push({
				id: key.slice(RATE_PREFIX.length),
				from: v.from,
				to: v.to,
				rate: v.rate,
				validFrom: v.validFrom
			});
	}
	return out.sort(
		(a, b) =>
			a.validFrom.localeCompare(b.validFrom) ||
			a.from.localeCompare(b.from) ||
			(a.id < b.id ? -1 : 1)
	);
}
