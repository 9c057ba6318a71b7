import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendRows, DeviceDocsDb } from '$lib/data/device-docs-db';
import { encodeSnapshot, SNAPSHOT_KEY } from '$lib/data/layout';
import { DEFAULT_TIER_FLOORS } from '$lib/domain/purchases/tiers';
import { ReportsEngine, type EngineRequest } from './reports-engine';
import { ReportFactsDb } from './reports-kept';

const utc = (iso: string) => Date.parse(iso);
let n = 0;
const opened: { close(): void }[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

function record(doc: Y.Doc, collection: string, id: string, fields: object): void {
	const map = new Y.Map<unknown>();
	doc.transact(() => {
		map.set(SNAPSHOT_KEY, encodeSnapshot(fields as Record<string, unknown>));
		doc.getMap(collection).set(id, map);
	});
}

const anOrder = (personId: string, at: string, category: string, price: number) => ({
	orderedAt: utc(at),
	number: '',
	status: 'paid',
	personId,
	organizationId: null,
	currency: 'EUR',
	lines: [{ productId: null, sku: '', name: 'Box', category, quantity: 1, price, discount: 0 }]
});

const store = (db: DeviceDocsDb, doc: string, update: Uint8Array) =>
	appendRows(db, [{ ws: 'w', doc, update }]);

/** January to March 2026 in Berlin. */
const request = (reportId: string): EngineRequest => ({
	type: 'compute',
	id: 1,
	ws: 'w',
	reportId,
	filters: {
		period: { from: utc('2025-12-31T23:00:00Z'), to: utc('2026-03-31T22:00:00Z') },
		previous: null,
		ownerId: null,
		pipelineId: null,
		segmentPeople: null
	},
	currency: 'EUR',
	rates: [],
	timeZone: 'Europe/Berlin',
	now: utc('2026-03-15T00:00:00Z'),
	wonDeals: [],
	tierFloors: DEFAULT_TIER_FLOORS
});

describe('ReportsEngine', () => {
	it('computes from every stored month, then re-reads only the month that changed', async () => {
		const db = new DeviceDocsDb(`reports-engine-${++n}`);
		opened.push(db);
		const jan = new Y.Doc();
		const feb = new Y.Doc();
		record(jan, 'orders', '2026-01~a', anOrder('ada', '2026-01-10T10:00:00Z', 'Veg', 100));
		record(feb, 'orders', '2026-02~b', anOrder('ben', '2026-02-10T10:00:00Z', 'Bakery', 30));
		await store(db, 'orders.2026-01', Y.encodeStateAsUpdate(jan));
		await store(db, 'orders.2026-02', Y.encodeStateAsUpdate(feb));

		const engine = new ReportsEngine(db, 'w');
		const told: [number, number][] = [];
		const first = await engine.compute(request('revenue-by-category'), (done, total) =>
			told.push([done, total])
		);
		expect(engine.readDocs).toBe(2);
		// The page hears how far the first read is: each month decoded, of the two.
		expect(told).toEqual([
			[1, 2],
			[2, 2]
		]);
		expect(first.series[0].points.map((p) => [p.label, p.value, p.drill.ids])).toEqual([
			['Veg', 100, ['2026-01~a']],
			['Bakery', 30, ['2026-02~b']]
		]);

		const before = Y.encodeStateVector(feb);
		record(feb, 'orders', '2026-02~c', anOrder('cy', '2026-02-11T10:00:00Z', 'Bakery', 90));
		await store(db, 'orders.2026-02', Y.encodeStateAsUpdate(feb, before));
		told.length = 0;
		const second = await engine.compute(request('revenue-by-category'), (done, total) =>
			told.push([done, total])
		);
		expect(engine.readDocs).toBe(1);
		expect(told).toEqual([[1, 1]]);
		expect(second.series[0].points[0]).toMatchObject({
			label: 'Bakery',
			value: 120,
			drill: { ids: ['2026-02~b', '2026-02~c'] }
		});
	});

	it('reads sources for new customers only, a person without one taking their organization’s', async () => {
		const db = new DeviceDocsDb(`reports-engine-${++n}`);
		opened.push(db);
		const jan = new Y.Doc();
		record(jan, 'orders', '2026-01~a', anOrder('ada', '2026-01-10T10:00:00Z', 'Veg', 100));
		record(jan, 'orders', '2026-01~b', anOrder('ben', '2026-01-11T10:00:00Z', 'Veg', 100));
		const people = new Y.Doc();
		record(people, 'people', 'ada', { firstName: 'Ada', source: 'Fair' });
		record(people, 'people', 'ben', { firstName: 'Ben', source: '', organizationId: 'acme' });
		const orgs = new Y.Doc();
		record(orgs, 'organizations', 'acme', { name: 'Acme', source: 'Referral' });
		await store(db, 'orders.2026-01', Y.encodeStateAsUpdate(jan));
		await store(db, 'people.a1', Y.encodeStateAsUpdate(people));
		await store(db, 'organizations.b2', Y.encodeStateAsUpdate(orgs));

		const engine = new ReportsEngine(db, 'w');
		await engine.compute(request('retention'));
		expect(engine.readDocs).toBe(1); // the orders only
		const r = await engine.compute(request('new-customers'));
		expect(engine.readDocs).toBe(2); // now the people and organizations
		expect(r.series.map((s) => [s.label, s.points[0].drill.ids])).toEqual([
			['Fair', ['ada']],
			['Referral', ['ben']]
		]);
		await expect(engine.compute(request('nope'))).rejects.toThrow(/no report "nope"/);
	});
});

describe('ReportsEngine with facts kept on the device', () => {
	it('a later worker takes the months that did not change from what was kept, decoding only the changed one', async () => {
		const db = new DeviceDocsDb(`reports-engine-${++n}`);
		const kept = new ReportFactsDb(`reports-kept-${n}`);
		opened.push(db, kept);
		const jan = new Y.Doc();
		const feb = new Y.Doc();
		record(jan, 'orders', '2026-01~a', anOrder('ada', '2026-01-10T10:00:00Z', 'Veg', 100));
		record(feb, 'orders', '2026-02~b', anOrder('ben', '2026-02-10T10:00:00Z', 'Bakery', 30));
		await store(db, 'orders.2026-01', Y.encodeStateAsUpdate(jan));
		await store(db, 'orders.2026-02', Y.encodeStateAsUpdate(feb));
		const first = new ReportsEngine(db, 'w', kept);
		const expected = await first.compute(request('revenue-by-category'));
		expect([first.readDocs, first.keptDocs]).toEqual([2, 0]);
		await expect.poll(() => kept.facts.count()).toBe(2);

		// The next visit: a new worker, nothing decoded, the same figures.
		const second = new ReportsEngine(db, 'w', kept);
		const told: [number, number][] = [];
		expect(
			await second.compute(request('revenue-by-category'), (d, t) => told.push([d, t]))
		).toEqual(expected);
		expect([second.readDocs, second.keptDocs]).toEqual([0, 2]);
		expect(told).toEqual([
			[1, 2],
			[2, 2]
		]);

		// February changed meanwhile (another tab, the relay): only it is decoded.
		const before = Y.encodeStateVector(feb);
		record(feb, 'orders', '2026-02~c', anOrder('cy', '2026-02-11T10:00:00Z', 'Bakery', 90));
		await store(db, 'orders.2026-02', Y.encodeStateAsUpdate(feb, before));
		const third = new ReportsEngine(db, 'w', kept);
		const r = await third.compute(request('revenue-by-category'));
		expect([third.readDocs, third.keptDocs]).toEqual([1, 1]);
		expect(r.series[0].points.map((p) => [p.label, p.value])).toEqual([
			['Bakery', 120],
			['Veg', 100]
		]);
	});
});
