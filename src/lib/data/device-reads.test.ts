import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceDocsDb, type StoredUpdate } from './device-docs-db';
import { deviceReads, readsHere } from './device-reads';
import * as Y from 'yjs';
import {
	answerRead,
	inSlices,
	type DeviceReadAnswer,
	type DeviceReadRequest
} from '$lib/workers/device-read';

const NOW = Date.UTC(2026, 11, 3);
let count = 0;
const opened: DeviceDocsDb[] = [];

async function stored(): Promise<DeviceDocsDb> {
	const db = new DeviceDocsDb(`device-reads-test-${++count}`);
	opened.push(db);
	const row = (doc: string, ...bytes: number[]) => ({
		ws: 'w',
		doc,
		update: new Uint8Array(bytes)
	});
	await db.updates.bulkAdd([
		row('', 1),
		row('people.a7', 2),
		row('people.a7', 3),
		row('interactions.2026-12', 4), // hot
		row('interactions.2026-01', 5), // old: opens later
		row('campaign-outbox.c1', 6), // opens on demand
		{ ws: 'other', doc: '', update: new Uint8Array([9]) }
	]);
	return db;
}

afterEach(() => {
	vi.unstubAllGlobals();
	for (const db of opened.splice(0)) db.close();
});

const bytesOf = (rows: StoredUpdate[]) => rows.map((r) => `${r.doc}:${[...r.update].join()}`);

/** A Worker whose thread is this one: what it is sent once loaded, answerRead answers, copied
 * (or transferred) as postMessage would; `mode` breaks it as a real one may break. */
function fakeWorker(
	db: DeviceDocsDb,
	mode: 'works' | 'fails' | 'never loads',
	answered: DeviceReadRequest[]
) {
	return class {
		onmessage: ((event: { data: unknown }) => void) | null = null;
		onerror: ((event: { preventDefault(): void }) => void) | null = null;
		terminated = false;
		loaded = false;
		constructor() {
			setTimeout(() => {
				this.loaded = mode === 'works';
				if (mode === 'works') this.onmessage?.({ data: { ready: true } });
				if (mode === 'fails') this.onerror?.({ preventDefault() {} });
			}, 0);
		}
		postMessage(request: DeviceReadRequest) {
			// A message sent before the worker's handler is set is lost.
			if (!this.loaded) return;
			answered.push(request);
			void answerRead(db, structuredClone(request), (message, transfer = []) => {
				const data = structuredClone(message, { transfer });
				setTimeout(() => !this.terminated && this.onmessage?.({ data }), 0);
			});
		}
		terminate() {
			this.terminated = true;
		}
	};
}

describe('reading stored documents', () => {
	it('in the worker: the open documents, the others named; started first, buffers transferred', async () => {
		const db = await stored();
		const answers: { message: DeviceReadAnswer; transfer: Transferable[] }[] = [];
		await answerRead(
			db,
			{ id: 7, ws: 'w', read: 'workspace', now: NOW },
			(message, transfer = []) => answers.push({ message, transfer })
		);
		expect(answers.map((a) => Object.keys(a.message).join())).toEqual([
			'id,started',
			'id,rows,sliced,left'
		]);
		const last = answers[1].message as Extract<DeviceReadAnswer, { rows: unknown }>;
		expect(bytesOf(last.rows)).toEqual([
			':1',
			'interactions.2026-12:4',
			'people.a7:2',
			'people.a7:3'
		]);
		expect(last.left.sort()).toEqual(['campaign-outbox.c1', 'interactions.2026-01']);
		expect(answers[1].transfer).toHaveLength(4);
		expect(new Set(answers[1].transfer).size).toBe(4);

		const doc: DeviceReadAnswer[] = [];
		await answerRead(db, { id: 8, ws: 'w', read: 'doc', doc: 'interactions.2026-01' }, (m) =>
			doc.push(m)
		);
		expect(bytesOf((doc[1] as { rows: StoredUpdate[] }).rows)).toEqual(['interactions.2026-01:5']);
	});

	it('in the worker: a large document merged and in slices that give the same document', async () => {
		const db = new DeviceDocsDb(`device-reads-test-${++count}`);
		opened.push(db);
		const month = new Y.Doc();
		const rows: StoredUpdate[] = [];
		month.on('update', (update: Uint8Array) =>
			rows.push({ ws: 'w', doc: 'interactions.2026-12', update })
		);
		// 1.2 MB in 40 rows: past the threshold (each row alone is not).
		for (let i = 0; i < 40; i++)
			month.transact(() => {
				for (let j = 0; j < 30; j++)
					month.getMap('interactions').set(`${i}-${j}`, 'x'.repeat(1_000));
			});
		await db.updates.bulkAdd([...rows, { ws: 'w', doc: 'people.a7', update: new Uint8Array([2]) }]);
		const answers: { message: DeviceReadAnswer; transfer: Transferable[] }[] = [];
		await answerRead(
			db,
			{ id: 3, ws: 'w', read: 'workspace', now: NOW },
			(message, transfer = []) => answers.push({ message, transfer })
		);
		const { message, transfer } = answers[1] as {
			message: Extract<DeviceReadAnswer, { sliced: unknown }>;
			transfer: Transferable[];
		};
		expect(bytesOf(message.rows)).toEqual(['people.a7:2']); // small: as stored
		expect(message.sliced).toHaveLength(1);
		const [sliced] = message.sliced;
		expect(sliced.doc).toBe('interactions.2026-12');
		const ids = await db.updates.where('[ws+doc]').equals(['w', sliced.doc]).primaryKeys();
		expect(sliced.ids).toEqual(ids);
		expect(ids).toHaveLength(40);
		expect(sliced.slices.length).toBeGreaterThan(4);
		expect(transfer).toHaveLength(1 + sliced.slices.length);
		const doc = new Y.Doc();
		for (const slice of sliced.slices) Y.applyUpdate(doc, slice);
		// (Compared as bytes: a deep comparison of 1.2 MB takes seconds.)
		const same = Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Y.encodeStateAsUpdate(month));
		expect(same).toBe(true);
	});

	it('leaves a large document as rows when one of them is not an update (the page reports it)', () => {
		const good = new Y.Doc();
		good.getMap('m').set('k', 'x'.repeat(2_000));
		const rows: StoredUpdate[] = [
			{ id: 1, ws: 'w', doc: 'd', update: Y.encodeStateAsUpdate(good) },
			{ id: 2, ws: 'w', doc: 'd', update: new Uint8Array([200, 1, 2]) }
		];
		expect(inSlices(rows, 1_000)).toEqual({ rows, sliced: [] });
		expect(inSlices(rows.slice(0, 1), 1_000).sliced.map((d) => d.ids)).toEqual([[1]]);
	});

	it('says what went wrong instead of rows', async () => {
		const db = await stored();
		db.close();
		const answers: DeviceReadAnswer[] = [];
		await answerRead(db, { id: 1, ws: 'w', read: 'doc', doc: '' }, (m) => answers.push(m));
		expect(answers).toEqual([{ id: 1, error: expect.stringMatching(/closed/i) }]);
	});

	for (const mode of ['works', 'fails', 'never loads'] as const) {
		it(`through a worker that ${mode}: the same rows as read here`, async () => {
			const db = await stored();
			const answered: DeviceReadRequest[] = [];
			vi.stubGlobal('Worker', fakeWorker(db, mode, answered));
			const reads = deviceReads(db);
			const here = readsHere(db);
			// Asked before the worker loaded: it waits a moment for the worker (a read here holds
			// the page), then, if the worker is not there, reads here rather than wait on.
			const asked = performance.now();
			expect(bytesOf((await reads.doc('w', 'people.a7', () => {})).rows)).toEqual([
				'people.a7:2',
				'people.a7:3'
			]);
			const waited = performance.now() - asked;
			if (mode === 'never loads') expect(waited).toBeGreaterThanOrEqual(200);
			await new Promise((resolve) => setTimeout(resolve, 10)); // loaded (or failed)
			let started = 0;
			const again = performance.now();
			const whole = await reads.workspace('w', NOW, () => started++);
			if (mode === 'never loads') expect(performance.now() - again).toBeLessThan(200); // once
			const expected = await here.workspace('w', NOW, () => {});
			expect(bytesOf(whole.rows)).toEqual(bytesOf(expected.rows));
			expect(whole.left.sort()).toEqual(expected.left.sort());
			expect(started).toBe(1);
			expect(bytesOf((await reads.doc('w', 'interactions.2026-01', () => {})).rows)).toEqual([
				'interactions.2026-01:5'
			]);
			expect(answered.map((r) => r.read)).toEqual(
				mode === 'works' ? ['doc', 'workspace', 'doc'] : []
			);
			reads.close();
			// Closed (the workspace left): a read still answers, here.
			expect(bytesOf((await reads.doc('w', '', () => {})).rows)).toEqual([':1']);
		});
	}
});
