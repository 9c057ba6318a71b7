// The storage contract on a real PostgreSQL (Debian's binaries, a cluster in a temp dir on a
// loopback port; no PostgreSQL installed is a failure, not a skip), and what only this backend
// has: several processes on one database, compaction one at a time, the server going away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PgStore } from './pg-store.ts';
import { startPostgres, type TestPostgres } from './pg-test-server.ts';
import { registerStorageContractTests } from './storage-contract.ts';
import { CORE_DOC } from '../src/lib/sync/wire.ts';

const PORT = Number(process.env.PG_TEST_PORT ?? 25432);
let server: TestPostgres;
let databases = 0;

beforeAll(() => {
	server = startPostgres(PORT);
}, 120_000);
afterAll(() => server?.destroy());

async function freshUrl(): Promise<string> {
	return server.createDatabase(`store_${++databases}`);
}

registerStorageContractTests('PgStore', async () => {
	const url = await freshUrl();
	const store = new PgStore(url, { compactLogBytes: 1 << 30 });
	return { store, reopen: async () => (await store.close(), new PgStore(url)) };
});

function edit(doc: Y.Doc, key: string, value: unknown): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getMap('people').set(key, value);
	return Y.encodeStateAsUpdate(doc, before);
}

function contents(updates: Uint8Array[]): unknown {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return doc.getMap('people').toJSON();
}

describe('PgStore shared by several processes', () => {
	it('two stores on one database: appends of both kept, compaction by one at a time', async () => {
		const url = await freshUrl();
		const a = new PgStore(url, { compactLogBytes: 1 << 30 });
		const b = new PgStore(url, { compactLogBytes: 1 << 30 });
		const doc = new Y.Doc();
		for (let i = 0; i < 40; i++) {
			await (i % 2 ? a : b).append('shared-ws-1', 'people.a1', edit(doc, `k${i}`, i));
		}
		// Both compact while both keep appending: whichever holds the lock merges, the other's
		// attempt returns, and no row appended meanwhile is deleted unmerged.
		const during: Promise<void>[] = [];
		for (let i = 40; i < 80; i++) {
			during.push((i % 2 ? a : b).append('shared-ws-1', 'people.a1', edit(doc, `k${i}`, i)));
			if (i % 10 === 0) {
				during.push(a.compact('shared-ws-1', 'people.a1'), b.compact('shared-ws-1', 'people.a1'));
			}
		}
		await Promise.all(during);
		expect(contents(await a.load('shared-ws-1', 'people.a1'))).toEqual(
			doc.getMap('people').toJSON()
		);
		await b.compact('shared-ws-1', 'people.a1');
		const stored = await a.load('shared-ws-1', 'people.a1');
		expect(stored).toHaveLength(1);
		expect(contents(stored)).toEqual(doc.getMap('people').toJSON());
		expect(await b.listWorkspaces()).toEqual(['shared-ws-1']);
		await a.close();
		await b.close();
	});

	it('a compaction holding the lock makes another process skip, not wait or double', async () => {
		const url = await freshUrl();
		const a = new PgStore(url);
		const doc = new Y.Doc();
		for (let i = 0; i < 5; i++) await a.append('locked-ws-1', CORE_DOC, edit(doc, `k${i}`, i));
		// Hold the document's compaction lock as another process would.
		const holder = await a.pool.connect();
		await holder.query('BEGIN');
		await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['locked-ws-1/']);
		await a.compact('locked-ws-1', CORE_DOC);
		expect(await a.load('locked-ws-1', CORE_DOC)).toHaveLength(5);
		await holder.query('ROLLBACK');
		holder.release();
		await a.compact('locked-ws-1', CORE_DOC);
		expect(await a.load('locked-ws-1', CORE_DOC)).toHaveLength(1);
		await a.close();
	});
});

describe('PgStore while PostgreSQL is unreachable', () => {
	it('holds appends unacknowledged while it is down and stores them all when it is back', async () => {
		const url = await freshUrl();
		const errors: unknown[] = [];
		const store = new PgStore(url, { onError: (_id, error) => errors.push(error) });
		const doc = new Y.Doc();
		await store.append('outage-ws-1', CORE_DOC, edit(doc, 'before', 0));
		expect(await store.ping()).toBe(true);

		server.stop();
		expect(await store.ping()).toBe(false);
		let acknowledged = 0;
		const during = Array.from({ length: 30 }, (_, i) =>
			store.append('outage-ws-1', `people.b${i % 3}`, edit(doc, `down${i}`, i)).then(() => {
				acknowledged++;
			})
		);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(acknowledged).toBe(0);
		expect(store.isReachable).toBe(false);

		server.start();
		await Promise.all(during);
		expect(acknowledged).toBe(30);
		expect(await store.ping()).toBe(true);
		expect(errors.length).toBeGreaterThan(0);
		await store.close();

		const again = new PgStore(url);
		const all: Uint8Array[] = [];
		for (const name of await again.listDocuments('outage-ws-1')) {
			all.push(...(await again.load('outage-ws-1', name)));
		}
		expect(contents(all)).toEqual(doc.getMap('people').toJSON());
		expect(await again.listDocuments('outage-ws-1')).toEqual([
			CORE_DOC,
			'people.b0',
			'people.b1',
			'people.b2'
		]);
		await again.close();
	}, 60_000);

	it('gives up after retryForMs, so a room is rebuilt instead of waiting forever', async () => {
		const url = await freshUrl();
		const store = new PgStore(url, { retryForMs: 800 });
		const doc = new Y.Doc();
		await store.append('giveup-ws-1', CORE_DOC, edit(doc, 'stored', 1));
		server.stop();
		try {
			await expect(store.append('giveup-ws-1', CORE_DOC, edit(doc, 'lost', 2))).rejects.toThrow();
		} finally {
			server.start();
		}
		expect(contents(await store.load('giveup-ws-1', CORE_DOC))).toEqual({ stored: 1 });
		await store.close();
	}, 60_000);
});
