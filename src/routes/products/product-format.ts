/** How the product and order screens write money and read it back from a form. */
import { parseAmount } from '$lib/domain/coerce';

/** '2,400.5 EUR', or '' when there is no amount. */
export function moneyText(amount: number | null, currency: string): string {
	return amount === null ? '' : `${amount.toLocaleString('en')} ${currency}`;
}

/** A typed amount of 0 or more ('1 200,50'), or null when it is not one. */
export function typedAmount(v: string): number | null {
	return parseAmount(v.trim());
}

/** A typed service interval: a whole number of months from 1 to 600, or null. */
export function typedMonths(v: string): number | null {
	const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
	return n >= 1 && n <= 600 ? n : null;
}
