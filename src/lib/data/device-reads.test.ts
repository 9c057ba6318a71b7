import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceDocsDb, type StoredUpdate } from './device-docs-db';
import { deviceReads, readsHere } from './device-reads';
import {
	answerRead,
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
			'id,rows,left'
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
			// Asked before the worker loaded: read here, not kept waiting for it.
			expect(bytesOf(await reads.doc('w', 'people.a7', () => {}))).toEqual([
				'people.a7:2',
				'people.a7:3'
			]);
			await new Promise((resolve) => setTimeout(resolve, 10)); // loaded (or failed)
			let started = 0;
			const whole = await reads.workspace('w', NOW, () => started++);
			const expected = await here.workspace('w', NOW, () => {});
			expect(bytesOf(whole.rows)).toEqual(bytesOf(expected.rows));
			expect(whole.left.sort()).toEqual(expected.left.sort());
			expect(started).toBe(1);
			expect(bytesOf(await reads.doc('w', 'interactions.2026-01', () => {}))).toEqual([
				'interactions.2026-01:5'
			]);
			expect(answered.map((r) => r.read)).toEqual(mode === 'works' ? ['workspace', 'doc'] : []);
			reads.close();
			// Closed (the workspace left): a read still answers, here.
			expect(bytesOf(await reads.doc('w', '', () => {}))).toEqual([':1']);
		});
	}
});
