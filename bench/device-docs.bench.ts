/**
 * Device storage of many documents, in real Chromium with a profile on disk: a workspace stored
 * as 256 documents of ~400 people each (~100k records) in DeviceDocs (one database, one read
 * transaction) against 256 y-indexeddb databases, and as one document of the same size in
 * both. For each: time to read every byte, time to apply them to Y.Docs, the longest single
 * apply (how long the page cannot answer input), and for y-indexeddb its own open path
 * (256 IndexeddbPersistence until all are synced). The browser is restarted before each run,
 * so every run opens its databases afresh (the OS file cache stays warm).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import * as Y from 'yjs';
import { chromium, type BrowserContext } from '@playwright/test';
import * as B from './fixtures/business';
import { CULTURES } from './fixtures/cultures';
import { Random } from './prng';
import { LAUNCH_OPTIONS } from './harness/browser';
import { ROOT } from './harness/paths';
import { serveStatic, type StaticServer } from './harness/static-server';
import { summarize, type BenchOptions, type BenchResult } from './result';

const PAGE = '/__bench/device-docs.html';
const SHARD_COUNT = 256;

/** The page's side, bundled with esbuild (DeviceDocs, Dexie, Yjs, y-indexeddb as the app has them). */
const PAGE_SOURCE = `
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { DeviceDocs } from './src/lib/data/device-docs';
import { DeviceDocsDb } from './src/lib/data/device-docs-db';

type Seed = { names: string[]; offsets: number[] };

async function seedBytes(): Promise<{ seed: Seed; parts: Uint8Array[] }> {
	const seed = (await (await fetch('/__bench/seed.json')).json()) as Seed;
	const all = new Uint8Array(await (await fetch('/__bench/seed.bin')).arrayBuffer());
	const parts = seed.names.map((_, i) => all.slice(seed.offsets[i], seed.offsets[i + 1]));
	return { seed, parts };
}

function idbRequest<T>(req: IDBRequest): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result as T);
		req.onerror = () => reject(req.error);
	});
}

/** A database laid out as y-indexeddb keeps it (bench/harness/browser.ts seedDevice). */
function openYIndexeddb(name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name, 1);
		req.onupgradeneeded = () => {
			req.result.createObjectStore('updates', { autoIncrement: true });
			req.result.createObjectStore('custom');
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

async function seed(ws: string, prefix: string) {
	const { seed, parts } = await seedBytes();
	const db = new DeviceDocsDb();
	await db.updates.bulkAdd(seed.names.map((doc, i) => ({ ws, doc, update: parts[i] })));
	db.close();
	await Promise.all(
		seed.names.map(async (name, i) => {
			const idb = await openYIndexeddb(prefix + i);
			const tx = idb.transaction('updates', 'readwrite');
			tx.objectStore('updates').add(parts[i]);
			await new Promise((r, j) => ((tx.oncomplete = r), (tx.onerror = () => j(tx.error))));
			idb.close();
		})
	);
	return parts.reduce((n, p) => n + p.byteLength, 0);
}

async function store(ws: string) {
	const t0 = performance.now();
	const docs = new DeviceDocs(ws, new DeviceDocsDb(), { loadLimitMs: 120_000 });
	const all = await docs.loadAll();
	const loadMs = performance.now() - t0;
	let longestMs = 0;
	let records = 0;
	for (const [name, stored] of all) {
		const doc = new Y.Doc();
		const t = performance.now();
		void docs.attach(name, doc, stored);
		longestMs = Math.max(longestMs, performance.now() - t);
		records += doc.getMap('people').size;
	}
	const applyMs = performance.now() - t0 - loadMs;
	await docs.destroy();
	return { loadMs, applyMs, longestMs, totalMs: loadMs + applyMs, docs: all.size, records };
}

/** y-indexeddb's databases read with plain IndexedDB (all opened at once), then applied. */
async function yIndexeddbRaw(prefix: string, count: number) {
	const t0 = performance.now();
	const all = await Promise.all(
		Array.from({ length: count }, async (_, i) => {
			const db = await openYIndexeddb(prefix + i);
			const rows = await idbRequest<Uint8Array[]>(
				db.transaction('updates').objectStore('updates').getAll()
			);
			db.close();
			return rows;
		})
	);
	const loadMs = performance.now() - t0;
	let longestMs = 0;
	let records = 0;
	// Kept, as DeviceDocs and the app keep them: documents dropped at once would flatter this.
	const kept: Y.Doc[] = [];
	for (const rows of all) {
		const doc = new Y.Doc();
		kept.push(doc);
		const t = performance.now();
		doc.transact(() => rows.forEach((u) => Y.applyUpdate(doc, u)));
		longestMs = Math.max(longestMs, performance.now() - t);
		records += doc.getMap('people').size;
	}
	const applyMs = performance.now() - t0 - loadMs;
	return { loadMs, applyMs, longestMs, totalMs: loadMs + applyMs, docs: all.length, records };
}

/** The app's path today: one IndexeddbPersistence per document, until every one is synced. */
async function yIndexeddbProvider(prefix: string, count: number) {
	const t0 = performance.now();
	let longestMs = 0;
	const persistences = Array.from({ length: count }, (_, i) => {
		const doc = new Y.Doc();
		let started = 0;
		doc.on('beforeTransaction', () => (started = performance.now()));
		doc.on('afterTransaction', () => (longestMs = Math.max(longestMs, performance.now() - started)));
		return new IndexeddbPersistence(prefix + i, doc);
	});
	await Promise.all(persistences.map((p) => p.whenSynced));
	const totalMs = performance.now() - t0;
	const records = persistences.reduce((n, p) => n + p.doc.getMap('people').size, 0);
	await Promise.all(persistences.map((p) => p.destroy()));
	return { totalMs, longestMs, records };
}

(window as unknown as Record<string, unknown>).__dd = { seed, store, yIndexeddbRaw, yIndexeddbProvider };
`;

interface Timing {
	loadMs: number;
	applyMs: number;
	longestMs: number;
	totalMs: number;
	records: number;
}

interface Layout {
	label: string;
	id: string;
	docs: { name: string; update: Uint8Array }[];
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const perShard = quick ? 100 : 400;
	const runs = quick ? 1 : 5;
	const bundle = await build({
		stdin: { contents: PAGE_SOURCE, resolveDir: ROOT, loader: 'ts' },
		bundle: true,
		format: 'iife',
		platform: 'browser',
		write: false,
		minify: true
	});
	const layouts = generateLayouts(perShard);
	const root = mkdtempSync(path.join(os.tmpdir(), 'crm-bench-dd-'));
	writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>bench</title>');
	const server = await serveStatic(root);
	server.put('/__bench/device-docs.js', Buffer.from(bundle.outputFiles[0].contents));
	server.put(
		PAGE,
		'<!doctype html><meta charset="utf-8"><title>bench</title><script src="/__bench/device-docs.js"></script>'
	);
	const results: BenchResult[] = [];
	try {
		for (const layout of layouts) {
			try {
				results.push(...(await measureLayout(server, root, layout, runs)));
			} catch (err) {
				throw Object.assign(err instanceof Error ? err : new Error(String(err)), { results });
			}
		}
	} finally {
		await server.close();
		rmSync(root, { recursive: true, force: true });
	}
	return results;
}

/** 256 shards of `perShard` people, and one document of as many people. */
function generateLayouts(perShard: number): Layout[] {
	const shards = Array.from({ length: SHARD_COUNT }, (_, i) => ({
		name: `people.${i.toString(16).padStart(2, '0')}`,
		update: peopleDoc(perShard, 1_000 + i)
	}));
	const total = perShard * SHARD_COUNT;
	const k = `${Math.round(total / 1000)}k`;
	return [
		{
			label: `${SHARD_COUNT} documents of ${perShard} people`,
			id: `${SHARD_COUNT}x${perShard}`,
			docs: shards
		},
		{
			label: `1 document of ${total.toLocaleString('en-US')} people`,
			id: `1x${k}`,
			docs: [{ name: '', update: peopleDoc(total, 42) }]
		}
	];
}

/**
 * A document of person-like records, shaped as the app stores them (record-writer.ts: one
 * Y.Map per person holding its fields' snapshot and a Y.Text of notes, later edits as one key
 * per field), written 1,000 per transaction as an import does, then edits to a tenth of them.
 * Self-contained, so that it measures storage whatever the document layout becomes.
 */
function peopleDoc(count: number, seed: number): Uint8Array {
	const rng = new Random(seed);
	const doc = new Y.Doc();
	doc.clientID = seed;
	const people = doc.getMap<Y.Map<unknown>>('people');
	const history = doc.getArray<unknown>('history');
	const members = B.MEMBER_NAMES.map(() => rng.uuid());
	const ids: string[] = [];
	for (let start = 0; start < count; start += 1_000) {
		doc.transact(() => {
			for (let i = start; i < Math.min(count, start + 1_000); i++) {
				const c = rng.weighted(CULTURES.map((x) => [x, x.weight] as const));
				const firstName = rng.pick(c.firstNames);
				const lastName = rng.pick(c.lastNames);
				const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
				const { city, region } = rng.pick(c.cities);
				const fields = {
					firstName,
					lastName,
					title: rng.pick(B.TITLES),
					kind: rng.weighted(B.KINDS),
					ownerId: rng.pick(members),
					emails: [{ label: 'work', value: `${local}@${rng.pick(B.PERSONAL_MAIL)}` }],
					phones: [{ label: 'mobile', value: `${c.dialCode} ${rng.digits(9)}` }],
					addresses: rng.chance(0.7)
						? [
								{
									label: 'work',
									street: `${rng.pick(c.streets)} ${rng.int(1, 200)}`,
									city,
									region,
									country: c.country
								}
							]
						: [],
					tags: rng.some(B.TAGS, 0, 3),
					interests: rng.some(B.INTERESTS, 0, 2),
					source: rng.pick(B.SOURCES),
					createdAt: 1_640_000_000_000 + i * 60_000,
					createdBy: rng.pick(members)
				};
				const map = new Y.Map<unknown>();
				map.set('s', JSON.stringify(fields));
				map.set('notes', new Y.Text(rng.chance(0.3) ? rng.pick(B.NOTE_SENTENCES) : ''));
				const id = rng.uuid();
				people.set(id, map);
				ids.push(id);
			}
		});
	}
	for (let start = 0; start < count / 10; start += 1_000) {
		doc.transact(() => {
			for (let i = start; i < Math.min(count / 10, start + 1_000); i++) {
				const id = rng.pick(ids);
				const title = rng.pick(B.TITLES);
				people.get(id)!.set('f:title', title);
				history.push([{ r: id, f: 'title', n: title, b: rng.pick(members), t: i }]);
			}
		});
	}
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

async function measureLayout(
	server: StaticServer,
	root: string,
	layout: Layout,
	runs: number
): Promise<BenchResult[]> {
	const offsets = [0];
	for (const d of layout.docs) offsets.push(offsets[offsets.length - 1] + d.update.byteLength);
	server.put('/__bench/seed.bin', Buffer.concat(layout.docs.map((d) => d.update)));
	server.put(
		'/__bench/seed.json',
		JSON.stringify({ names: layout.docs.map((d) => d.name), offsets })
	);
	const bytes = offsets[offsets.length - 1];
	const profileDir = path.join(root, `profile-${layout.id}`);
	const ws = `bench-${layout.id}`;
	const prefix = `crm-ws-bench-${layout.id}-`;
	const count = layout.docs.length;

	await withPage(profileDir, server, (page) =>
		page.evaluate(`window.__dd.seed(${JSON.stringify(ws)}, ${JSON.stringify(prefix)})`)
	);
	const store: Timing[] = [];
	const raw: Timing[] = [];
	const provider: { totalMs: number; longestMs: number; records: number }[] = [];
	for (let i = 0; i < runs; i++) {
		// Alternate which goes first, so neither always finds the other's pages in the cache.
		const order = i % 2 === 0 ? ['store', 'raw', 'provider'] : ['provider', 'raw', 'store'];
		for (const what of order) {
			await withPage(profileDir, server, async (page) => {
				if (what === 'store')
					store.push((await page.evaluate(`window.__dd.store(${JSON.stringify(ws)})`)) as Timing);
				else if (what === 'raw')
					raw.push(
						(await page.evaluate(
							`window.__dd.yIndexeddbRaw(${JSON.stringify(prefix)}, ${count})`
						)) as Timing
					);
				else
					provider.push(
						(await page.evaluate(
							`window.__dd.yIndexeddbProvider(${JSON.stringify(prefix)}, ${count})`
						)) as { totalMs: number; longestMs: number; records: number }
					);
			});
		}
	}
	const expected = layout.docs.length === 1 ? null : store[0].records;
	for (const r of [...store, ...raw, ...provider]) {
		if (r.records === 0 || (expected !== null && r.records !== expected)) {
			throw new Error(`${layout.id}: a run loaded ${r.records} people, expected ${expected}`);
		}
	}
	const note = `${layout.label}, ${(bytes / 1e6).toFixed(1)} MB stored`;
	const id = `device_docs.${layout.id}`;
	const pick = (t: Timing[], k: keyof Timing) => t.map((x) => x[k]);
	return [
		summarize(
			`${id}.store.load`,
			'ms',
			'lower',
			pick(store, 'loadMs'),
			null,
			pick(raw, 'loadMs'),
			`DeviceDocs.loadAll: every row in one read transaction (${note}); reference: the same bytes in ${count} y-indexeddb database(s), opened and read at once`
		),
		summarize(
			`${id}.store.apply`,
			'ms',
			'lower',
			pick(store, 'applyMs'),
			null,
			pick(raw, 'applyMs'),
			`DeviceDocs.attach of every document into a new Y.Doc (${note}); reference: applying what was read from y-indexeddb`
		),
		summarize(
			`${id}.store.longest_apply`,
			'ms',
			'lower',
			pick(store, 'longestMs'),
			null,
			pick(raw, 'longestMs'),
			`the longest single attach: the longest the page cannot answer input (${note})`
		),
		summarize(
			`${id}.store.total`,
			'ms',
			'lower',
			pick(store, 'totalMs'),
			null,
			provider.map((p) => p.totalMs),
			`read and apply everything from DeviceDocs (${note}); reference: ${count} IndexeddbPersistence until all are synced, the app's path today`
		),
		summarize(
			`${id}.y-indexeddb.load`,
			'ms',
			'lower',
			pick(raw, 'loadMs'),
			null,
			undefined,
			`${count} y-indexeddb database(s) opened and read at once with plain IndexedDB (${note})`
		),
		summarize(
			`${id}.y-indexeddb.apply`,
			'ms',
			'lower',
			pick(raw, 'applyMs'),
			null,
			undefined,
			`applying what was read from y-indexeddb, one transaction per document (${note})`
		),
		summarize(
			`${id}.y-indexeddb.provider`,
			'ms',
			'lower',
			provider.map((p) => p.totalMs),
			null,
			undefined,
			`${count} IndexeddbPersistence created at once, until every whenSynced resolved (${note})`
		),
		summarize(
			`${id}.y-indexeddb.provider.longest_apply`,
			'ms',
			'lower',
			provider.map((p) => p.longestMs),
			null,
			undefined,
			`the longest single Yjs transaction while y-indexeddb applied (${note})`
		)
	];
}

/** A fresh browser on the profile (its databases opened afresh), one page of the bench's origin. */
async function withPage<T>(
	profileDir: string,
	server: StaticServer,
	fn: (page: Awaited<ReturnType<BrowserContext['newPage']>>) => Promise<T>
): Promise<T> {
	const context = await chromium.launchPersistentContext(profileDir, LAUNCH_OPTIONS);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(300_000);
		await page.goto(server.origin + PAGE);
		await page.waitForFunction('window.__dd !== undefined');
		return await fn(page);
	} finally {
		await context.close();
	}
}
