import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { syncInto } from '$lib/data/docs-testing';
import { listBatches } from '$lib/data/import-batch';
import { Workspace } from '$lib/data/workspace.svelte';
import { order, product, task } from '$lib/domain/record-types';
import { InlineAnalyser } from '$lib/workers/import-analyser';
import { ImportFlow } from './import-flow.svelte';
import { serviceTaskId } from './service-reminders';

const pause = () => Promise.resolve();

function setup() {
	const ws = new Workspace('ws', 'me');
	ws.start();
	const flow = new ImportFlow(ws, new InlineAnalyser(), { pause, chunkSize: 2 });
	return { ws, flow };
}

const fixture = (name: string) =>
	new File([readFileSync(new URL(`../domain/orders/fixtures/${name}`, import.meta.url))], name);

describe('ImportFlow with a shop order export', () => {
	it('recognises it, previews the orders, imports them and reverts in one step', async () => {
		const { ws, flow } = setup();
		const anna = ws.people.create({
			firstName: 'Anna',
			emails: [{ label: 'home', value: 'anna.schmidt@example.com' }]
		});
		await flow.chooseFile(fixture('shopify-orders.csv'));
		expect(flow.error).toBeNull();
		expect(flow.step).toBe('review');
		expect(flow.summary).toMatchObject({
			kind: 'orders',
			format: 'shopify',
			encoding: 'utf-8-bom',
			rowCount: 7,
			orderCount: 4,
			lineCount: 7
		});
		expect(flow.orderPlan).toMatchObject({ creates: 4, customersMatched: 2, newPeople: 2 });
		expect(flow.canImport).toBe(true);
		expect(ws.live(order).rows).toEqual([]); // nothing stored before the import

		flow.setOrderChoices({ customers: 'none' });
		expect(flow.orderPlan).toMatchObject({ newPeople: 0, noCustomer: 2 });
		flow.setOrderChoices({ customers: 'create' });

		await flow.startImport();
		expect(flow.step).toBe('done');
		expect(flow.result).toMatchObject({
			created: 4,
			createdOther: { people: 2, products: 5 },
			cancelled: false
		});
		expect(ws.referencing(order, 'personId', anna)).toHaveLength(2);

		await flow.revert();
		expect(flow.reverted).toEqual({ ok: true, removed: 11, restored: 0 });
		expect(ws.live(order).rows).toEqual([]);
		expect(ws.live(product).rows).toEqual([]);
		expect(ws.peopleLive.rows.map((p) => p.id)).toEqual([anna]);
		expect(listBatches(ws.docs.core)[0]).toMatchObject({ entity: 'order', status: 'reverted' });
	});

	it('lists problems by row, and a file with no readable order changes nothing', async () => {
		const { ws, flow } = setup();
		const head =
			'Order Number,Order Date,Order Status,Billing Email,Item Name,SKU,Quantity,Item Cost';
		await flow.chooseFile(
			new File(
				[
					[
						head,
						'1,2026-11-02,wc-completed,a@x.org,Tea,T1,1,abc',
						'2,someday,wc-completed,b@x.org,Tea,T1,1,2'
					].join('\n')
				],
				'orders.csv'
			)
		);
		expect(flow.step).toBe('review');
		expect(flow.problems).toEqual([
			{
				row: 0,
				label: 'Row 2',
				message: 'The price “abc” of “Tea” is not an amount; it is left out.'
			},
			{ row: 1, label: 'Row 3', message: 'The date “someday” cannot be read.' },
			{ row: 1, label: 'Row 3', message: expect.stringContaining('Order 2 has no readable date') }
		]);
		expect(flow.orderPlan?.orders).toHaveLength(1);

		flow.reset();
		await flow.chooseFile(
			new File([[head, '1,someday,wc-completed,a@x.org,Tea,T1,1,2'].join('\n')], 'broken.csv')
		);
		expect(flow.step).toBe('choose');
		expect(flow.error).toContain('none of its 1 rows could be read as an order');
		expect(flow.error).toContain('Row 2: The date “someday” cannot be read.');
		expect(ws.live(order).rows).toEqual([]);
		expect(listBatches(ws.docs.core)).toEqual([]);
	});
});

describe('a file chosen before the workspace has loaded on this device', () => {
	it('waits, saying so, and matches the people the device held once loaded', async () => {
		// What the device holds: Anna, a customer of an earlier import.
		const stored = new Workspace('ws', 'me');
		stored.start();
		stored.people.create({
			firstName: 'Anna',
			emails: [{ label: 'home', value: 'anna.schmidt@example.com' }]
		});
		// The page right after a reload: its documents not read from the device yet.
		const ws = new Workspace('ws', 'me');
		const flow = new ImportFlow(ws, new InlineAnalyser(), { pause });
		const chosen = flow.chooseFile(fixture('shopify-orders.csv'));
		await vi.waitFor(() => expect(flow.loadingPeople).toBe(true));
		expect(flow.orderPlan).toBeNull();
		expect(flow.canImport).toBe(false);

		syncInto(ws.docs, stored.docs, 'load');
		ws.start();
		await chosen;
		expect(flow.loadingPeople).toBe(false);
		expect(flow.error).toBeNull();
		expect(flow.orderPlan).toMatchObject({ creates: 4, customersMatched: 2, newPeople: 2 });
	});
});

describe('imported orders of serviced products', () => {
	it('plan the service as a saved order does, and the revert takes the tasks along', async () => {
		const { ws, flow } = setup();
		const anna = ws.people.create({
			firstName: 'Anna',
			emails: [{ label: 'home', value: 'anna.schmidt@example.com' }]
		});
		const cups = ws
			.repo(product)
			.create({ name: 'Espresso cups', sku: 'CUP-MIL-4', serviceIntervalMonths: 12 });
		await flow.chooseFile(fixture('shopify-orders.csv'));
		await flow.startImport();
		const id = flow.orderPlan!.orders[0].id;
		const service = ws.repo(task).get(serviceTaskId(id, cups));
		// Titled by the line as sold, as a saved order's service is.
		expect(service?.record).toMatchObject({
			title: 'Service due: Espresso cups "Milano", set of 4',
			personId: anna
		});
		expect(ws.live(task).rows).toHaveLength(1); // only #1001 has the cups

		await flow.revert();
		expect(flow.reverted).toMatchObject({ ok: true });
		expect(ws.live(task).rows).toEqual([]);
	});
});
