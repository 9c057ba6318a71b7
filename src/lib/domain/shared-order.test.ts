import { describe, expect, it } from 'vitest';
import { isInSharedOrder, sharedOrder, sharedOrderInSlices, type ListRow } from './shared-order';
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
