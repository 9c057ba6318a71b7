import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RELATIONSHIP_KINDS, type RelationshipKind } from './records';
import { organization, person, RECORD_TYPES } from './record-types';
import type { AnyRecordType } from './record-types/declaration';
import {
	emptyFilter,
	filterRows,
	filterSegment,
	isFilterEmpty,
	listFilterProblems,
	type ListFilter
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

/** The people list's filter as its toolbar sets it: kinds, owners (null: nobody) and tags. */
interface PeoplePicks {
	query: string;
	kinds: RelationshipKind[];
	ownerIds: (string | null)[];
	tags: string[];
}
const f = (over: Partial<PeoplePicks>): ListFilter => {
	const { query = '', kinds = [], ownerIds = [], tags = [] } = over;
	return { query, values: { kind: kinds, ownerId: ownerIds, tags } };
};
const PEOPLE = person.segmentFields;
/** The people list's filtering. */
const filterPeople = (rs: readonly Row[], flt: ListFilter) => filterRows(rs, flt, PEOPLE);

describe('filterRows', () => {
	it('an empty filter keeps every row, in order', () => {
		expect(isFilterEmpty(emptyFilter())).toBe(true);
		expect(isFilterEmpty(f({ query: '  ' }))).toBe(true);
		expect(ids(filterPeople(rows, emptyFilter()))).toEqual(['a', 'b', 'c', 'd']);
	});

	it('filters by query words, all required, accent-insensitive', () => {
		expect(ids(filterPeople(rows, f({ query: 'dupre' })))).toEqual(['a', 'c']);
		expect(ids(filterPeople(rows, f({ query: 'DUPRÉ lyon' })))).toEqual(['c']);
	});

	it('filters by kinds and owners (any of the listed), null meaning no owner', () => {
		expect(ids(filterPeople(rows, f({ kinds: ['client', 'lead'] })))).toEqual(['a', 'b', 'c']);
		expect(ids(filterPeople(rows, f({ ownerIds: [null] })))).toEqual(['b']);
		expect(ids(filterPeople(rows, f({ ownerIds: ['m1', null] })))).toEqual(['a', 'b', 'd']);
	});

	it('requires every listed tag', () => {
		expect(ids(filterPeople(rows, f({ tags: ['vip'] })))).toEqual(['a', 'd']);
		expect(ids(filterPeople(rows, f({ tags: ['vip', 'wine'] })))).toEqual(['a']);
		expect(ids(filterPeople(rows, f({ tags: ['VIP'] })))).toEqual([]);
	});

	it('combines every constraint (AND)', () => {
		expect(
			ids(
				filterPeople(
					rows,
					f({ query: 'paris', kinds: ['client', 'supplier'], ownerIds: ['m1'], tags: ['vip'] })
				)
			)
		).toEqual(['a', 'd']);
		expect(ids(filterPeople(rows, f({ query: 'paris', kinds: ['lead'] })))).toEqual([]);
	});

	it('runs kinds, owners and tags as a segment', () => {
		expect(filterSegment(emptyFilter(), PEOPLE)).toEqual({ match: 'all', children: [] });
		expect(filterSegment(f({}), PEOPLE)).toEqual({ match: 'all', children: [] });
		const segment = filterSegment(
			f({ query: 'ignored here', kinds: ['client'], ownerIds: ['m1', null], tags: ['vip'] }),
			PEOPLE
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
		expect(validateSegment(segment, [], PEOPLE)).toEqual({ ok: true, segment });
	});

	it('tests what each field is: a multi-choice field must hold every value picked', () => {
		// Picking "none" of a multi-choice field asks for it empty.
		expect(filterSegment({ query: '', values: { tags: [null] } }, PEOPLE).children).toEqual([
			{ field: 'tags', op: 'is_empty' }
		]);
		expect(ids(filterPeople(rows, { query: '', values: { tags: [null] } }))).toEqual(['c']);
		// A field the type does not declare matches no row.
		expect(ids(filterPeople(rows, { query: '', values: { stage: ['won'] } }))).toEqual([]);
		expect(ids(filterRows(rows, f({ kinds: ['lead'] }), { name: PEOPLE.name }))).toEqual([]);
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
				expect(filterPeople(rs, f(flt))).toEqual(expected);
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
		const out = filterPeople(big, filter);
		console.log(
			`filterRows, 100k rows, query + kinds + tag: ${(performance.now() - t).toFixed(1)} ms`
		);
		expect(out.length).toBeGreaterThan(0);
	});
});

describe('the list filters record types declare', () => {
	it('people and organizations offer kind, owner and tag, as before', () => {
		for (const type of [person, organization] as AnyRecordType[]) {
			expect(type.list?.filters.map((x) => [x.field, x.label, x.any, x.none])).toEqual([
				['kind', 'Kind', undefined, undefined],
				['ownerId', 'Owner', 'Anyone', 'Nobody'],
				['tags', 'Tag', 'Any tag', undefined]
			]);
			expect(type.list?.filters[0].values).toEqual(RELATIONSHIP_KINDS);
		}
	});

	it('name segment fields a list can pick values of', () => {
		for (const type of RECORD_TYPES as readonly AnyRecordType[])
			expect(listFilterProblems(type)).toEqual([]);
		const broken: AnyRecordType = {
			...person,
			list: {
				filters: [
					{ field: 'stage', label: 'Stage', values: ['won'] },
					{ field: 'updatedAt', label: 'Updated', values: 'in-rows' },
					{ field: 'kind', label: 'Kind', values: [] },
					{ field: 'kind', label: 'Kind', values: 'in-rows', none: 'None' }
				]
			}
		};
		expect(listFilterProblems(broken)).toEqual([
			`person's list filters "stage", not a segment field`,
			`person's list filter "updatedAt" is a date field`,
			`person's list filter "kind" offers no values`,
			`person's list filters "kind" twice`,
			`person's list filter "kind" has "none" without "any"`
		]);
	});
});
