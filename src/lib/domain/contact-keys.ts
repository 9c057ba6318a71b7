/** Identity keys for contact details: two values with one key are the same address. */
import { digitsOnly } from './fold';

/** Email key: trimmed, lower case. */
export function emailKey(email: string): string {
	return email.trim().toLowerCase();
}

/**
 * Phone key: the last 9 digits, so "+33 6 12 34 56 78" and "06 12 34 56 78" agree. Shorter
 * numbers compare whole (from 6 digits); anything shorter is not a phone number to match.
 */
export function phoneKey(phone: string): string {
	const d = digitsOnly(phone);
	if (d.length >= 9) return d.slice(-9);
	return d.length >= 6 ? `s${d}` : '';
}
