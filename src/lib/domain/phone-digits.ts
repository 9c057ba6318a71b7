/**
 * The digits phone numbers are searched by, written by hand: search (on every list) needs only
 * these, and libphonenumber-js (~100 kB, phone.ts) then loads only with a record's page that
 * shows and links numbers, not with the first screen of a list.
 */
import { digitsOnly } from './fold';

// "+44 (0)20": the trunk zero shown for callers within the country, not dialled from abroad.
const TRUNK_IN_PARENS = /\(\s*0\s*\)/g;

/**
 * The digits a number is found by: for an international number ("+…" or "00…") its E.164
 * digits, as libphonenumber-js gives them ("+44 (0)20 7946 0000" → "442079460000"), else its
 * digits. Written by hand because it runs for every phone of every row of a 100k list: parsing
 * with libphonenumber-js costs ~57 µs a number here (5.8 s per 100k); search.test.ts checks the
 * two agree.
 */
export function phoneSearchDigits(value: string): string {
	const t = value.trim();
	if (t.startsWith('+')) return digitsOnly(t.replace(TRUNK_IN_PARENS, ''));
	const d = digitsOnly(t);
	return d.startsWith('00') ? d.slice(2) : d;
}

/** A query typed as a phone number: only digits, spaces and + ( ) . - / with enough digits. */
const PHONE_QUERY = /^[\s\d+().\-/]+$/;
const MIN_PHONE_DIGITS = 6;

/**
 * The digits to look for when a whole query is a phone number, else null. Leading zeros go
 * (the "00" international prefix, the national trunk "0"): what stays is found inside the
 * stored number's E.164 digits, however it was typed ("0048 22 555 01 01", "+48225550101" and
 * "22 555 0101" all find "+48 22 555 0101"). A date ("2026-12-01") is not a phone query.
 */
export function phoneQueryDigits(query: string): string | null {
	const q = query.trim();
	if (!PHONE_QUERY.test(q)) return null;
	const isAllDigits = /^\d+$/.test(q);
	if (!isAllDigits && !/[\s+(]/.test(q) && !q.startsWith('0')) return null;
	const d = digitsOnly(q.replace(TRUNK_IN_PARENS, ''));
	if (d.length < MIN_PHONE_DIGITS) return null;
	return d.replace(/^0+/, '');
}
