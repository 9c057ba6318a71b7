import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RELATIONSHIP_KINDS, type RelationshipKind } from './records';
import {
	emptyFilter,
	filterRows,
	filterSegment,
	isFilterEmpty,
	type PeopleFilter
} from './filters';
import { validateSegment } from './segments/validate';
import { matchesQuery, normalizeQuery, searchText } from './search';

interface Row {
	id: string;
	kind: RelationshipKind;
	ownerId: string | null;
	tags: string[];
	search: string;
}

const row = (
	id: string,
	kind: RelationshipKind,
	ownerId: string | null,
	tags: string[],
	words: string[]
): Row => ({
	id,
	kind,
	ownerId,
	tags,
	search: searchText(words)
});

const rows: Row[] = [
	row('a', 'client', 'm1', ['vip', 'wine'], ['Ann Dupré', 'Paris']),
	row('b', 'lead', null, ['wine'], ['Bob Martin', 'Lyon']),
	row('c', 'client', 'm2', [], ['Chloé Dupré', 'Lyon']),
	row('d', 'supplier', 'm1', ['vip'], ['Dan Smith', 'Paris'])
];
const ids = (rs: Row[]) => rs.map((r) => r.id);
const f = (over: Partial<PeopleFilter>): PeopleFilter => ({ ...emptyFilter(), ...over });

describe('filterRows', () => {
	it('an empty filter keeps every row, in order', () => {
		expect(isFilterEmpty(emptyFilter())).toBe(true);
		expect(isFilterEmpty(f({ query: '  ' }))).toBe(true);
		expect(ids(filterRows(rows, emptyFilter()))).toEqual(['a', 'b', 'c', 'd']);
	});

	it('filters by query words, all required, accent-insensitive', () => {
		expect(ids(filterRows(rows, f({ query: 'dupre' })))).toEqual(['a', 'c']);
		expect(ids(filterRows(rows, f({ query: 'DUPRÉ lyon' })))).toEqual(['c']);
	});

	it('filters by kinds and owners (any of the listed), null meaning no owner', () => {
		expect(ids(filterRows(rows, f({ kinds: ['client', 'lead'] })))).toEqual(['a', 'b', 'c']);
		expect(ids(filterRows(rows, f({ ownerIds: [null] })))).toEqual(['b']);
		expect(ids(filterRows(rows, f({ ownerIds: ['m1', null] })))).toEqual(['a', 'b', 'd']);
	});

	it('requires every listed tag', () => {
		expect(ids(filterRows(rows, f({ tags: ['vip'] })))).toEqual(['a', 'd']);
		expect(ids(filterRows(rows, f({ tags: ['vip', 'wine'] })))).toEqual(['a']);
		expect(ids(filterRows(rows, f({ tags: ['VIP'] })))).toEqual([]);
	});

	it('combines every constraint (AND)', () => {
		expect(
			ids(
				filterRows(
					rows,
					f({ query: 'paris', kinds: ['client', 'supplier'], ownerIds: ['m1'], tags: ['vip'] })
				)
			)
		).toEqual(['a', 'd']);
		expect(ids(filterRows(rows, f({ query: 'paris', kinds: ['lead'] })))).toEqual([]);
	});

	it('runs kinds, owners and tags as a segment', () => {
		expect(filterSegment(emptyFilter())).toEqual({ match: 'all', children: [] });
		const segment = filterSegment(
			f({ query: 'ignored here', kinds: ['client'], ownerIds: ['m1', null], tags: ['vip'] })
		);
		expect(segment).toEqual({
			match: 'all',
			children: [
				{ field: 'kind', op: 'is_any_of', value: ['client'] },
				{ field: 'ownerId', op: 'is_any_of', value: ['m1', null] },
				{ field: 'tags', op: 'has_all_of', value: ['vip'] }
			]
		});
		// A list filter can be saved as a segment as it is.
		expect(validateSegment(segment)).toEqual({ ok: true, segment });
	});

	it('agrees with a direct reading of the rules (property)', () => {
		const tag = fc.constantFrom('a', 'b', 'c');
		const owner = fc.constantFrom('m1', 'm2', null);
		const kind = fc.constantFrom(...RELATIONSHIP_KINDS);
		const anyRow = fc.record({
			id: fc.string(),
			kind,
			ownerId: owner,
			tags: fc.uniqueArray(tag),
			search: fc.array(fc.constantFrom('ann', 'bob', 'paris', 'lyon')).map((ws) => searchText(ws))
		});
		const filter = fc.record({
			query: fc.constantFrom('', 'ann', 'ann paris', 'LYON', 'zed'),
			kinds: fc.uniqueArray(kind, { maxLength: 3 }),
			ownerIds: fc.uniqueArray(owner),
			tags: fc.uniqueArray(tag)
		});
		fc.assert(
			fc.property(fc.array(anyRow, { maxLength: 30 }), filter, (rs, flt) => {
				const expected = rs.filter(
					(r) =>
						(!flt.kinds.length || flt.kinds.includes(r.kind)) &&
						(!flt.ownerIds.length || flt.ownerIds.includes(r.ownerId)) &&
						flt.tags.every((t) => r.tags.includes(t)) &&
						matchesQuery(r.search, normalizeQuery(flt.query))
				);
				expect(filterRows(rs, flt)).toEqual(expected);
			}),
			{ numRuns: 300 }
		);
	});

	it('filters 100k rows quickly (timing printed, not asserted)', () => {
		const big: Row[] = Array.from({ length: 100_000 }, (_, i) =>
			row(String(i), RELATIONSHIP_KINDS[i % 8], `m${i % 5}`, i % 3 ? ['vip'] : [], [
				`Person ${i}`,
				`city${i % 50}`,
				`mail${i}@example.test`
			])
		);
		const filter = f({
			query: 'city1 example',
			kinds: ['client', 'lead', 'prospect'],
			tags: ['vip']
		});
		const t = performance.now();
		const out = filterRows(big, filter);
		console.log(
			`filterRows, 100k rows, query + kinds + tag: ${(performance.now() - t).toFixed(1)} ms`
		);
		expect(out.length).toBeGreaterThan(0);
	});
});
