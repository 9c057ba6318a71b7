/**
 * The customer reports over the whole order history, in the reports engine (the code the
 * reports worker runs, src/lib/workers/reports-engine.ts): 100k people (with sources) in 256
 * shards and 1M order lines (~330k orders of 1–5 lines, 24 monthly documents, three currencies
 * with monthly rates) stored as the device stores them (fake-indexeddb in Node). Period: the
 * last 12 months, compared with the 12 before. Measured: the first computation (every month
 * read and decoded), each report again with nothing re-read (the pure computation over 1M
 * lines: what it would cost the page's thread), one after an order edit (its month re-read),
 * and as a reference in the same run, one plain pass adding up every line's amount.
 *   node --import tsx --max-old-space-size=8192 --expose-gc bench/run-one.ts bench/reports.bench.ts out.json
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { appendRows, DeviceDocsDb } from '../src/lib/data/device-docs-db';
import { encodeSnapshot, SNAPSHOT_KEY } from '../src/lib/data/layout';
import type { ExchangeRate } from '../src/lib/domain/forecast/rates';
import { DEFAULT_TIER_FLOORS } from '../src/lib/domain/purchases/tiers';
import { previousPeriod, resolvePeriod } from '../src/lib/domain/reports/period';
import type { WonDeal } from '../src/lib/domain/reports/customer-events';
import { packDrills, unpackDrills } from '../src/lib/domain/reports/drill-pack';
import { ReportsEngine, type EngineRequest } from '../src/lib/workers/reports-engine';
import { Random } from './prng';
import { median, type BenchOptions, type BenchResult } from './result';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 15);
const ZONE = 'Europe/Berlin';
const PEOPLE = 100_000;
const LINES = 1_000_000;
const MONTHS = 24;
const CATEGORIES = ['Vegetables', 'Bakery', 'Cheese', 'Wine', 'Meat', 'Fruit', 'Dairy', 'Fish'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];
const SOURCES = ['Referral', 'Website', 'Fair', 'Newsletter', ''];

const rng = new Random(17);
const random = () => rng.next();
const int = (n: number) => Math.floor(random() * n);

function rates(): ExchangeRate[] {
	const out: ExchangeRate[] = [];
	for (const from of ['USD', 'GBP'])
		for (let m = 0; m < MONTHS + 1; m++)
			out.push({
				id: `${from}${m}`,
				from,
				to: 'EUR',
				rate: from === 'USD' ? 0.9 + random() / 10 : 1.1 + random() / 10,
				validFrom: new Date(Date.UTC(2024, 11 + m, 1)).toISOString().slice(0, 10)
			});
	return out;
}

const monthName = (m: number) => new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 7);

function put(doc: Y.Doc, collection: string, id: string, fields: object): void {
	const map = new Y.Map<unknown>();
	map.set(SNAPSHOT_KEY, encodeSnapshot(fields as Record<string, unknown>));
	doc.getMap(collection).set(id, map);
}

/** Writes the people shards and the order months; returns one order's place to edit. */
async function generate(db: DeviceDocsDb) {
	const shards = Array.from({ length: 256 }, () => new Y.Doc());
	for (let i = 0; i < PEOPLE; i++)
		put(shards[i % 256], 'people', `p${i}`, {
			firstName: `P${i}`,
			lastName: 'Bench',
			source: SOURCES[int(SOURCES.length)]
		});
	for (let s = 0; s < 256; s++)
		await appendRows(db, [
			{
				ws: 'w',
				doc: `people.${s.toString(16).padStart(2, '0')}`,
				update: Y.encodeStateAsUpdate(shards[s])
			}
		]);
	let lines = 0;
	let n = 0;
	let edit: { doc: Y.Doc; name: string; id: string } | null = null;
	for (let m = 0; m < MONTHS; m++) {
		const start = Date.UTC(2025, m, 1);
		const name = `orders.${monthName(m)}`;
		const doc = new Y.Doc();
		const target = Math.round((LINES * (m + 1)) / MONTHS);
		let lastId = '';
		doc.transact(() => {
			while (lines < target) {
				const count = 1 + int(5);
				lines += count;
				const id = `${monthName(m)}~o${n++}`;
				put(doc, 'orders', id, {
					orderedAt: start + int(28) * DAY + int(DAY),
					number: String(n),
					status: random() < 0.05 ? 'cancelled' : 'completed',
					personId: `p${Math.floor(random() ** 1.5 * PEOPLE)}`,
					organizationId: null,
					currency: CURRENCIES[int(CURRENCIES.length)],
					lines: Array.from({ length: count }, () => ({
						productId: null,
						sku: '',
						name: 'Item',
						category: CATEGORIES[int(CATEGORIES.length)],
						quantity: 1 + int(3),
						price: 5 + int(60),
						discount: 0
					}))
				});
				lastId = id;
			}
		});
		await appendRows(db, [{ ws: 'w', doc: name, update: Y.encodeStateAsUpdate(doc) }]);
		if (m === MONTHS - 1) edit = { doc, name, id: lastId };
	}
	return edit!;
}

const time = async (fn: () => Promise<unknown>) => {
	const t0 = performance.now();
	await fn();
	return performance.now() - t0;
};

function result_(id: string, samples: number[], budget: number | null, note: string): BenchResult {
	return {
		id,
		unit: 'ms',
		better: 'lower',
		median: median(samples),
		min: Math.min(...samples),
		max: Math.max(...samples),
		runs: samples.length,
		budget,
		note
	};
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const db = new DeviceDocsDb('reports-bench');
	const t0 = performance.now();
	const edit = await generate(db);
	console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	const period = resolvePeriod('last-12-months', NOW, ZONE);
	const wonDeals: WonDeal[] = Array.from({ length: 4_000 }, (_, i) => ({
		id: `d${i}`,
		personId: `p${int(PEOPLE)}`,
		organizationId: null,
		wonAt: Date.UTC(2025, 0, 1) + int(700) * DAY
	}));
	const r = rates();
	const request = (reportId: string): EngineRequest => ({
		type: 'compute',
		id: 1,
		ws: 'w',
		reportId,
		filters: {
			period,
			previous: previousPeriod(period, ZONE),
			ownerId: null,
			pipelineId: null,
			segmentPeople: null
		},
		currency: 'EUR',
		rates: r,
		timeZone: ZONE,
		now: NOW,
		wonDeals,
		tierFloors: DEFAULT_TIER_FLOORS
	});

	const engine = new ReportsEngine(db, 'w');
	const cold = [await time(() => engine.compute(request('revenue-by-category')))];
	const coldPeople = [await time(() => engine.compute(request('new-customers')))];
	const runs = quick ? 3 : 9;
	const out: BenchResult[] = [
		result_(
			'reports.orders.cold',
			cold,
			null,
			'first computation: 24 order months read and decoded'
		),
		result_('reports.people.cold', coldPeople, null, 'first new-customers: 256 people shards read')
	];
	// The plain pass every order report makes at least: every line of every order once.
	const facts = (engine as unknown as { orders: { lines: { amount: number }[] }[] }).orders;
	const reference: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		let sum = 0;
		for (const o of facts) for (const l of o.lines) sum += l.amount;
		reference.push(performance.now() - t);
		if (sum < 0) console.log(sum);
	}
	out.push(result_('reports.reference.pass', reference, null, 'one loop adding every line amount'));
	for (const id of ['revenue-by-category', 'revenue-by-value-tier', 'new-customers', 'retention']) {
		const samples: number[] = [];
		for (let i = 0; i < runs; i++) {
			(globalThis as { gc?: () => void }).gc?.();
			samples.push(await time(() => engine.compute(request(id))));
		}
		const r0 = out.find((x) => x.id === 'reports.reference.pass')!;
		out.push({
			...result_(`reports.${id}.warm`, samples, 50, 'nothing re-read: the computation alone'),
			reference_median: r0.median
		});
	}
	// What the page pays to receive a result: its copy (structured clone), plain and packed.
	const result = await engine.compute(request('revenue-by-category'));
	const plain: number[] = [];
	const packed: number[] = [];
	for (let i = 0; i < runs; i++) {
		let t = performance.now();
		structuredClone(result);
		plain.push(performance.now() - t);
		const p = packDrills(result);
		t = performance.now();
		unpackDrills(structuredClone(p));
		packed.push(performance.now() - t);
	}
	out.push(
		result_(
			'reports.receive.plain',
			plain,
			50,
			'a result copied to the page with its ids as arrays'
		),
		{
			...result_('reports.receive.packed', packed, 50, 'the same with its ids packed into strings'),
			reference_median: median(plain)
		}
	);
	const edited: number[] = [];
	for (let i = 0; i < runs; i++) {
		const before = Y.encodeStateVector(edit.doc);
		(edit.doc.getMap('orders').get(edit.id) as Y.Map<unknown>).set('number', `edit ${i}`);
		await appendRows(db, [
			{ ws: 'w', doc: edit.name, update: Y.encodeStateAsUpdate(edit.doc, before) }
		]);
		edited.push(await time(() => engine.compute(request('revenue-by-category'))));
	}
	out.push(result_('reports.revenue-by-category.edit', edited, 1_000, 'after one order edit'));
	console.log(`${facts.length} orders`);
	for (const x of out)
		console.log(
			`${x.id}: ${x.median.toFixed(1)} ms (${x.min.toFixed(1)}–${x.max.toFixed(1)}, ${x.runs})`
		);
	return out;
}
