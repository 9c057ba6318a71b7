/**
 * Buying patterns of a whole workspace in the purchases engine (the code the purchases worker
 * runs, src/lib/workers/purchases-engine.ts), over 100k people and 1M order lines: ~330k orders
 * of 1–5 lines (seeded), 24 monthly documents stored as the device stores them (Yjs updates in
 * the Dexie database, here fake-indexeddb in Node), three currencies with monthly rates, plus
 * 100k interactions for effort. Measured: a cold computation (every month read and decoded), one
 * after an order is edited (its month re-read, the engine's kept tallies patched), a
 * recomputation with nothing re-read half a day later (every recency re-scored), and — the
 * reference, in the same run — the full recompute over the same facts that the engine did
 * before it kept tallies (checked equal to the kept profiles). Budget for RFM of the workspace
 * off the main thread: 500 ms.
 *   node --import tsx --max-old-space-size=8192 bench/run-one.ts bench/purchases.bench.ts out.json
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { appendRows, DeviceDocsDb } from '../src/lib/data/device-docs-db';
import { isDeepStrictEqual } from 'node:util';
import { encodeSnapshot, readRecord, SNAPSHOT_KEY } from '../src/lib/data/layout';
import { RateIndex, type ExchangeRate } from '../src/lib/domain/forecast/rates';
import { buildProfiles } from '../src/lib/domain/purchases/build';
import { buildEffort } from '../src/lib/domain/purchases/effort';
import { PurchasesEngine } from '../src/lib/workers/purchases-engine';
import { Random } from './prng';
import { median, type BenchOptions, type BenchResult } from './result';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const PEOPLE = 100_000;
const LINES = 1_000_000;
const MONTHS = 24;
const CATEGORIES = ['Vegetables', 'Bakery', 'Cheese', 'Wine', 'Meat', 'Fruit', 'Dairy', 'Fish'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];

const rng = new Random(7);
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

function monthName(m: number): string {
	const d = new Date(Date.UTC(2024, 12 + m, 1));
	return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function put(doc: Y.Doc, collection: string, id: string, fields: object): void {
	const map = new Y.Map<unknown>();
	map.set(SNAPSHOT_KEY, encodeSnapshot(fields as Record<string, unknown>));
	doc.getMap(collection).set(id, map);
}

/** Writes the workspace's order and interaction months; returns one order's place to edit. */
async function generate(db: DeviceDocsDb): Promise<{ doc: Y.Doc; name: string; id: string }> {
	let lines = 0;
	let n = 0;
	let edit: { doc: Y.Doc; name: string; id: string } | null = null;
	for (let m = 0; m < MONTHS; m++) {
		const start = Date.UTC(2024, 12 + m, 1);
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
		const calls = new Y.Doc();
		calls.transact(() => {
			for (let i = 0; i < PEOPLE / MONTHS; i++)
				put(calls, 'interactions', `${monthName(m)}~i${i}`, {
					kind: 'call',
					occurredAt: start + int(28) * DAY,
					durationMinutes: 5 + int(40),
					personIds: [`p${int(PEOPLE)}`]
				});
		});
		await appendRows(db, [
			{ ws: 'w', doc: `interactions.${monthName(m)}`, update: Y.encodeStateAsUpdate(calls) }
		]);
	}
	return edit!;
}

const time = async (fn: () => Promise<unknown>) => {
	const t0 = performance.now();
	await fn();
	return performance.now() - t0;
};

function result(
	id: string,
	samples: number[],
	budget: number | null,
	note: string,
	reference?: number
): BenchResult {
	return {
		id,
		unit: 'ms',
		better: 'lower',
		median: median(samples),
		min: Math.min(...samples),
		max: Math.max(...samples),
		runs: samples.length,
		budget,
		...(reference === undefined ? {} : { reference_median: reference }),
		note
	};
}

/**
 * The edit of round i to the bench's order: the first line's quantity (its total and the
 * customer's value move), and every other round the order moves to another customer too.
 */
function editOrder(edit: { doc: Y.Doc; id: string }, i: number): void {
	const record = edit.doc.getMap('orders').get(edit.id) as Y.Map<unknown>;
	const fields = readRecord(record);
	const lines = (fields.lines as { quantity: number }[]).map((l, j) =>
		j === 0 ? { ...l, quantity: 2 + i } : l
	);
	edit.doc.transact(() => {
		record.set('lines', lines);
		if (i % 2) record.set('personId', `p${i * 7919}`);
	});
}

/** The old way, kept as the reference: every customer from every fact, all at once. */
function fullRecompute(engine: PurchasesEngine, r: ExchangeRate[], now: number) {
	const { orders, interactions } = engine.facts();
	return {
		profiles: buildProfiles(orders, new RateIndex('EUR', r), now),
		effort: buildEffort(interactions, now)
	};
}

/** Throws unless the engine's kept profiles are those a full recompute gives. */
function checkEqual(kept: ReadonlyMap<string, unknown>, full: ReadonlyMap<string, unknown>) {
	if (kept.size !== full.size) throw new Error(`kept ${kept.size} profiles, full ${full.size}`);
	for (const [id, p] of full)
		if (!isDeepStrictEqual(kept.get(id), p))
			throw new Error(`profile ${id} differs from a full recompute`);
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const db = new DeviceDocsDb('purchases-bench');
	const t0 = performance.now();
	const edit = await generate(db);
	console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	const r = rates();
	const cold: number[] = [];
	const edited: number[] = [];
	const editRead: number[] = [];
	const again: number[] = [];
	const full: number[] = [];
	let engine = new PurchasesEngine(db, 'w');
	for (let i = 0; i < (quick ? 1 : 3); i++) {
		engine = new PurchasesEngine(db, 'w');
		cold.push(await time(() => engine.compute('EUR', r, NOW)));
	}
	const customers = (await engine.compute('EUR', r, NOW)).profiles.size;
	let changedAfterEdit = 0;
	const rounds = quick ? 3 : 7;
	let now = NOW;
	for (let i = 0; i < rounds; i++) {
		// The page asks a moment after an edit: a minute after the last computation.
		now += 60_000;
		const before = Y.encodeStateVector(edit.doc);
		editOrder(edit, i);
		const update = Y.encodeStateAsUpdate(edit.doc, before);
		edited.push(
			await time(async () => {
				await appendRows(db, [{ ws: 'w', doc: edit.name, update }]);
				const res = await engine.compute('EUR', r, now);
				if (res.readDocs !== 1) throw new Error(`read ${res.readDocs} documents, not 1`);
				editRead.push(res.readMs);
				changedAfterEdit = Math.max(changedAfterEdit, res.changed.size);
			})
		);
		now += DAY / 2;
		again.push(await time(() => engine.compute('EUR', r, now)));
		// The old full recompute over the same facts, in the same run: the reference.
		let reference: ReturnType<typeof fullRecompute> | null = null;
		full.push(await time(async () => void (reference = fullRecompute(engine, r, now))));
		if (i === rounds - 1) {
			const kept = await engine.compute('EUR', r, now);
			checkEqual(kept.profiles, reference!.profiles);
			checkEqual(kept.effort, reference!.effort);
		}
	}
	db.close();
	const what = `${customers.toLocaleString('en')} customers, 1M order lines in ${MONTHS} months, 100k interactions`;
	const ratio = (xs: number[]) => `${(median(full) / median(xs)).toFixed(0)}×`;
	return [
		result('purchases.rfm.cold', cold, null, `every month read and decoded; ${what}`),
		result(
			'purchases.rfm.edit',
			edited,
			500,
			`an order's lines (and every other time its customer) edited, stored, its new rows read and applied (median ${median(editRead).toFixed(1)} ms of it), its customers re-tallied and everyone re-scored, a minute after the last computation; up to ${changedAfterEdit} customers changed; ${ratio(edited)} faster than the full recompute in the same run; ${what}`,
			median(full)
		),
		result(
			'purchases.rfm.recompute',
			again,
			500,
			`nothing read, half a day later (every recency re-scored, about half of the profiles rebuilt); ${ratio(again)} faster than the full recompute; ${what}`,
			median(full)
		),
		result(
			'purchases.rfm.full',
			full,
			null,
			`reference: every customer's profile and effort from every fact at once (buildProfiles + buildEffort, the engine's way before it kept tallies); checked equal to the kept profiles; ${what}`
		)
	];
}

if (import.meta.url === `file://${process.argv[1]}`) {
	for (const r of await run({ quick: process.argv.includes('--quick') }))
		console.log(
			`${r.id}: median ${r.median.toFixed(0)} ms (${r.min.toFixed(0)}–${r.max.toFixed(0)}, ${r.runs} runs) — ${r.note}`
		);
}
