/**
 * The values of a shop's order export as the order stores them: dates with their UTC offsets,
 * amounts with either decimal mark, currencies, and each shop's statuses as ORDER_STATUSES.
 */
import { parseNumber } from '../import/values';
import type { OrderStatus } from '../record-types/order';
import type { ShopFormat } from './shop-formats';

const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;
const DAY_FIRST = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A shop's date as ms since the epoch: "2026-11-03 14:12:09 +0100" (Shopify), "2026-11-03
 * 14:12" or "2026-11-03T14:12:09+01:00" (WooCommerce), "03.11.2026" or "03/11/2026" (day
 * first). Without an offset the time is read as UTC (`local: true`). Null when unreadable.
 */
export function parseShopDate(raw: string): { at: number; local: boolean } | null {
	const v = raw.trim();
	let m = ISO.exec(v);
	let y: number, mo: number, d: number, h: number, mi: number, s: number;
	let offset: string | undefined;
	if (m) {
		[y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
		offset = m[7];
	} else if ((m = DAY_FIRST.exec(v))) {
		[d, mo, y, h, mi, s] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
	} else return null;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
	const utc = Date.UTC(y, mo - 1, d, h, mi, s);
	// 31 February rolls over in Date.UTC: refuse it rather than read another day.
	if (new Date(utc).getUTCDate() !== d) return null;
	if (!offset || /^(z|utc)$/i.test(offset)) return { at: utc, local: !offset };
	const sign = offset[0] === '-' ? -1 : 1;
	const digits = offset.slice(1).replace(':', '');
	const minutes = +digits.slice(0, 2) * 60 + +digits.slice(2);
	return { at: utc - sign * minutes * 60_000, local: false };
}

/**
 * An amount as a shop writes it: "1234.50", "1.234,50", "€12,50", "12.50 EUR"; null when
 * unreadable. Negative amounts are kept (the caller says whether they make sense).
 */
export function parseShopAmount(raw: string): number | null {
	const v = raw
		.trim()
		.replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$/g, '')
		.replace(/[€$£¥]|zł|CHF|kr/gi, '')
		.trim();
	if (v === '') return null;
	return parseNumber(v);
}

const CURRENCY = /^[A-Z]{3}$/;

/** An ISO 4217 code from a cell ('eur' → 'EUR'), or null when it is none. */
export function parseCurrency(raw: string): string | null {
	const v = raw.trim().toUpperCase();
	return CURRENCY.test(v) ? v : null;
}

const WOO: Record<string, OrderStatus> = {
	pending: 'pending',
	pendingpayment: 'pending',
	onhold: 'pending',
	checkoutdraft: 'pending',
	processing: 'paid',
	completed: 'completed',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	failed: 'cancelled',
	refunded: 'refunded'
};

/** Shopify's financial statuses; the fulfillment status and cancellation refine them. */
const SHOPIFY: Record<string, OrderStatus> = {
	pending: 'pending',
	authorized: 'pending',
	partiallypaid: 'pending',
	paid: 'paid',
	partiallyrefunded: 'paid',
	refunded: 'refunded',
	voided: 'cancelled'
};

const word = (v: string) =>
	v
		.toLowerCase()
		.replace(/^wc-/, '')
		.replace(/[^a-z]/g, '');

export interface ShopStatusInput {
	status: string;
	fulfillment?: string;
	cancelledAt?: string;
}

/**
 * The order's status from a shop's: WooCommerce's wc-completed, processing, on-hold, …;
 * Shopify's financial status, shipped once fulfilled (completed when also paid), cancelled
 * when it has a cancellation date. Null when the word is no status the shop has.
 */
export function shopStatus(format: ShopFormat, input: ShopStatusInput): OrderStatus | null {
	const status = word(input.status);
	if (format === 'woocommerce') return status === '' ? 'pending' : (WOO[status] ?? null);
	if (input.cancelledAt?.trim()) return 'cancelled';
	const financial = status === '' ? 'pending' : SHOPIFY[status];
	if (!financial) return null;
	const fulfillment = word(input.fulfillment ?? '');
	if (financial === 'refunded' || financial === 'cancelled') return financial;
	if (fulfillment === 'fulfilled') return financial === 'paid' ? 'completed' : 'shipped';
	if (fulfillment === 'partial') return 'shipped';
	return financial;
}
