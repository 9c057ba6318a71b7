import { describe, expect, it } from 'vitest';
import {
	notedDelta,
	isInSharedOrder,
	noteRowsDelta,
	reorder,
	sharedOrder,
	sharedOrderInSlices,
	type ListRow
} from './shared-order';
import { sortRowsBy } from './sort';

/** Names that fold, trim and tie: case, accents, spaces, digits, empty, the same name twice. */
const NAMES = [
	'Ada',
	'ada',
	' Ada ',
	'Ádá',
	'Zoë',
	'zoe',
	'',
	'  ',
	'Item 9',
	'Item 10',
	'Ωmega',
	'b'
];

function rowsOf(n: number, seed: number): ListRow[] {
	let x = seed;
	const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31);
	return Array.from({ length: n }, (_, i) => {
		const pick = next() % (NAMES.length + 3);
		const name = pick < NAMES.length ? NAMES[pick] : `Person ${next() % 500}`;
		return { id: `id-${(next() % 100_000).toString(36)}-${i}`, name, search: '' };
	});
}

/** Pauses every third time it is asked, counting the pauses. */
function pauses() {
	let asked = 0;
	const p = { count: 0, due: () => ++asked % 3 === 0, pause: async () => void p.count++ };
	return p;
}

describe('sharedOrder', () => {
	it.each([0, 1, 12, 5_000])('orders %i rows as the name column sorts them, ties by id', (n) => {
		const rows = rowsOf(n, n + 11);
		const byId = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		const expected = sortRowsBy(byId, (r) => r.name ?? '', 'asc'); // stable: ties keep id order
		expect(sharedOrder(rows).map((r) => r.id)).toEqual(expected.map((r) => r.id));
	});
});

describe('sharedOrderInSlices', () => {
	it.each([0, 1, 7, 2_048, 2_049, 9_000])('orders %i rows as sharedOrder does', async (n) => {
		const rows = rowsOf(n, n + 1);
		const slices = pauses();
		const ordered = await sharedOrderInSlices(rows, slices);
		expect(ordered.map((r) => r.id)).toEqual(sharedOrder(rows).map((r) => r.id));
		expect(isInSharedOrder(ordered)).toBe(true);
		expect(isInSharedOrder(rows)).toBe(false);
		if (n > 4_096) expect(slices.count).toBeGreaterThan(10); // it did pause, often
	});

	it('leaves the rows it was given as they were', async () => {
		const rows = rowsOf(3_000, 5);
		const before = rows.map((r) => r.id);
		await sharedOrderInSlices(rows, pauses());
		expect(rows.map((r) => r.id)).toEqual(before);
	});
});

describe('reorder with a noted delta', () => {
	/** Random steps on a list of rows: rows added, edited (a new object), removed, added then edited again. */
	it.each([1, 2, 3, 4, 5])(
		'merges each step into the order as sharedOrder sorts it, noted or not (seed %i)',
		(seed) => {
			let x = seed;
			const next = (n: number) => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) % n;
			let rows = rowsOf(2_000, seed);
			let ordered = sharedOrder(rows);
			for (let step = 0; step < 40; step++) {
				const removed: ListRow[] = [];
				const added: ListRow[] = [];
				const byId = new Map(rows.map((r) => [r.id, r]));
				const edit = (id: string) => {
					const old = byId.get(id);
					const row = { id, name: NAMES[next(NAMES.length)], search: '' };
					if (old) removed.push(old);
					added.push(row);
					byId.set(id, row);
				};
				for (let k = next(30); k > 0; k--) edit(rows[next(rows.length)].id);
				for (let k = next(30); k > 0; k--) edit(`new-${step}-${k}`);
				for (let k = next(10); k > 0; k--) {
					const id = rows[next(rows.length)].id;
					const old = byId.get(id);
					if (old) removed.push(old);
					byId.delete(id);
				}
				if (step % 7 === 0) {
					edit(`twice-${step}`); // added, then replaced
					edit(`twice-${step}`);
				}
				const now = [...byId.values()];
				// Every third step unnoted: the order it makes is merged into by the next steps.
				if (step % 3 !== 2) noteRowsDelta(now, rows, removed, added);
				expect(notedDelta(now, rows) === null).toBe(step % 3 === 2);
				const merged = reorder(rows, ordered, now)!;
				expect(merged.map((r) => r.id)).toEqual(sharedOrder(now).map((r) => r.id));
				rows = now;
				ordered = merged;
			}
		}
	);

	it('merges a list growing by more than it held (a new device receiving its people)', () => {
		let rows: ListRow[] = [];
		let ordered: ListRow[] = [];
		for (const [step, grow] of [10, 300, 2_000, 9_000].entries()) {
			const added = rowsOf(grow, step + 40).map((r) => ({ ...r, id: `${r.id}-${step}` }));
			const now = [...rows, ...added];
			noteRowsDelta(now, rows, [], added);
			const merged = reorder(rows, ordered, now);
			expect(merged?.map((r) => r.id)).toEqual(sharedOrder(now).map((r) => r.id));
			rows = now;
			ordered = merged!;
		}
	});

	it.each([3, 600])(
		'merges %i rows rebuilt at once, most keeping their names (their organization arrived)',
		(count) => {
			const rows = rowsOf(2_000, 77);
			const ordered = sharedOrder(rows);
			const byId = new Map(rows.map((r) => [r.id, r]));
			const removed: ListRow[] = [];
			const added: ListRow[] = [];
			for (let k = 0; k < count; k++) {
				const old = rows[(k * 7) % rows.length];
				const renamed = k % 5 === 0;
				const row = { ...old, name: renamed ? NAMES[k % NAMES.length] : old.name };
				removed.push(old);
				added.push(row);
				byId.set(old.id, row);
			}
			const gone = rows[1_999];
			removed.push(gone);
			byId.delete(gone.id);
			const now = [...byId.values()];
			noteRowsDelta(now, rows, removed, added);
			const merged = reorder(rows, ordered, now)!;
			expect(merged.map((r) => r.id)).toEqual(sharedOrder(now).map((r) => r.id));
			expect(new Set(merged)).toEqual(new Set(now)); // the new objects, not the old ones
		}
	);

	it('keeps the last four steps: arrays older than that are not held by a delta', () => {
		const arrays = [rowsOf(10, 1)];
		for (let k = 1; k <= 6; k++) {
			const from = arrays[k - 1];
			arrays.push(from.slice(1));
			noteRowsDelta(arrays[k], from, [from[0]], []);
		}
		const [a, b, c] = arrays;
		const last = arrays[6];
		expect(notedDelta(b, a)).toBeNull(); // let go
		expect(notedDelta(c, b)).toBeNull();
		expect(notedDelta(last, arrays[2])).toEqual({ removed: arrays[2].slice(0, 4), added: [] });
		expect(notedDelta(last, arrays[1])).toBeNull(); // five steps back
	});

	it.each([1, 2, 3])(
		'merges into the order a list read steps ago, the arrays between unread (seed %i)',
		(seed) => {
			let x = seed;
			const next = (n: number) => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) % n;
			let rows = rowsOf(1_500, seed + 20);
			let read = rows;
			let ordered = sharedOrder(rows);
			for (let step = 0; step < 60; step++) {
				const byId = new Map(rows.map((r) => [r.id, r]));
				const removed: ListRow[] = [];
				const added: ListRow[] = [];
				const put = (row: ListRow) => {
					const old = byId.get(row.id);
					if (old) removed.push(old);
					added.push(row);
					byId.set(row.id, row);
				};
				for (let k = next(20); k > 0; k--) {
					const old = rows[next(rows.length)];
					put({ ...old, name: next(2) ? old.name : NAMES[next(NAMES.length)] });
				}
				for (let k = next(20); k > 0; k--) put({ id: `n-${step}-${k}`, name: 'Nu', search: '' });
				if (step % 5 === 0) {
					// a row deleted
					const gone = byId.get(rows[next(rows.length)].id)!;
					removed.push(gone);
					byId.delete(gone.id);
				}
				const now = [...byId.values()];
				noteRowsDelta(now, rows, removed, added);
				rows = now;
				// The list reads every one to four arrays: the others only another reader saw.
				if (next(4) === 0 || step === 59) {
					expect(notedDelta(rows, read)).not.toBeNull();
					ordered = reorder(read, ordered, rows)!;
					expect(ordered.map((r) => r.id)).toEqual(sharedOrder(rows).map((r) => r.id));
					expect(new Set(ordered)).toEqual(new Set(rows));
					read = rows;
				}
			}
		}
	);

	it('takes the noted delta only from the array it was noted from', () => {
		const rows = rowsOf(300, 9);
		const ordered = sharedOrder(rows);
		const now = rows.slice(0, 299);
		noteRowsDelta(now, rows, [rows[299]], []);
		// From another array of the same rows, the whole comparison: the same order.
		expect(reorder(rows.slice(), ordered, now)!.map((r) => r.id)).toEqual(
			sharedOrder(now).map((r) => r.id)
		);
		expect(reorder(rows, ordered, now)!.map((r) => r.id)).toEqual(
			sharedOrder(now).map((r) => r.id)
		);
	});
});
