/**
 * An order CSV imported on one device moves a customer's RFM cell on another: Alice imports a
 * Shopify order export (written with the export's documented columns, the header of
 * src/lib/domain/orders/fixtures/shopify-orders.csv) that makes Ada and Ben customers with one
 * order each, alike; Bob, on his own device, has Ada's page open and sees "Need attention".
 * Alice imports a second export with a larger order of Ada's (matched by e-mail); it reaches
 * Bob through the relay, his purchases worker reads the new rows from his device's storage, and
 * Ada's cell on his open page becomes "Loyal" — and so do the RFM grid's cells.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

const HEADER = readFileSync(
	new URL('../src/lib/domain/orders/fixtures/shopify-orders.csv', import.meta.url),
	'utf8'
)
	.replace(/^\uFEFF/, '')
	.split(/\r?\n/)[0]
	.split(',');

interface ShopOrder {
	number: string;
	email: string;
	name: string;
	total: number;
	lines: { name: string; sku: string; quantity: number; price: number }[];
}

/** Shopify's "Created at" for an hour ago: "2026-12-02 09:15:00 +0000". */
function createdAt(): string {
	const at = new Date(Date.now() - 3_600_000).toISOString();
	return `${at.slice(0, 10)} ${at.slice(11, 19)} +0000`;
}

/** An order export as Shopify writes it: one row per line item, the order's fields on the first. */
function shopifyFile(name: string, orders: ShopOrder[]) {
	const rows = orders.flatMap((o) =>
		o.lines.map((l, i) => {
			const cells: Record<string, string> = {
				Name: o.number,
				Email: o.email,
				'Lineitem quantity': String(l.quantity),
				'Lineitem name': l.name,
				'Lineitem price': l.price.toFixed(2),
				'Lineitem sku': l.sku,
				'Lineitem requires shipping': 'true',
				'Lineitem taxable': 'true',
				'Lineitem fulfillment status': 'fulfilled',
				Vendor: 'Farm shop',
				'Lineitem discount': '0.00'
			};
			if (i === 0)
				Object.assign(cells, {
					'Financial Status': 'paid',
					'Paid at': createdAt(),
					'Fulfillment Status': 'fulfilled',
					Currency: 'EUR',
					Subtotal: o.total.toFixed(2),
					Shipping: '0.00',
					Taxes: '0.00',
					Total: o.total.toFixed(2),
					'Discount Amount': '0.00',
					'Created at': createdAt(),
					'Billing Name': o.name
				});
			return HEADER.map((h) => cells[h] ?? '').join(',');
		})
	);
	const text = [HEADER.join(','), ...rows].join('\n') + '\n';
	return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

const pattern = (page: Page) => page.getByRole('region', { name: 'Buying pattern' });

async function importOrders(page: Page, file: ReturnType<typeof shopifyFile>, summary: RegExp) {
	await page.getByLabel('CSV or vCard file').setInputFiles(file);
	await expect(page.getByTestId('order-summary')).toHaveText(summary);
	await page.getByRole('button', { name: /^Import \d+ orders?$/ }).click();
	await expect(page.getByText(/^Import finished: /)).toBeVisible();
}

test('an order CSV imported on one device moves a customer’s RFM cell on another', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	const basket = { name: 'Vegetable box', sku: 'VEG-BOX', quantity: 1, price: 100 };
	await a.goto('/import-export');
	await importOrders(
		a,
		shopifyFile('first-orders.csv', [
			{ number: '#2001', email: 'ada@example.com', name: 'Ada Byron', total: 100, lines: [basket] },
			{ number: '#2002', email: 'ben@example.com', name: 'Ben Okri', total: 100, lines: [basket] }
		]),
		/Shopify order export: 2 orders with 2 lines\. Customers: 0 matched by e-mail, 2 new\./
	);
	await waitSynced(a);

	// Bob opens Ada's page: two customers alike, every score the middle one.
	await b.goto('/people');
	await b.getByRole('link', { name: 'Ada Byron' }).click();
	await expect(b).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
	await expect(pattern(b)).toContainText('Need attention (R 3 · F 3 · M 3)', { timeout: 15_000 });
	await expect(pattern(b)).toContainText('100 EUR from 1 order');

	// Alice imports Ada's second, larger order: matched to her by e-mail — chosen right after a
	// reload, before the page has loaded the people the first import made (the import waits for
	// them: planned at once, Ada was taken for a new person).
	await a.reload();
	const cheese = { name: 'Cheese board', sku: 'CHE-BRD', quantity: 2, price: 150 };
	await importOrders(
		a,
		shopifyFile('second-orders.csv', [
			{ number: '#2003', email: 'ADA@example.com', name: 'Ada Byron', total: 300, lines: [cheese] }
		]),
		/Shopify order export: 1 order with 1 line\. Customers: 1 matched by e-mail, 0 new\./
	);
	await expect(a.getByText('Import finished: 1 order created, 1 product created.')).toBeVisible();
	await waitSynced(a);

	// On Bob's open page, Ada becomes loyal: F and M above Ben's.
	await expect(pattern(b)).toContainText('Loyal (R 3 · F 4 · M 4)', { timeout: 15_000 });
	await expect(pattern(b)).toContainText('400 EUR from 2 orders, 200 EUR on average');

	// Bob's RFM grid: Loyal holds Ada's 400 EUR, and opens exactly her.
	await b.goto('/people?view=value');
	const rfm = b.getByRole('region', { name: 'RFM cells' });
	await expect(rfm.getByRole('row', { name: /Loyal/ })).toContainText('400 EUR');
	await rfm.getByRole('link', { name: 'RFM: Loyal: 1 person' }).click();
	await expect(b.getByRole('row', { name: /Ada Byron/ })).toBeVisible();
	await expect(b.getByRole('row', { name: /Ben Okri/ })).toHaveCount(0);

	await alice.context.close();
	await bob.context.close();
});
