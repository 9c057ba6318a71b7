import 'fake-indexeddb/auto';
import { setFlagsFromString } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIRST_PAGE_ROWS } from '$lib/domain/first-page';
import { LocalDb } from './local-db';
import { isInterned } from './intern';
import { decodeRows, encodePartsInSlices, encodeRows, ROWS_PER_PART, RowCache } from './row-cache';
import { ROW_CACHE_PACING } from './save-pacing';
import { Slices } from './slices';

const rows = [
	{ id: 'a', name: 'Ada', tags: ['vip'], custom: { f1: 3 }, organizationId: null, search: 'ada' },
	{ id: 'b', name: 'Björn', tags: [], custom: {}, organizationId: 'o1', search: 'bjorn' }
];
type Row = (typeof rows)[number];

/** `n` rows named so that their default order (by name, then id) is not their stored order. */
function many(n: number, search = 'x'): Row[] {
	return Array.from({ length: n }, (_, i) => ({
		...rows[i % 2],
		id: `r${String(i).padStart(6, '0')}`,
		name: `Name ${String((i * 7919) % n).padStart(6, '0')}`,
		search
	}));
}

describe('the row cache', () => {
	it('gives back the rows it stored, search haystack included', () => {
		expect(decodeRows(encodeRows(rows))).toEqual(rows);
		expect(decodeRows(encodeRows([]))).toEqual([]);
	});

	it('gives every row without values one shared empty list and object, as the live rows do', () => {
		const decoded = decodeRows<Row>(encodeRows(many(4)))!;
		const [withValues, empty, , emptyToo] = decoded;
		expect(empty.tags).toEqual([]);
		expect(empty.tags).toBe(emptyToo.tags);
		expect(empty.custom).toBe(emptyToo.custom);
		expect(empty.custom).toEqual({});
		expect(withValues.tags).toEqual(['vip']);
		expect(withValues.custom).toEqual({ f1: 3 });
		expect(withValues.custom).not.toBe(decoded[2].custom);
	});

	it('decodes rows of many fields with fast properties, not as hash tables', () => {
		// V8 turns an object given over 12 computed keys one by one into a dictionary: a cached
		// person row (28 fields) took ~1.6 kB instead of ~0.3 (+130 MB at 100k people).
		setFlagsFromString('--allow-natives-syntax');
		const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (
			o: object
		) => boolean;
		// Rows with no prototype: made from `{}`, they would lay down the very transitions a
		// decode follows, and the decode would stay fast however it added the keys.
		const wide = Array.from({ length: 3 }, (_, i) => {
			const row: Record<string, string> = Object.create(null);
			for (let k = 0; k < 28; k++) row[`wideField${k}`] = `${i}:${k}`;
			return row;
		});
		const decoded = decodeRows<Record<string, string>>(encodeRows(wide))!;
		expect(decoded.map((row) => ({ ...row }))).toEqual(wide.map((row) => ({ ...row })));
		for (const row of decoded) expect(hasFastProperties(row)).toBe(true);
	});

	it('encodes in slices parts of ROWS_PER_PART rows, pausing between chunks of rows', async () => {
		const all = many(2_500);
		let pauses = 0;
		const seen: Row[] = [];
		const { keys, parts } = await encodePartsInSlices(
			all,
			new Slices(async () => void pauses++, 0),
			(row) => seen.push(row)
		);
		expect(keys).toEqual(Object.keys(rows[0]));
		expect(parts.map((p) => (JSON.parse(p as string) as unknown[]).length)).toEqual([
			ROWS_PER_PART,
			ROWS_PER_PART,
			500
		]);
		expect(seen).toEqual(all);
		expect(pauses).toBeGreaterThanOrEqual(2);
		expect(await encodePartsInSlices([], new Slices())).toEqual({ keys: [], parts: [] });
	});

	it('stores a large cache as Blobs, and reads it back a part at a time', async () => {
		const all = many(40_000, 'x'.repeat(200));
		const { parts } = await encodePartsInSlices(all, new Slices());
		expect(parts.every((p) => p instanceof Blob)).toBe(true);
		// Past a million characters already (20k deals held 7.6 M as strings: 261 ms to read).
		const mid = await encodePartsInSlices(many(8_000, 'x'.repeat(200)), new Slices());
		expect(mid.parts.every((p) => p instanceof Blob)).toBe(true);
		const small = await encodePartsInSlices(many(2_000, 'x'.repeat(200)), new Slices());
		expect(small.parts.every((p) => typeof p === 'string')).toBe(true);
		const db = new LocalDb('row-cache-test-4');
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		await cache.save({ rows: all, docSnapshots: { '': new Uint8Array([1]) } });
		let pauses = 0;
		const loaded = await cache.load(new Slices(async () => void pauses++, 0));
		expect(loaded?.rows).toEqual(all);
		expect(pauses).toBeGreaterThanOrEqual(all.length / ROWS_PER_PART - 1);
		db.close();
	});

	it('treats an earlier format or damaged JSON as no cache', async () => {
		expect(decodeRows(JSON.stringify(rows))).toBeNull();
		expect(decodeRows('null')).toBeNull();
		const db = new LocalDb('row-cache-test');
		// What the previous build stored (format 2, every row in one text at the prefetched key).
		const v2 = JSON.stringify({ v: 2, keys: ['id'], rows: [['a']] });
		await db.rowCache.put({ key: 'w:person', json: v2, count: 1, savedAt: 1, build: 'build-1' });
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		expect(await cache.loadFirst()).toBeNull();
		expect(await cache.load()).toBeNull();
		await db.rowCache.put({ key: 'w:person', json: '{"v":3,"keys":', count: 1, savedAt: 1 });
		expect(await cache.loadFirst()).toBeNull();
		db.close();
	});

	it('round-trips through the device database', async () => {
		const db = new LocalDb('row-cache-test-2');
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		const docSnapshots = { '': new Uint8Array([1, 2, 3]), 'people.a7': new Uint8Array([4, 5]) };
		await cache.save({ rows, docSnapshots });
		expect(await cache.load()).toEqual({ rows, docSnapshots });
		// Another build may build rows differently: its rows show, but are all built again.
		const nextBuild = new RowCache<Row>(db, 'w:person', 'build-2');
		expect(await nextBuild.load()).toEqual({ rows, docSnapshots: null });
		db.close();
	});
});

describe("the row cache's first page", () => {
	it('holds the rows the default view shows first, and the total', async () => {
		const db = new LocalDb('row-cache-first-1');
		const all = many(3_000);
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		await cache.save({ rows: all, docSnapshots: {} });
		const first = await cache.loadFirst();
		const byName = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		expect(first?.rows).toEqual(byName.slice(0, FIRST_PAGE_ROWS));
		expect(first?.total).toBe(3_000);
		// The whole rows are of the same save.
		expect((await cache.load(new Slices(), first!.stamp))?.rows).toEqual(all);
		db.close();
	});

	it("follows the type's declared sort, empty values last", async () => {
		const db = new LocalDb('row-cache-first-2');
		const all = many(500).map((r, i) => ({ ...r, updatedAt: i % 10 === 0 ? null : i % 37 }));
		const cache = new RowCache<(typeof all)[number]>(db, 'w:deal', 'build-1', {
			field: 'updatedAt',
			dir: 'desc'
		});
		await cache.save({ rows: all, docSnapshots: {} });
		const first = (await cache.loadFirst())!.rows;
		// Newest first, the rows with none last; equal ones by name, then id.
		const rank = (r: (typeof all)[number]) => (r.updatedAt === null ? -1 : r.updatedAt);
		const expected = [...all].sort(
			(a, b) => rank(b) - rank(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
		);
		expect(first).toEqual(expected.slice(0, FIRST_PAGE_ROWS));
		expect(first[0].updatedAt).toBe(36);
		db.close();
	});

	it('is written again when the rows change: the old page is not shown', async () => {
		const db = new LocalDb('row-cache-first-3');
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		await cache.save({ rows: many(100), docSnapshots: {} });
		const before = await cache.loadFirst();
		const renamed = many(100).map((r) => (r.id === 'r000050' ? { ...r, name: 'Aaron' } : r));
		await cache.save({ rows: renamed, docSnapshots: {} });
		const after = await cache.loadFirst();
		expect(after?.rows[0]).toMatchObject({ id: 'r000050', name: 'Aaron' });
		expect(after?.stamp).not.toBe(before?.stamp);
		// Rows of another save than the page shown are not taken as its rest.
		expect(await cache.load(new Slices(), before!.stamp)).toBeNull();
		db.close();
	});

	it('shares the values of columns that repeat once read back, found as it was written', async () => {
		// As the rows built from the documents share them (intern.ts): JSON.parse makes every
		// string anew, ~30 MB more heap on a warm visit of 100k tasks before.
		const owner = `member-${Math.random()}`;
		const assigned = many(ROWS_PER_PART + 40).map((row, i) => ({
			...row,
			assigneeId: owner, // not among the fields a cache that does not say shares
			id: `${row.id}-${Math.random()}`,
			search: `${i} ${Math.random()}`
		}));
		const db = new LocalDb('row-cache-repeated');
		await new RowCache<Row>(db, 'w:person', 'build-1').save({ rows: assigned, docSnapshots: {} });
		expect(isInterned(owner)).toBe(false); // nothing read yet
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		const first = (await cache.loadFirst())!;
		expect(first.rows.every((row) => 'assigneeId' in row && row.assigneeId === owner)).toBe(true);
		expect(isInterned(owner)).toBe(true);
		const all = (await cache.load(new Slices(), first.stamp))!;
		expect(all.rows).toEqual(assigned);
		expect(assigned.some((row) => isInterned(row.id) || isInterned(row.search))).toBe(false);
		db.close();
	});

	it('is not used when the rows were written without it (another build, or no first page)', async () => {
		const db = new LocalDb('row-cache-first-4');
		await new RowCache<Row>(db, 'w:person', 'build-1').save({ rows, docSnapshots: {} });
		// Rows of another build may differ in shape: its page is not painted.
		expect(await new RowCache<Row>(db, 'w:person', 'build-2').loadFirst()).toBeNull();
		// The page's entry rewritten by a build that knows no first page: neither is used.
		const json = encodeRows(rows);
		await db.rowCache.put({ key: 'w:person', json, count: 2, savedAt: 2, build: 'build-1' });
		const cache = new RowCache<Row>(db, 'w:person', 'build-1');
		expect(await cache.loadFirst()).toBeNull();
		db.close();
	});

	describe('saving soon (fake timers)', () => {
		beforeEach(
			() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
		);
		afterEach(() => void vi.useRealTimers());

		/** A cache whose saves are noted (their rows) instead of written. */
		function notingSaves(name: string) {
			const cache = new RowCache<Row>(new LocalDb(name), 'w:person', 'b');
			const saved: Row[][] = [];
			vi.spyOn(cache, 'save').mockImplementation(async ({ rows }) => void saved.push(rows));
			return { cache, saved };
		}

		it('saves once changes have been quiet a moment, the rows as they are then', async () => {
			const { cache, saved } = notingSaves('row-cache-test-soon');
			// A change every 100 ms for 5 s (a new device's first sync, a burst of edits).
			let now: Row[] = [];
			for (let i = 0; i < 50; i++) {
				now = many(i + 1);
				const these = now;
				cache.saveSoon(() => ({ rows: these, docSnapshots: {} }));
				await vi.advanceTimersByTimeAsync(100);
			}
			expect(saved).toHaveLength(0);
			await vi.advanceTimersByTimeAsync(ROW_CACHE_PACING.quietMs - 100 - 10);
			expect(saved).toHaveLength(0);
			await vi.advanceTimersByTimeAsync(20);
			expect(saved).toEqual([now]);
			// Nothing more without a change.
			await vi.advanceTimersByTimeAsync(10 * ROW_CACHE_PACING.quietMs);
			expect(saved).toHaveLength(1);
		});

		it('saves nothing while the rows do not reflect their documents, and saves on the next change', async () => {
			const { cache, saved } = notingSaves('row-cache-test-unsettled');
			cache.saveSoon(() => null); // rows waiting to be rebuilt when the save came due
			await vi.advanceTimersByTimeAsync(10 * ROW_CACHE_PACING.quietMs);
			expect(saved).toHaveLength(0);
			const rebuilt = many(3);
			cache.saveSoon(() => ({ rows: rebuilt, docSnapshots: {} }));
			await vi.advanceTimersByTimeAsync(10 * ROW_CACHE_PACING.quietMs);
			expect(saved).toEqual([rebuilt]);
		});
	});
});
