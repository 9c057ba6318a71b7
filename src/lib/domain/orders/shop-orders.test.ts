import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../import/csv';
import { decodeText } from '../import/decode';
import { orderTotal } from './lines';
import { detectShopFormat } from './shop-formats';
import { readShopOrders } from './shop-orders';

/** A fixture read the way the import reads it: decoded (BOM and all), then parsed. */
function read(name: string) {
	const decoded = decodeText(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
	if ('error' in decoded) throw new Error(decoded.error);
	const csv = parseCsv(decoded.text);
	if ('error' in csv) throw new Error(csv.error);
	const shop = detectShopFormat(csv.headers);
	if (!shop) throw new Error(`${name} was not recognised`);
	return { csv, shop, read: readShopOrders(csv.rows, shop.format, shop.columns) };
}

function fromText(text: string) {
	const csv = parseCsv(text);
	if ('error' in csv) throw new Error(csv.error);
	const shop = detectShopFormat(csv.headers);
	if (!shop) throw new Error('not recognised');
	return readShopOrders(csv.rows, shop.format, shop.columns);
}

describe("Shopify's order export", () => {
	const { shop, read: r } = read('shopify-orders.csv');

	it('is recognised by its headers', () => expect(shop.format).toBe('shopify'));

	it('groups its rows (one per line item) into orders by number', () => {
		expect(r.orders.map((o) => o.number)).toEqual(['#1001', '#1002', '#1003', '#1004']);
		expect(r.orders.map((o) => o.lines.length)).toEqual([2, 2, 1, 2]);
		expect(r.lineCount).toBe(7);
		expect(r.orders[0].rows).toEqual([0, 1]);
		expect(r.problems).toEqual([]);
		expect(r.notes).toEqual([]);
	});

	it('reads dates with their offsets, amounts, currencies and quoted fields with commas', () => {
		const [a, b] = r.orders;
		expect(new Date(a.orderedAt).toISOString()).toBe('2026-11-03T13:12:09.000Z');
		expect(new Date(b.orderedAt).toISOString()).toBe('2026-11-10T13:05:40.000Z');
		expect(a.currency).toBe('EUR');
		expect(b.currency).toBe('USD');
		expect(a.lines[0]).toEqual({
			sku: 'COF-DARK-1KG',
			name: 'Coffee, dark roast (1 kg)',
			category: '',
			quantity: 2,
			price: 18.5,
			discount: 0
		});
		expect(a.lines[1].name).toBe('Espresso cups "Milano", set of 4');
		expect(a.customer).toMatchObject({
			email: 'Anna.Schmidt@Example.com',
			firstName: 'Anna',
			lastName: 'Schmidt',
			street: 'Hauptstraße 5',
			city: 'Berlin',
			postcode: '10115',
			phone: '+49 30 1234567'
		});
		expect(a.statedTotal).toBe(57.3);
	});

	it('keeps line discounts, and spreads an order discount over lines that have none', () => {
		const [, b, , d] = r.orders;
		expect(b.lines.map((l) => l.discount)).toEqual([5.9, 4]);
		expect(orderTotal(b.lines.map((l) => ({ ...l, productId: null })))).toBe(89.1);
		// AUTUMN: 6.00 off 18.50 + 23.50, by amount.
		expect(d.lines.map((l) => l.discount)).toEqual([2.64, 3.36]);
		expect(orderTotal(d.lines.map((l) => ({ ...l, productId: null })))).toBe(36);
	});

	it('maps the financial and fulfillment statuses', () => {
		expect(r.orders.map((o) => o.status)).toEqual(['completed', 'paid', 'refunded', 'pending']);
	});

	it('splits the billing name into first and last name', () => {
		expect(r.orders[3].customer).toMatchObject({ firstName: 'Lena Maria', lastName: 'Vogel' });
	});
});

describe("WooCommerce's order export (one row per item)", () => {
	const { shop, read: r } = read('woocommerce-orders.csv');

	it('is recognised by its headers', () => expect(shop.format).toBe('woocommerce'));

	it('groups rows into orders, prices from the item subtotal, discounts from the total', () => {
		expect(r.orders.map((o) => [o.number, o.lines.length])).toEqual([
			['812', 3],
			['813', 1],
			['814', 1],
			['815', 1]
		]);
		const cold = r.orders[0].lines[2];
		expect(cold).toMatchObject({ sku: 'CB-NITRO', quantity: 6, price: 2, discount: 1.2 });
		expect(r.orders[0].lines[0].category).toBe('Vegan, Drinks');
		expect(r.orders[1].lines[0]).toMatchObject({ quantity: 8, price: 2.99, discount: 0 });
	});

	it('maps wc- statuses and reads dates without an offset as UTC, saying so', () => {
		expect(r.orders.map((o) => o.status)).toEqual(['completed', 'paid', 'pending', 'cancelled']);
		expect(new Date(r.orders[0].orderedAt).toISOString()).toBe('2026-11-02T10:15:31.000Z');
		expect(r.notes).toEqual(['4 dates have no time zone; read as UTC.']);
	});

	it('reads the customer from the billing columns', () => {
		expect(r.orders[0].customer).toMatchObject({
			email: 'ANNA.SCHMIDT@example.com',
			firstName: 'Anna',
			lastName: 'Schmidt',
			city: 'Berlin',
			country: 'DE'
		});
	});
});

describe('WooCommerce Advanced Order Export, saved by a European spreadsheet', () => {
	const { csv, shop, read: r } = read('woocommerce-advanced-export.csv');

	it('is read with semicolons, decimal commas and day-first dates', () => {
		expect(csv.delimiter).toBe(';');
		expect(shop.format).toBe('woocommerce');
		expect(r.orders.map((o) => o.number)).toEqual(['2026-0101', '2026-0102']);
		expect(r.orders[0].lines.map((l) => [l.sku, l.quantity, l.price, l.category])).toEqual([
			['COF-DARK-1KG', 2, 18.5, 'Kaffee'],
			['MUG-XL', 1, 24.5, 'Geschirr']
		]);
		expect(r.orders[1].lines[0].price).toBe(1249);
		expect(r.orders[1].statedTotal).toBe(1249);
		expect(new Date(r.orders[0].orderedAt).toISOString()).toBe('2026-11-03T14:05:00.000Z');
		expect(r.orders.map((o) => o.status)).toEqual(['completed', 'paid']);
		expect(r.orders[0].customer.email).toBe('lena@beispiel.de');
	});
});

describe('problems, with their rows', () => {
	const HEAD =
		'Order Number,Order Date,Order Status,Billing Email,Item Name,SKU,Quantity,Item Cost,Order Currency';

	it('a bad date leaves its order out; a bad amount is reported and left at 0', () => {
		const r = fromText(
			[
				HEAD,
				'1,2026-13-45,completed,a@x.org,Tea,T1,1,3.50,EUR',
				'2,2026-11-02,completed,b@x.org,Tea,T1,1,abc,EUR',
				'3,2026-11-03,shipped-to-mars,c@x.org,Tea,T1,0,1.00,EURO',
				',2026-11-03,completed,c@x.org,Tea,T1,1,1.00,EUR'
			].join('\n')
		);
		expect(r.orders.map((o) => o.number)).toEqual(['2', '3']);
		expect(r.orders[0].lines[0].price).toBe(0);
		expect(r.orders[1].lines).toEqual([]);
		expect(r.orders[1].status).toBe('pending');
		expect(r.problems.map((p) => p.row)).toEqual([0, 0, 1, 2, 2, 2, 3]);
		const messages = r.problems.map((p) => p.message).join('\n');
		expect(messages).toContain('The date “2026-13-45” cannot be read.');
		expect(messages).toContain('Order 1 has no readable date');
		expect(messages).toContain('The price “abc” of “Tea” is not an amount');
		expect(messages).toContain('The status “shipped-to-mars” is unknown');
		expect(messages).toContain('The quantity “0” of “Tea” is not above 0');
		expect(messages).toContain('The currency “EURO” is not a three-letter code');
		expect(messages).toContain('The row has no order number');
	});

	it('rows of one order need not follow each other', () => {
		const r = fromText(
			[
				HEAD,
				'7,2026-11-02T10:00:00+02:00,wc-completed,a@x.org,Tea,T1,1,"3,50",EUR',
				'8,2026-11-02,wc-refunded,b@x.org,Tea,T1,1,2,EUR',
				'7,2026-11-02T10:00:00+02:00,wc-completed,a@x.org,Cake,C1,2,4,EUR'
			].join('\r\n')
		);
		expect(r.orders.map((o) => [o.number, o.lines.length, o.status])).toEqual([
			['7', 2, 'completed'],
			['8', 1, 'refunded']
		]);
		expect(r.orders[0].lines[0].price).toBe(3.5);
		expect(new Date(r.orders[0].orderedAt).toISOString()).toBe('2026-11-02T08:00:00.000Z');
	});
});

describe('other files', () => {
	it('a contacts export is no shop export', () => {
		expect(detectShopFormat(['First Name', 'Last Name', 'E-mail Address', 'Company'])).toBeNull();
		expect(detectShopFormat(['Name', 'Email', 'Total'])).toBeNull();
	});
});
