import { describe, expect, it } from 'vitest';
import { parseCurrency, parseShopAmount, parseShopDate, shopStatus } from './shop-values';

const iso = (raw: string) => {
	const d = parseShopDate(raw);
	return d && { at: new Date(d.at).toISOString(), local: d.local };
};

describe('parseShopDate', () => {
	it('reads offsets in every spelling', () => {
		expect(iso('2026-11-03 14:12:09 +0100')).toEqual({
			at: '2026-11-03T13:12:09.000Z',
			local: false
		});
		expect(iso('2026-11-03T14:12:09-05:30')).toEqual({
			at: '2026-11-03T19:42:09.000Z',
			local: false
		});
		expect(iso('2026-11-03T14:12:09Z')).toEqual({ at: '2026-11-03T14:12:09.000Z', local: false });
		expect(iso('2026-11-03 14:12 UTC')).toEqual({ at: '2026-11-03T14:12:00.000Z', local: false });
	});

	it('reads dates without an offset as UTC, and says so', () => {
		expect(iso('2026-11-03')).toEqual({ at: '2026-11-03T00:00:00.000Z', local: true });
		expect(iso('03.11.2026 08:30')).toEqual({ at: '2026-11-03T08:30:00.000Z', local: true });
		expect(iso('3/11/2026')).toEqual({ at: '2026-11-03T00:00:00.000Z', local: true });
	});

	it('refuses what is no date', () => {
		for (const bad of ['', 'yesterday', '2026-02-30', '2026-13-01', '2026-11-03 25:00', '11/3/26'])
			expect(parseShopDate(bad)).toBeNull();
	});
});

describe('parseShopAmount', () => {
	it('reads either decimal mark, thousands and currency signs', () => {
		expect(parseShopAmount('1234.50')).toBe(1234.5);
		expect(parseShopAmount('1.234,50')).toBe(1234.5);
		expect(parseShopAmount('1,234.50')).toBe(1234.5);
		expect(parseShopAmount('12,5')).toBe(12.5);
		expect(parseShopAmount('€ 12,50')).toBe(12.5);
		expect(parseShopAmount('12.50 EUR')).toBe(12.5);
		expect(parseShopAmount('$9.99')).toBe(9.99);
		expect(parseShopAmount('-3.00')).toBe(-3);
	});

	it('refuses what is no amount', () => {
		for (const bad of ['', 'abc', '12a', '—']) expect(parseShopAmount(bad)).toBeNull();
	});
});

describe('parseCurrency', () => {
	it('takes three letters in any case', () => {
		expect(parseCurrency(' eur ')).toBe('EUR');
		expect(parseCurrency('EURO')).toBeNull();
		expect(parseCurrency('€')).toBeNull();
	});
});

describe('shopStatus', () => {
	it('maps WooCommerce statuses, with or without wc-', () => {
		const woo = (s: string) => shopStatus('woocommerce', { status: s });
		expect(woo('wc-completed')).toBe('completed');
		expect(woo('processing')).toBe('paid');
		expect(woo('wc-on-hold')).toBe('pending');
		expect(woo('On hold')).toBe('pending');
		expect(woo('wc-pending')).toBe('pending');
		expect(woo('wc-cancelled')).toBe('cancelled');
		expect(woo('wc-failed')).toBe('cancelled');
		expect(woo('Refunded')).toBe('refunded');
		expect(woo('')).toBe('pending');
		expect(woo('lost-in-space')).toBeNull();
	});

	it('maps Shopify financial status, refined by fulfillment and cancellation', () => {
		const s = (status: string, fulfillment = '', cancelledAt = '') =>
			shopStatus('shopify', { status, fulfillment, cancelledAt });
		expect(s('paid', 'fulfilled')).toBe('completed');
		expect(s('paid', 'unfulfilled')).toBe('paid');
		expect(s('paid', 'partial')).toBe('shipped');
		expect(s('pending', 'fulfilled')).toBe('shipped');
		expect(s('authorized')).toBe('pending');
		expect(s('partially_paid')).toBe('pending');
		expect(s('partially_refunded', 'fulfilled')).toBe('completed');
		expect(s('refunded', 'fulfilled')).toBe('refunded');
		expect(s('voided')).toBe('cancelled');
		expect(s('paid', 'fulfilled', '2026-11-04 10:00:00 +0100')).toBe('cancelled');
		expect(s('teleported')).toBeNull();
	});
});
