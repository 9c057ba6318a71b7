import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalDb } from './local-db';
import { decodeRows, encodeRows, encodeRowsInSlices, RowCache } from './row-cache';
import { Slices } from './slices';

const rows = [
	{ id: 'a', name: 'Ada', tags: ['vip'], custom: { f1: 3 }, organizationId: null, search: 'ada' },
	{ id: 'b', name: 'Björn', tags: [], custom: {}, organizationId: 'o1', search: 'bjorn' }
];

describe('the row cache', () => {
	it('gives back the rows it stored, search haystack included', () => {
		expect(decodeRows(encodeRows(rows))).toEqual(rows);
		expect(decodeRows(encodeRows([]))).toEqual([]);
	});

	it('encodes in slices the same text, pausing between chunks of rows', async () => {
		const many = Array.from({ length: 5_000 }, (_, i) => ({ ...rows[i % 2], id: `r${i}` }));
		let pauses = 0;
		const text = await encodeRowsInSlices(many, new Slices(async () => void pauses++, 0));
		expect(text).toBe(encodeRows(many));
		expect(pauses).toBeGreaterThanOrEqual(2);
		expect(await encodeRowsInSlices([], new Slices())).toBe(encodeRows([]));
	});

	it('stores a large cache as a Blob, and reads it back', async () => {
		const many = Array.from({ length: 40_000 }, (_, i) => ({
			...rows[i % 2],
			id: `r${i}`,
			search: 'x'.repeat(200)
		}));
		const stored = await encodeRowsInSlices(many, new Slices());
		expect(stored).toBeInstanceOf(Blob);
		expect(await (stored as Blob).text()).toBe(encodeRows(many));
		const db = new LocalDb('row-cache-test-4');
		const cache = new RowCache<(typeof many)[number]>(db, 'w:person', 'build-1');
		await cache.save({ rows: many, docSnapshots: { '': new Uint8Array([1]) } });
		expect((await cache.load())?.rows).toHaveLength(40_000);
		db.close();
	});

	it('reads a cache an earlier build wrote as a string', async () => {
		const db = new LocalDb('row-cache-test-3');
		await db.rowCache.put({ key: 'w:person', json: encodeRows(rows), count: 2, savedAt: 1 });
		expect((await new RowCache(db, 'w:person', 'build-1').load())?.rows).toEqual(rows);
		db.close();
	});

	it('treats an older format or damaged JSON as no cache', async () => {
		expect(decodeRows(JSON.stringify(rows))).toBeNull();
		expect(decodeRows('null')).toBeNull();
		const db = new LocalDb('row-cache-test');
		await db.rowCache.put({ key: 'w:person', json: '{"v":2,"keys":', count: 1, savedAt: 1 });
		expect(await new RowCache(db, 'w:person', 'build-1').load()).toBeNull();
		await db.rowCache.put({ key: 'w:person', json: JSON.stringify(rows), count: 2, savedAt: 1 });
		expect(await new RowCache(db, 'w:person', 'build-1').load()).toBeNull();
		db.close();
	});

	it('round-trips through the device database', async () => {
		const db = new LocalDb('row-cache-test-2');
		const cache = new RowCache<(typeof rows)[number]>(db, 'w:person', 'build-1');
		const docSnapshots = { '': new Uint8Array([1, 2, 3]), 'people.a7': new Uint8Array([4, 5]) };
		await cache.save({ rows, docSnapshots });
		expect(await cache.load()).toEqual({ rows, docSnapshots });
		// Another build may build rows differently: its rows show, but are all built again.
		const nextBuild = new RowCache<(typeof rows)[number]>(db, 'w:person', 'build-2');
		expect(await nextBuild.load()).toEqual({ rows, docSnapshots: null });
		db.close();
	});
});
