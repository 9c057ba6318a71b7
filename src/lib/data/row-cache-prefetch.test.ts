import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalDb } from './local-db';
import { RowCache } from './row-cache';

const SCRIPT = readFileSync(new URL('../../../static/prefetch-rows.js', import.meta.url), 'utf8');

/** Runs the page's prefetch script as the browser would, before any module. */
function runPrefetchScript(lastWorkspace: string | null, idb: unknown = indexedDB) {
	const sandbox: Record<string, unknown> = {
		indexedDB: idb,
		IDBKeyRange,
		setTimeout,
		clearTimeout,
		localStorage: { getItem: () => lastWorkspace }
	};
	sandbox.self = sandbox;
	runInNewContext(SCRIPT, sandbox);
	(globalThis as Record<string, unknown>).__crmRowCachePrefetch = sandbox.__crmRowCachePrefetch;
}

const snapshot = (rows: { id: string }[]) => ({ rows, docSnapshots: { '': new Uint8Array([0]) } });

function prefetchDone(): Promise<unknown> {
	return (
		(globalThis as Record<string, unknown>).__crmRowCachePrefetch as { entries: Promise<unknown> }
	).entries;
}

async function databaseNames(): Promise<string[]> {
	return (await indexedDB.databases()).map((d) => d.name ?? '');
}

afterEach(async () => {
	delete (globalThis as Record<string, unknown>).__crmRowCachePrefetch;
	for (const name of await databaseNames()) indexedDB.deleteDatabase(name);
});

describe('the row cache prefetch', () => {
	it('leaves a device with no database without one', async () => {
		runPrefetchScript('ws1');
		await prefetchDone();
		const cache = new RowCache<{ id: string }>(new LocalDb('crm-local'), 'ws1:person', 'b');
		expect(await cache.loadFirst()).toBeNull();
		expect(await cache.load()).toBeNull();
		// Known to be empty: the cache did not open (and so create) the database to look.
		expect(await databaseNames()).not.toContain('crm-local');
	});

	it('hands the prefetched rows over once, then reads the database again', async () => {
		const db = new LocalDb('crm-local');
		const cache = new RowCache<{ id: string }>(db, 'ws1:person', 'b');
		await cache.save(snapshot([{ id: 'a' }]));
		db.close();
		runPrefetchScript('ws1');
		await prefetchDone();
		// Written after the prefetch read: the first load shows the prefetched rows...
		const reopened = new LocalDb('crm-local');
		const later = new RowCache<{ id: string }>(reopened, 'ws1:person', 'b');
		await later.save(snapshot([{ id: 'a' }, { id: 'b' }]));
		expect((await later.loadFirst())?.rows).toEqual([{ id: 'a' }]);
		// ...and every later load the database's.
		expect((await later.loadFirst())?.rows).toEqual([{ id: 'a' }, { id: 'b' }]);
		expect((await later.load())?.rows).toEqual([{ id: 'a' }, { id: 'b' }]);
		reopened.close();
	});

	it('ignores a prefetch made for another workspace', async () => {
		const db = new LocalDb('crm-local');
		await new RowCache<{ id: string }>(db, 'ws2:person', 'b').save(snapshot([{ id: 'x' }]));
		runPrefetchScript('ws1');
		expect((await new RowCache<{ id: string }>(db, 'ws2:person', 'b').load())?.rows).toEqual([
			{ id: 'x' }
		]);
		db.close();
	});

	it('does nothing when no workspace was opened on this device', () => {
		runPrefetchScript(null);
		expect((globalThis as Record<string, unknown>).__crmRowCachePrefetch).toBeUndefined();
	});

	it('hands the rows over when the app asks before the database has opened', async () => {
		// The reload that opened empty: the app's code ran before IndexedDB answered the script.
		const db = new LocalDb('crm-local');
		await new RowCache<{ id: string }>(db, 'ws1:person', 'b').save(snapshot([{ id: 'a' }]));
		db.close();
		runPrefetchScript('ws1');
		const people = new RowCache<{ id: string }>(new LocalDb('crm-local'), 'ws1:person', 'b');
		const organizations = new RowCache<{ id: string }>(
			new LocalDb('crm-local'),
			'ws1:organization',
			'b'
		);
		const [p, o] = await Promise.all([people.load(), organizations.load()]);
		expect(p?.rows).toEqual([{ id: 'a' }]);
		expect(o).toBeNull();
	});

	it('gives up on a database that never answers, and the app reads the cache itself', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const silent = { open: () => ({}) }; // an open request that never settles
			runPrefetchScript('ws1', silent);
			const settled = prefetchDone();
			await vi.advanceTimersByTimeAsync(3_000);
			expect(await settled).toBeNull();
		} finally {
			vi.useRealTimers();
		}
		const db = new LocalDb('crm-local');
		await new RowCache<{ id: string }>(db, 'ws1:person', 'b').save(snapshot([{ id: 'z' }]));
		expect((await new RowCache<{ id: string }>(db, 'ws1:person', 'b').load())?.rows).toEqual([
			{ id: 'z' }
		]);
		db.close();
	});

	it("reads every type's entry of the last workspace, and no other workspace's", async () => {
		const db = new LocalDb('crm-local');
		for (const key of ['ws1:person', 'ws1:deal', 'ws10:person', 'ws2:person'])
			await new RowCache<{ id: string }>(db, key, 'b').save(snapshot([{ id: key }]));
		db.close();
		runPrefetchScript('ws1');
		expect(Object.keys((await prefetchDone()) as object).sort()).toEqual([
			'ws1:deal',
			'ws1:person'
		]);
		const deals = new RowCache<{ id: string }>(new LocalDb('crm-local'), 'ws1:deal', 'b');
		expect((await deals.load())?.rows).toEqual([{ id: 'ws1:deal' }]);
	});
});
