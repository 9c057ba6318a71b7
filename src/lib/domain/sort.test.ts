import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import fc from 'fast-check';
import { fold } from './fold';
import { compareValues, sortKey, sortRows, sortRowsBy, type SortDir } from './sort';

interface Row {
	id: number;
	v: unknown;
}

/** The reference: a plain comparator sort on fully computed keys. */
function reference(rows: Row[], dir: SortDir): number[] {
	return rows
		.map((r, i) => ({ r, i }))
		.sort((a, b) => compareValues(a.r.v, b.r.v, dir) || a.i - b.i)
		.map((x) => x.r.id);
}

const ids = (rows: Row[]) => rows.map((r) => r.id);
const rowsOf = (vs: unknown[]): Row[] => vs.map((v, id) => ({ id, v }));

describe('sortKey / compareValues', () => {
	it('ranks numbers before texts and empties last', () => {
		expect(sortKey(3).rank).toBe(0);
		expect(sortKey(' Ab ')).toEqual({ rank: 1, num: 0, str: 'ab' });
		for (const e of ['', '  ', null, undefined, NaN, [], {}, new Date('nope')]) {
			expect(sortKey(e).rank, String(e)).toBe(2);
		}
		expect(sortKey(['B', 'a']).str).toBe('b, a');
		expect(sortKey(true).num).toBe(1);
		expect(sortKey(new Date(5)).num).toBe(5);
	});

	it('keeps empties last in both directions', () => {
		expect(compareValues('', 'a', 'asc')).toBeGreaterThan(0);
		expect(compareValues('', 'a', 'desc')).toBeGreaterThan(0);
		expect(compareValues('a', 'B', 'desc')).toBeGreaterThan(0);
	});
});

describe('sortRows', () => {
	it('sorts text ignoring case and accents, empties last', () => {
		const rows = rowsOf(['émile', 'Zoé', '', 'adam', null, 'Eve', 'zoe']);
		expect(ids(sortRows(rows, 'v', 'asc'))).toEqual([3, 0, 5, 1, 6, 2, 4]);
		expect(ids(sortRows(rows, 'v', 'desc'))).toEqual([1, 6, 5, 0, 3, 2, 4]);
	});

	it('sorts numbers and dates numerically', () => {
		const rows = rowsOf([10, 9, -1, 100, NaN, 2.5]);
		expect(ids(sortRows(rows, 'v', 'asc'))).toEqual([2, 5, 1, 0, 3, 4]);
		expect(ids(sortRows(rows, 'v', 'desc'))).toEqual([3, 0, 1, 5, 2, 4]);
		const dates = rowsOf([new Date(3), new Date(1), new Date(2)]);
		expect(ids(sortRows(dates, 'v', 'asc'))).toEqual([1, 2, 0]);
	});

	it('is stable: equal keys keep their input order in both directions', () => {
		const rows = rowsOf(['b', 'a', 'B', 'a', 'b ', 'A']);
		expect(ids(sortRows(rows, 'v', 'asc'))).toEqual([1, 3, 5, 0, 2, 4]);
		expect(ids(sortRows(rows, 'v', 'desc'))).toEqual([0, 2, 4, 1, 3, 5]);
	});

	it('returns a new array and leaves the input alone', () => {
		const rows = rowsOf([2, 1]);
		const sorted = sortRows(rows, 'v', 'asc');
		expect(sorted).not.toBe(rows);
		expect(ids(rows)).toEqual([0, 1]);
	});

	it('sorts by any accessor (custom fields)', () => {
		const rows = [
			{ custom: { x: 2 } },
			{ custom: {} as Record<string, number> },
			{ custom: { x: 1 } }
		];
		expect(sortRowsBy(rows, (r) => r.custom.x, 'asc')).toEqual([rows[2], rows[0], rows[1]]);
	});

	it('handles long shared prefixes, ties within prefixes and big runs of equal values', () => {
		const base = 'the same long prefix for everyone ';
		const vs: string[] = [];
		for (let i = 0; i < 300; i++)
			vs.push(base + String.fromCharCode(97 + ((i * 7) % 26)) + (i % 5));
		for (let i = 0; i < 200; i++) vs.push('Paris');
		for (let i = 0; i < 100; i++) vs.push(['a:', 'a;', 'a<', 'a@'][i % 4]);
		const rows = rowsOf(vs);
		for (const dir of ['asc', 'desc'] as const) {
			expect(ids(sortRows(rows, 'v', dir))).toEqual(reference(rows, dir));
		}
	});

	it('agrees with a plain comparator sort for any mix of values (property)', () => {
		const value = fc.oneof(
			fc.string({ maxLength: 10 }),
			fc.string({ unit: 'binary', maxLength: 10 }),
			fc.constantFrom('a', 'A', 'à', 'b', 'ß', 'ss', '', ' ', 'Zoë', 'zoe'),
			fc.double(),
			fc.integer({ min: -5, max: 5 }),
			fc.constantFrom(null, undefined, true, false, Infinity, -Infinity),
			fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })
		);
		fc.assert(
			fc.property(
				fc.array(value, { maxLength: 80 }),
				fc.constantFrom<SortDir>('asc', 'desc'),
				(vs, dir) => {
					const rows = rowsOf(vs);
					expect(ids(sortRows(rows, 'v', dir))).toEqual(reference(rows, dir));
				}
			),
			{ numRuns: 400 }
		);
	});

	it('agrees with the reference on bigger columns with many ties (property)', () => {
		const word = fc.stringMatching(/^[A-Za-zéè ]{0,9}$/);
		fc.assert(
			fc.property(
				fc.array(word, { minLength: 20, maxLength: 400 }),
				fc.constantFrom<SortDir>('asc', 'desc'),
				(vs, dir) => {
					const rows = rowsOf(vs);
					expect(ids(sortRows(rows, 'v', dir))).toEqual(reference(rows, dir));
				}
			),
			{ numRuns: 60 }
		);
		fc.assert(
			fc.property(
				fc.array(
					fc.integer({ min: 0, max: 50 }).map((x) => x * 1e9 + 0.5),
					{ minLength: 20, maxLength: 400 }
				),
				(vs) => {
					const rows = rowsOf(vs);
					expect(ids(sortRows(rows, 'v', 'desc'))).toEqual(reference(rows, 'desc'));
				}
			),
			{ numRuns: 40 }
		);
	});

	it('sorts 100k rows quickly (timing printed, not asserted)', () => {
		const rnd = seededRandom(7);
		const syl = [
			'an',
			'bé',
			'cho',
			'dé',
			'el',
			'fra',
			'gi',
			'hu',
			'ir',
			'ja',
			'ka',
			'lo',
			'mé',
			'nu',
			'or',
			'pa',
			'qui',
			'ro',
			'sa',
			'té'
		];
		const word = () => {
			let s = '';
			for (let i = 0, n = 2 + Math.floor(rnd() * 3); i < n; i++)
				s += syl[Math.floor(rnd() * syl.length)];
			return s[0].toUpperCase() + s.slice(1);
		};
		const cities = Array.from({ length: 500 }, word);
		const rows = Array.from({ length: 100_000 }, (_, i) => ({
			id: i,
			name: `${word()} ${word()}`,
			city: rnd() < 0.1 ? '' : cities[Math.floor(rnd() * cities.length)],
			updatedAt: 1.6e12 + Math.floor(rnd() * 1e11)
		}));
		const report: string[] = [];
		for (const key of ['name', 'city', 'updatedAt'] as const) {
			const times: number[] = [];
			for (const dir of ['asc', 'desc', 'asc'] as const) {
				const t = performance.now();
				const sorted = sortRows(rows, key, dir);
				times.push(performance.now() - t);
				expect(sorted).toHaveLength(rows.length);
			}
			report.push(`${key}: ${times.map((t) => t.toFixed(0)).join('/')} ms`);
		}
		console.log(`sortRows, 100k rows (asc/desc/asc): ${report.join(', ')}`);
		const byName = sortRows(rows, 'name', 'asc');
		for (let i = 1; i < byName.length; i += 997) {
			expect(fold(byName[i - 1].name) <= fold(byName[i].name)).toBe(true);
		}
	});
});
