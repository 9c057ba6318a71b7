/**
 * Coercers the product and the order share, in the style of ../coerce.ts: each turns whatever
 * a peer stored into a value the screens can show, and notes what it changed as one issue.
 */
import type { Issues } from '../coerce';
import { describeRaw } from '../describe-raw';

export const DEFAULT_CURRENCY = 'EUR';

const CURRENCY = /^[A-Z]{3}$/;

/** An ISO 4217 code ('EUR'); lower case is forgiven with an issue, nothing is the default. */
export function currencyCode(raw: unknown, label: string, issues: Issues): string {
	if (typeof raw === 'string' && CURRENCY.test(raw)) return raw;
	if (raw === undefined || raw === null || raw === '') return DEFAULT_CURRENCY;
	const upper = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
	const shown = CURRENCY.test(upper) ? upper : DEFAULT_CURRENCY;
	issues.push({
		field: 'currency',
		message: `${label}: expected a three-letter code, found ${describeRaw(raw)}; showing "${shown}".`,
		raw
	});
	return shown;
}

/** Service intervals end somewhere: 50 years is no interval anyone plans by. */
export const MAX_INTERVAL_MONTHS = 600;

/** Whether `n` is a service interval: a whole number of months from 1 to 600. */
export function isIntervalMonths(n: unknown): n is number {
	return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_INTERVAL_MONTHS;
}

/** A service interval in months, or null for none; '12' stored as text is read, with an issue. */
export function intervalMonths(
	raw: unknown,
	field: string,
	label: string,
	issues: Issues
): number | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (isIntervalMonths(raw)) return raw;
	const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
	const shown = isIntervalMonths(n) ? n : null;
	issues.push({
		field,
		message: `${label}: expected a whole number of months from 1 to ${MAX_INTERVAL_MONTHS}, found ${describeRaw(raw)}; ${shown === null ? 'showing none' : `showing ${shown}`}.`,
		raw
	});
	return shown;
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

/** Yes or no; missing is `missing`, a peer's 'yes'/'no' or 1/0 is read with an issue. */
export function yesNo(
	raw: unknown,
	missing: boolean,
	field: string,
	label: string,
	issues: Issues
): boolean {
	if (typeof raw === 'boolean') return raw;
	if (raw === undefined || raw === null) return missing;
	const word = String(raw).trim().toLowerCase();
	const value = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : missing;
	issues.push({
		field,
		message: `${label}: expected yes or no, found ${describeRaw(raw)}; showing ${value ? 'yes' : 'no'}.`,
		raw
	});
	return value;
}
