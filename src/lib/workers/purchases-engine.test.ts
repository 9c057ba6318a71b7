import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendRows, DeviceDocsDb } from '$lib/data/device-docs-db';
import { encodeSnapshot, SNAPSHOT_KEY } from '$lib/data/layout';
import { PurchasesEngine } from './purchases-engine';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const NOW = day('2026-06-30');
let n = 0;
const opened: DeviceDocsDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

function record(doc: Y.Doc, collection: string, id: string, fields: object): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	doc.transact(() => {
		map.set(SNAPSHOT_KEY, encodeSnapshot(fields as Record<string, unknown>));
		doc.getMap(collection).set(id, map);
	});
	return map;
}

const anOrder = (personId: string, at: string, price: number, currency = 'EUR') => ({
	orderedAt: day(at),
	number: '',
	status: 'paid',
	personId,
	organizationId: null,
	currency,
	lines: [
		{ productId: null, sku: '', name: 'Box', category: 'Veg', quantity: 1, price, discount: 0 }
	]
});

async function store(db: DeviceDocsDb, doc: string, update: Uint8Array) {
	await appendRows(db, [{ ws: 'w', doc, update }]);
}

describe('PurchasesEngine', () => {
	it('reads every stored month, then only the month whose rows changed', async () => {
		const db = new DeviceDocsDb(`purchases-engine-${++n}`);
		opened.push(db);
		const jan = new Y.Doc();
		const feb = new Y.Doc();
		record(jan, 'orders', '2026-01~a', anOrder('p1', '2026-01-10', 100));
		record(feb, 'orders', '2026-02~b', anOrder('p1', '2026-02-10', 50));
		record(feb, 'orders', '2026-02~c', anOrder('p2', '2026-02-11', 10));
		const call = new Y.Doc();
		record(call, 'interactions', '2026-02~i', {
			kind: 'call',
			occurredAt: day('2026-02-01'),
			durationMinutes: 45,
			personIds: ['p1']
		});
		await store(db, 'orders.2026-01', Y.encodeStateAsUpdate(jan));
		await store(db, 'orders.2026-02', Y.encodeStateAsUpdate(feb));
		await store(db, 'interactions.2026-02', Y.encodeStateAsUpdate(call));
		// Another workspace's orders and a people shard are not read.
		await appendRows(db, [
			{ ws: 'other', doc: 'orders.2026-01', update: Y.encodeStateAsUpdate(feb) }
		]);
		await store(db, 'people.00', Y.encodeStateAsUpdate(new Y.Doc()));

		const engine = new PurchasesEngine(db, 'w');
		const first = await engine.compute('EUR', [], NOW);
		expect(first.readDocs).toBe(3);
		expect(first.full).toBe(true);
		expect(first.profiles.get('p1')).toMatchObject({ orderCount: 2, lifetimeValue: 150 });
		expect(first.effort.get('p1')).toMatchObject({ interactions: 1, minutes: 45 });
		expect([...first.changed].sort()).toEqual(['p1', 'p2']);

		// Nothing stored changed: nothing read, nobody changed.
		const same = await engine.compute('EUR', [], NOW);
		expect([same.readDocs, same.changed.size, same.full]).toEqual([0, 0, false]);

		// An edit in January (a later update row) re-reads January only.
		const before = Y.encodeStateVector(jan);
		(jan.getMap('orders').get('2026-01~a') as Y.Map<unknown>).set('status', 'cancelled');
		await store(db, 'orders.2026-01', Y.encodeStateAsUpdate(jan, before));
		const edited = await engine.compute('EUR', [], NOW);
		expect(edited.readDocs).toBe(1);
		expect(edited.profiles.get('p1')).toMatchObject({ orderCount: 1, lifetimeValue: 50 });
		expect(edited.changed.has('p1')).toBe(true);
		// p2's orders did not change, but its F score did (p1 has one order now, like p2): sent.
		expect(edited.profiles.get('p2')!.rfm.f).toBe(3);
		expect(edited.changed.has('p2')).toBe(true);
	});

	it('converts with the rates given and recomputes everyone when they change', async () => {
		const db = new DeviceDocsDb(`purchases-engine-${++n}`);
		opened.push(db);
		const doc = new Y.Doc();
		record(doc, 'orders', '2026-03~a', anOrder('p1', '2026-03-01', 100, 'USD'));
		record(doc, 'orders', '2026-03~b', anOrder('p2', '2026-03-01', 100));
		await store(db, 'orders.2026-03', Y.encodeStateAsUpdate(doc));
		const engine = new PurchasesEngine(db, 'w');
		const none = await engine.compute('EUR', [], NOW);
		expect(none.profiles.get('p1')).toMatchObject({ lifetimeValue: 0, unconvertedOrders: 1 });
		const rate = { id: 'r', from: 'USD', to: 'EUR', rate: 0.9, validFrom: '2026-01-01' };
		const withRate = await engine.compute('EUR', [rate], NOW);
		expect(withRate.readDocs).toBe(0);
		expect(withRate.profiles.get('p1')).toMatchObject({ lifetimeValue: 90, unconvertedOrders: 0 });
		expect([...withRate.changed].sort()).toEqual(['p1', 'p2']);
	});

	it('skips a stored row that is not an update, and deleted orders', async () => {
		const db = new DeviceDocsDb(`purchases-engine-${++n}`);
		opened.push(db);
		const doc = new Y.Doc();
		record(doc, 'orders', '2026-04~a', anOrder('p1', '2026-04-01', 10));
		const gone = record(doc, 'orders', '2026-04~b', anOrder('p1', '2026-04-02', 99));
		gone.set('deletedAt', day('2026-04-03'));
		await store(db, 'orders.2026-04', Y.encodeStateAsUpdate(doc));
		await store(db, 'orders.2026-04', new Uint8Array([1, 2, 3, 250]));
		const result = await new PurchasesEngine(db, 'w').compute('EUR', [], NOW);
		expect(result.profiles.get('p1')).toMatchObject({ orderCount: 1, lifetimeValue: 10 });
	});
});
