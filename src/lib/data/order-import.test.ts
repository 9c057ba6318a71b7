import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCsv } from '$lib/domain/import/csv';
import { decodeText } from '$lib/domain/import/decode';
import { detectShopFormat } from '$lib/domain/orders/shop-formats';
import { readShopOrders, type ShopOrders } from '$lib/domain/orders/shop-orders';
import { order, product } from '$lib/domain/record-types';
import { copyDocs } from './docs-testing';
import { listBatches } from './import-batch';
import { revertImport } from './import-revert';
import { buildOrderPlanIndex } from './order-import-index';
import { planOrderImport, shopOrderId, type OrderImportChoices } from './order-import-plan';
import { runOrderImport } from './order-import-run';
import { Workspace } from './workspace.svelte';

const pause = () => Promise.resolve();

function workspace(me = 'me'): Workspace {
	const ws = new Workspace('ws', me);
	ws.start();
	return ws;
}

function fixture(name: string): ShopOrders {
	const url = new URL(`../domain/orders/fixtures/${name}`, import.meta.url);
	const decoded = decodeText(readFileSync(url));
	if ('error' in decoded) throw new Error(decoded.error);
	const csv = parseCsv(decoded.text);
	if ('error' in csv) throw new Error(csv.error);
	const shop = detectShopFormat(csv.headers)!;
	return readShopOrders(csv.rows, shop.format, shop.columns);
}

async function importOrders(
	ws: Workspace,
	read: ShopOrders,
	choices?: Partial<OrderImportChoices>
) {
	const plan = planOrderImport(read, buildOrderPlanIndex(ws), {
		existing: 'skip',
		customers: 'create',
		products: 'create',
		...choices
	});
	const result = await runOrderImport(ws, plan, { fileName: 'orders.csv', chunkSize: 2, pause });
	return { plan, result };
}

/** A workspace with Anna (her shop e-mail as her second address) and the dark roast. */
function withCustomers(): { ws: Workspace; anna: string; roast: string } {
	const ws = workspace();
	const anna = ws.people.create({
		firstName: 'Anna',
		lastName: 'Schmidt',
		emails: [
			{ label: 'work', value: 'anna@firma.de' },
			{ label: 'home', value: 'anna.schmidt@example.com' }
		]
	});
	const roast = ws.repo(product).create({ name: 'Dark roast', sku: 'cof-dark-1kg', price: 18.5 });
	return { ws, anna, roast };
}

describe('order import', () => {
	it('plans a Shopify export: customers by any e-mail without case, products by SKU', () => {
		const { ws, anna, roast } = withCustomers();
		const plan = planOrderImport(fixture('shopify-orders.csv'), buildOrderPlanIndex(ws));
		expect(plan).toMatchObject({
			found: 4,
			lines: 7,
			creates: 4,
			updates: 0,
			skipped: 0,
			customersMatched: 2, // #1001 and #1003 are Anna's
			customersNew: 2,
			newPeople: 2,
			linesMatched: 7,
			newProducts: 4, // cups, grinder, filters, and the tea sampler (by name: no SKU)
			linesAsText: 0
		});
		const first = plan.orders[0];
		expect(first.fields.personId).toBe(anna);
		expect(first.fields.lines[0].productId).toBe(roast);
		expect(first.fields.total).toBe(52.4);
		expect(first.id).toBe(shopOrderId('#1001', first.fields.orderedAt));
		expect(first.id.startsWith('2026-11~')).toBe(true);
		// The dark roast of #1002 and #1004 is the same existing product; the new ones made once.
		const ids = plan.orders.flatMap((o) => o.fields.lines.map((l) => l.productId));
		expect(ids.filter((id) => id === roast)).toHaveLength(3);
		expect(new Set(ids).size).toBe(5);
	});

	it('writes orders, new people and products; the orders are on the customer; a second device sees them', async () => {
		const { ws, anna } = withCustomers();
		const { result } = await importOrders(ws, fixture('shopify-orders.csv'));
		expect(result).toMatchObject({ created: 4, updated: 0, cancelled: false });
		const annas = ws.referencing(order, 'personId', anna);
		expect(annas.map((o) => o.number).sort()).toEqual(['#1001', '#1003']);
		const john = ws.peopleLive.rows.find((p) => p.name === 'John Doe');
		expect(john).toBeDefined();
		expect(ws.people.get(john!.id)?.record).toMatchObject({
			emails: [{ label: 'home', value: 'j.doe@example.org' }],
			addresses: [{ label: 'billing', city: 'Springfield', postcode: '01101', country: 'US' }],
			source: 'Shopify'
		});
		const refunded = ws.live(order).rows.find((o) => o.number === '#1003');
		expect(refunded).toMatchObject({ status: 'refunded', total: 24, currency: 'EUR' });
		expect(ws.live(product).rows).toHaveLength(5);

		const [batch] = listBatches(ws.docs.core);
		expect(batch).toMatchObject({
			entity: 'order',
			status: 'done',
			created: 4,
			createdOther: { people: 2, products: 4 }
		});

		const other = new Workspace('ws', 'other', copyDocs(ws.docs));
		other.start();
		expect(
			other
				.referencing(order, 'personId', anna)
				.map((o) => o.number)
				.sort()
		).toEqual(['#1001', '#1003']);
	});

	it('importing the same file again doubles nothing: skipped, or updated in place', async () => {
		const { ws } = withCustomers();
		await importOrders(ws, fixture('shopify-orders.csv'));
		const again = await importOrders(ws, fixture('shopify-orders.csv'));
		expect(again.plan).toMatchObject({ creates: 0, skipped: 4, newPeople: 0, newProducts: 0 });
		expect(again.plan.existing.map((e) => e.number)).toEqual(['#1001', '#1002', '#1003', '#1004']);
		expect(ws.live(order).rows).toHaveLength(4);
		expect(ws.peopleLive.rows).toHaveLength(3);

		// The shop refunded #1002 since: "update" takes its new status and keeps the rest.
		const changed = fixture('shopify-orders.csv');
		changed.orders[1].status = 'refunded';
		const update = await importOrders(ws, changed, { existing: 'update' });
		expect(update.plan).toMatchObject({ creates: 0, updates: 4 });
		expect(update.result.updated).toBe(1);
		const id = update.plan.orders[1].id;
		expect(ws.repo(order).get(id)?.record.status).toBe('refunded');
		// Reverting that update puts the status back.
		expect(await revertImport(ws, update.result.importId, { pause })).toMatchObject({
			ok: true,
			removed: 0,
			restored: 1
		});
		expect(ws.repo(order).get(id)?.record.status).toBe('paid');
	});

	it('an order typed by hand with the same number is matched too', async () => {
		const ws = workspace();
		ws.repo(order).create({ number: '# 1002', orderedAt: Date.UTC(2026, 10, 10) });
		const plan = planOrderImport(fixture('shopify-orders.csv'), buildOrderPlanIndex(ws));
		expect(plan.existing.map((e) => e.number)).toEqual(['#1002']);
		expect(plan.creates).toBe(3);
	});

	it('reverts in one step: orders, new people and new products gone; existing ones kept', async () => {
		const { ws, anna, roast } = withCustomers();
		const { result } = await importOrders(ws, fixture('woocommerce-orders.csv'));
		expect(result.created).toBe(4);
		expect(ws.referencing(order, 'personId', anna)).toHaveLength(2);
		const reverted = await revertImport(ws, result.importId, { pause });
		// 4 orders, Tom, and the oat drink, burgers and cold brew.
		expect(reverted).toEqual({ ok: true, removed: 8, restored: 0 });
		expect(ws.live(order).rows).toHaveLength(0);
		expect(ws.peopleLive.rows.map((p) => p.id)).toEqual([anna]);
		expect(ws.live(product).rows.map((p) => p.id)).toEqual([roast]);
		expect(listBatches(ws.docs.core)[0].status).toBe('reverted');
		// And the file imports afresh afterwards.
		const again = await importOrders(ws, fixture('woocommerce-orders.csv'));
		expect(again.result.created).toBe(4);
		expect(ws.live(order).rows).toHaveLength(4);
	});

	it('can leave unknown customers out and keep unknown products as text', async () => {
		const ws = workspace();
		const { plan, result } = await importOrders(ws, fixture('woocommerce-advanced-export.csv'), {
			customers: 'none',
			products: 'text'
		});
		expect(plan).toMatchObject({ noCustomer: 2, newPeople: 0, newProducts: 0, linesAsText: 3 });
		expect(result.created).toBe(2);
		expect(ws.peopleLive.rows).toHaveLength(0);
		const [line] = ws.repo(order).get(plan.orders[1].id)!.record.lines;
		expect(line).toMatchObject({
			productId: null,
			sku: 'MACH-PRO',
			name: 'Espressomaschine Pro',
			category: 'Maschinen',
			price: 1249
		});
		expect(ws.repo(order).get(plan.orders[0].id)!.record.personId).toBeNull();
	});
});
