import { describe, expect, it } from 'vitest';
import { person, type PersonRow } from '../record-types';
import type { CustomFieldDef, CustomValue } from '../records';
import type { SegmentContext } from './context';
import type { SegmentCondition, SegmentDef, SegmentNode } from './definition';
import { compileSegment, countRows, evaluateSegment } from './compile';
import { referenceMatches } from './reference';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 15, 12); // 2024-06-15, noon UTC

const field = (
	id: string,
	type: CustomFieldDef['type'],
	options: string[] = []
): CustomFieldDef => ({ id, entity: 'person', label: id, type, options, order: 0 });
const FIELDS = [
	field('note', 'text'),
	field('ltv', 'number'),
	field('bday', 'date'),
	field('tier', 'choice', ['Gold', 'Silver']),
	field('langs', 'multi-choice', ['French', 'English', 'German']),
	field('news', 'boolean')
];
/** Segments over people: the fields the person declaration names. */
const CTX: SegmentContext = {
	fields: person.segmentFields,
	customFields: FIELDS,
	now: NOW,
	timeZone: 'utc'
};

/** Person rows, with some fields left out as a buggy or older peer might. */
type Row = Partial<Omit<PersonRow, 'custom'>> & { id: string; custom: Record<string, CustomValue> };

const ROWS: Row[] = [
	{
		id: 'a',
		name: 'Chloé Dupré',
		firstName: 'Chloé',
		lastName: 'Dupré',
		title: 'CEO',
		organizationName: 'Acme',
		email: 'chloe@acme.fr',
		phone: '',
		city: 'Paris',
		kind: 'client',
		ownerId: 'm1',
		tags: ['vip', 'wine'],
		updatedAt: NOW - 2 * DAY,
		custom: {
			note: 'Lives on a Straße',
			ltv: 1000,
			bday: '1980-06-14',
			tier: 'Gold',
			langs: ['French', 'English'],
			news: true
		}
	},
	{
		id: 'b',
		name: 'Bob Martin',
		firstName: 'Bob',
		lastName: 'Martin',
		title: '',
		organizationName: '',
		email: '',
		phone: '+33 6 12',
		city: 'lyon',
		kind: 'lead',
		ownerId: null,
		tags: ['wine'],
		updatedAt: NOW - 400 * DAY,
		custom: { ltv: 50, bday: '2024-06-15', tier: 'Silver', langs: ['German'], news: false }
	},
	{
		id: 'c',
		name: 'Ann Smith',
		email: ' ',
		city: '',
		kind: 'supplier',
		ownerId: 'm2',
		tags: [],
		updatedAt: Date.UTC(2024, 0, 1),
		custom: {}
	},
	{
		// What a buggy peer may leave when no definition was there to correct it.
		id: 'd',
		name: '',
		city: '  PARIS ',
		kind: 'other',
		ownerId: 'm1',
		tags: [],
		updatedAt: Date.UTC(2023, 11, 31, 23, 59, 59, 999),
		custom: { note: 42, ltv: '12', bday: '2024-13-01', tier: 3 as unknown as string, news: null }
	}
];

/** The ids a segment matches; also checks the reference evaluator and evaluateSegment agree. */
function ids(node: SegmentNode, ctx: SegmentContext = CTX, rows: Row[] = ROWS): string[] {
	const def: SegmentDef = 'match' in node ? node : { match: 'all', children: [node] };
	const test = compileSegment(def, ctx);
	const matched = rows.filter((r) => test(r));
	expect(rows.filter((r) => referenceMatches(r, def, ctx))).toEqual(matched);
	expect(evaluateSegment(rows, def, ctx)).toEqual({ rows: matched, count: matched.length });
	expect(countRows(rows, test)).toBe(matched.length);
	return matched.map((r) => r.id);
}
const c = (cond: SegmentCondition) => cond;

describe('compileSegment: text', () => {
	it('contains, ignoring case and accents on both sides', () => {
		expect(ids(c({ field: 'name', op: 'contains', value: 'DUPRE' }))).toEqual(['a']);
		expect(ids(c({ field: 'name', op: 'contains', value: 'dupré' }))).toEqual(['a']);
		expect(ids(c({ field: 'custom:note', op: 'contains', value: 'strasse' }))).toEqual(['a']);
		expect(ids(c({ field: 'name', op: 'contains', value: '' }))).toEqual(['a', 'b', 'c', 'd']);
	});

	it('does not contain, which empty values also satisfy', () => {
		expect(ids(c({ field: 'city', op: 'not_contains', value: 'par' }))).toEqual(['b', 'c']);
		expect(ids(c({ field: 'title', op: 'not_contains', value: 'ceo' }))).toEqual(['b', 'c', 'd']);
	});

	it('is and is not compare the whole value, the typed value trimmed', () => {
		expect(ids(c({ field: 'city', op: 'is', value: ' PARIS ' }))).toEqual(['a']);
		expect(ids(c({ field: 'firstName', op: 'is', value: 'chloe' }))).toEqual(['a']);
		expect(ids(c({ field: 'city', op: 'is_not', value: 'paris' }))).toEqual(['b', 'c', 'd']);
	});

	it('starts with', () => {
		expect(ids(c({ field: 'lastName', op: 'starts_with', value: 'Mar' }))).toEqual(['b']);
		expect(ids(c({ field: 'phone', op: 'starts_with', value: '+33' }))).toEqual(['b']);
		expect(ids(c({ field: 'email', op: 'starts_with', value: 'acme' }))).toEqual([]);
	});

	it('is any of / none of, null standing for empty', () => {
		expect(ids(c({ field: 'city', op: 'is_any_of', value: ['LYON', 'paris'] }))).toEqual([
			'a',
			'b'
		]);
		expect(ids(c({ field: 'city', op: 'is_any_of', value: [null] }))).toEqual(['c']);
		expect(ids(c({ field: 'city', op: 'is_none_of', value: ['lyon', null] }))).toEqual(['a', 'd']);
	});

	it('is empty: missing, blank or not text', () => {
		expect(ids(c({ field: 'email', op: 'is_empty' }))).toEqual(['b', 'c', 'd']);
		expect(ids(c({ field: 'email', op: 'is_not_empty' }))).toEqual(['a']);
		expect(ids(c({ field: 'organizationName', op: 'is_empty' }))).toEqual(['b', 'c', 'd']);
		expect(ids(c({ field: 'custom:note', op: 'is_empty' }))).toEqual(['b', 'c', 'd']);
	});
});

describe('compileSegment: numbers', () => {
	it('compares; a value that is not a number is empty', () => {
		const ltv = (op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte', value: number) =>
			ids(c({ field: 'custom:ltv', op, value }));
		expect(ltv('eq', 50)).toEqual(['b']);
		expect(ltv('neq', 50)).toEqual(['a', 'c', 'd']);
		expect(ltv('lt', 1000)).toEqual(['b']);
		expect(ltv('lte', 1000)).toEqual(['a', 'b']);
		expect(ltv('gt', 50)).toEqual(['a']);
		expect(ltv('gte', 12)).toEqual(['a', 'b']);
		expect(ids(c({ field: 'custom:ltv', op: 'between', value: [50, 1000] }))).toEqual(['a', 'b']);
		expect(ids(c({ field: 'custom:ltv', op: 'between', value: [51, 999] }))).toEqual([]);
		expect(ids(c({ field: 'custom:ltv', op: 'is_empty' }))).toEqual(['c', 'd']);
		expect(ids(c({ field: 'custom:ltv', op: 'is_not_empty' }))).toEqual(['a', 'b']);
	});
});

describe('compileSegment: dates', () => {
	it('compares custom dates by day', () => {
		const bday = (op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte', value: string) =>
			ids(c({ field: 'custom:bday', op, value }));
		expect(bday('eq', '2024-06-15')).toEqual(['b']);
		expect(bday('neq', '2024-06-15')).toEqual(['a', 'c', 'd']);
		expect(bday('lt', '2024-06-15')).toEqual(['a']);
		expect(bday('lte', '2024-06-15')).toEqual(['a', 'b']);
		expect(bday('gt', '1980-06-14')).toEqual(['b']);
		expect(bday('gte', '1980-06-14')).toEqual(['a', 'b']);
		expect(
			ids(c({ field: 'custom:bday', op: 'between', value: ['1980-01-01', '1980-12-31'] }))
		).toEqual(['a']);
		// '2024-13-01' is no day: empty.
		expect(ids(c({ field: 'custom:bday', op: 'is_empty' }))).toEqual(['c', 'd']);
	});

	it('compares updatedAt by the day it fell in, in the chosen time zone', () => {
		const at = (op: 'eq' | 'lt' | 'gt', value: string, ctx = CTX) =>
			ids(c({ field: 'updatedAt', op, value }), ctx);
		expect(at('eq', '2023-12-31')).toEqual(['d']);
		expect(at('eq', '2024-01-01')).toEqual(['c']);
		expect(at('lt', '2024-01-01')).toEqual(['b', 'd']);
		expect(at('gt', '2024-01-01')).toEqual(['a']);
		expect(ids(c({ field: 'updatedAt', op: 'lte', value: '2024-01-01' }))).toEqual(['b', 'c', 'd']);
		expect(ids(c({ field: 'updatedAt', op: 'gte', value: '2024-06-13' }))).toEqual(['a']);
		expect(
			ids(c({ field: 'updatedAt', op: 'between', value: ['2023-12-31', '2024-01-01'] }))
		).toEqual(['c', 'd']);
		expect(ids(c({ field: 'updatedAt', op: 'neq', value: '2024-01-01' }))).toEqual(['a', 'b', 'd']);
	});

	it('counts "within the last N days" and "more than N days ago" back from now', () => {
		const rel = (f: string, op: 'within_last_days' | 'more_than_days_ago', value: number) =>
			ids(c({ field: f as 'updatedAt', op, value }));
		// updatedAt: a, 2 days ago; c, 166.5 days ago; b, 400 days ago; d, a moment before c.
		expect(rel('updatedAt', 'within_last_days', 2)).toEqual(['a']);
		expect(rel('updatedAt', 'within_last_days', 1)).toEqual([]);
		expect(rel('updatedAt', 'within_last_days', 365)).toEqual(['a', 'c', 'd']);
		expect(rel('updatedAt', 'more_than_days_ago', 365)).toEqual(['b']);
		expect(rel('updatedAt', 'more_than_days_ago', 2)).toEqual(['b', 'c', 'd']);
		// Custom dates count whole calendar days: today (2024-06-15) is 0 days ago, and
		// 1980-06-14 is 16,072 days before it.
		expect(rel('custom:bday', 'within_last_days', 0)).toEqual(['b']);
		expect(rel('custom:bday', 'more_than_days_ago', 0)).toEqual(['a']);
		expect(rel('custom:bday', 'within_last_days', 16_072)).toEqual(['a', 'b']);
		expect(rel('custom:bday', 'within_last_days', 16_071)).toEqual(['b']);
	});

	it('a future moment is not within the last days', () => {
		const ahead: Row = { ...ROWS[0], id: 'z', updatedAt: NOW + 1 };
		expect(ids(c({ field: 'updatedAt', op: 'within_last_days', value: 30 }), CTX, [ahead])).toEqual(
			[]
		);
		const today: Row = { ...ahead, updatedAt: NOW };
		expect(ids(c({ field: 'updatedAt', op: 'within_last_days', value: 0 }), CTX, [today])).toEqual([
			'z'
		]);
	});
});

describe('compileSegment: choices, kind and owner', () => {
	it('is any of / none of, null standing for "no owner"', () => {
		expect(ids(c({ field: 'kind', op: 'is_any_of', value: ['client', 'lead'] }))).toEqual([
			'a',
			'b'
		]);
		expect(ids(c({ field: 'kind', op: 'is_none_of', value: ['client', 'lead'] }))).toEqual([
			'c',
			'd'
		]);
		expect(ids(c({ field: 'ownerId', op: 'is_any_of', value: [null] }))).toEqual(['b']);
		expect(ids(c({ field: 'ownerId', op: 'is_any_of', value: ['m2', null] }))).toEqual(['b', 'c']);
		expect(ids(c({ field: 'ownerId', op: 'is_none_of', value: ['m1'] }))).toEqual(['b', 'c']);
		expect(ids(c({ field: 'ownerId', op: 'is_empty' }))).toEqual(['b']);
		expect(ids(c({ field: 'kind', op: 'is_any_of', value: [] }))).toEqual([]);
	});

	it('custom choices match exactly; a value that is not text is empty', () => {
		expect(ids(c({ field: 'custom:tier', op: 'is_any_of', value: ['Gold'] }))).toEqual(['a']);
		expect(ids(c({ field: 'custom:tier', op: 'is_any_of', value: ['gold'] }))).toEqual([]);
		expect(ids(c({ field: 'custom:tier', op: 'is_empty' }))).toEqual(['c', 'd']);
		expect(ids(c({ field: 'custom:tier', op: 'is_not_empty' }))).toEqual(['a', 'b']);
	});
});

describe('compileSegment: a renamed option', () => {
	it('a condition saved with the old name matches the records, old and new', () => {
		const tier = {
			...field('tier', 'choice', ['Premium', 'Silver']),
			renamed: { gold: 'Premium' }
		};
		const langs = {
			...field('langs', 'multi-choice', ['Français', 'English']),
			renamed: { french: 'Français' }
		};
		const ctx = { ...CTX, customFields: [tier, langs] };
		const rows: Row[] = [
			{ id: 'x', custom: { tier: 'Premium', langs: ['Français'] } },
			{ id: 'y', custom: { tier: 'Silver', langs: ['English'] } }
		];
		const match = (cond: SegmentCondition) => ids(cond, ctx, rows);
		expect(match({ field: 'custom:tier', op: 'is_any_of', value: ['Gold'] })).toEqual(['x']);
		expect(match({ field: 'custom:tier', op: 'is_none_of', value: ['Gold'] })).toEqual(['y']);
		expect(match({ field: 'custom:langs', op: 'has_any_of', value: ['French'] })).toEqual(['x']);
	});
});

describe('compileSegment: tags and multi-choice', () => {
	it('has any / all / none of', () => {
		expect(ids(c({ field: 'tags', op: 'has_any_of', value: ['vip', 'x'] }))).toEqual(['a']);
		expect(ids(c({ field: 'tags', op: 'has_all_of', value: ['vip', 'wine'] }))).toEqual(['a']);
		expect(ids(c({ field: 'tags', op: 'has_all_of', value: ['wine'] }))).toEqual(['a', 'b']);
		expect(ids(c({ field: 'tags', op: 'has_all_of', value: [] }))).toEqual(['a', 'b', 'c', 'd']);
		expect(ids(c({ field: 'tags', op: 'has_none_of', value: ['vip'] }))).toEqual(['b', 'c', 'd']);
		expect(ids(c({ field: 'tags', op: 'has_any_of', value: ['VIP'] }))).toEqual([]);
		expect(ids(c({ field: 'tags', op: 'is_empty' }))).toEqual(['c', 'd']);
	});

	it('custom multi-choice values; a value that is not a list is empty', () => {
		const langs = (op: 'has_any_of' | 'has_all_of' | 'has_none_of', value: string[]) =>
			ids(c({ field: 'custom:langs', op, value }));
		expect(langs('has_any_of', ['German', 'English'])).toEqual(['a', 'b']);
		expect(langs('has_all_of', ['French', 'English'])).toEqual(['a']);
		expect(langs('has_none_of', ['French'])).toEqual(['b', 'c', 'd']);
		expect(ids(c({ field: 'custom:langs', op: 'is_empty' }))).toEqual(['c', 'd']);
		expect(ids(c({ field: 'custom:langs', op: 'is_not_empty' }))).toEqual(['a', 'b']);
	});
});

describe('compileSegment: booleans', () => {
	it('is yes / no / empty', () => {
		expect(ids(c({ field: 'custom:news', op: 'is_true' }))).toEqual(['a']);
		expect(ids(c({ field: 'custom:news', op: 'is_false' }))).toEqual(['b']);
		expect(ids(c({ field: 'custom:news', op: 'is_empty' }))).toEqual(['c', 'd']);
		expect(ids(c({ field: 'custom:news', op: 'is_not_empty' }))).toEqual(['a', 'b']);
	});
});

describe('compileSegment: groups', () => {
	it('nests all (AND) and any (OR)', () => {
		const seg: SegmentDef = {
			match: 'all',
			children: [
				{ field: 'tags', op: 'has_any_of', value: ['wine'] },
				{
					match: 'any',
					children: [
						{ field: 'city', op: 'is', value: 'lyon' },
						{
							match: 'all',
							children: [
								{ field: 'kind', op: 'is_any_of', value: ['client'] },
								{ field: 'custom:news', op: 'is_true' }
							]
						}
					]
				}
			]
		};
		expect(ids(seg)).toEqual(['a', 'b']);
		expect(ids({ ...seg, match: 'any' })).toEqual(['a', 'b']);
	});

	it('an empty all matches every row, an empty any none', () => {
		expect(ids({ match: 'all', children: [] })).toEqual(['a', 'b', 'c', 'd']);
		expect(ids({ match: 'any', children: [] })).toEqual([]);
		expect(ids({ match: 'all', children: [{ match: 'any', children: [] }] })).toEqual([]);
	});

	it('gives the same answer whatever the order of the conditions', () => {
		const parts: SegmentNode[] = [
			{ field: 'name', op: 'contains', value: 'o' },
			{ field: 'kind', op: 'is_none_of', value: ['supplier'] },
			{ field: 'custom:ltv', op: 'gt', value: 10 },
			{ match: 'any', children: [{ field: 'city', op: 'is_not_empty' }] }
		];
		const expected = ids({ match: 'all', children: parts });
		expect(expected).toEqual(['a', 'b']);
		expect(ids({ match: 'all', children: [...parts].reverse() })).toEqual(expected);
	});
});

describe('compileSegment: conditions that cannot be evaluated match no row', () => {
	it('an unknown custom field, even negated', () => {
		expect(ids(c({ field: 'custom:gone', op: 'is_empty' }))).toEqual([]);
		expect(ids(c({ field: 'custom:gone', op: 'is_none_of', value: ['x'] }))).toEqual([]);
	});

	it('an operator that does not fit the field’s type (its type changed since)', () => {
		expect(ids(c({ field: 'custom:tier', op: 'gt', value: 3 }))).toEqual([]);
		expect(ids(c({ field: 'custom:ltv', op: 'gt', value: '2024-01-01' }))).toEqual([]);
		expect(
			ids({
				match: 'any',
				children: [
					{ field: 'custom:ltv', op: 'contains', value: '1' },
					{ field: 'kind', op: 'is_any_of', value: ['lead'] }
				]
			})
		).toEqual(['b']);
	});

	it('a hand-made definition that skipped validation does not throw', () => {
		const junk = {
			match: 'all',
			children: [null, { field: 'city', op: 'frobnicate' }, { match: 'any', children: 'x' }]
		} as unknown as SegmentDef;
		expect(compileSegment(junk, CTX)(ROWS[0])).toBe(false);
		const unknownMatch = { match: 'most', children: [] } as unknown as SegmentDef;
		expect(compileSegment(unknownMatch, CTX)(ROWS[0])).toBe(false);
		const wrongValues = [
			{ field: 'city', op: 'contains', value: 5 },
			{ field: 'kind', op: 'is_any_of', value: 5 },
			{ field: 'tags', op: 'has_all_of' },
			{ field: 'custom:ltv', op: 'between', value: null }
		];
		for (const cond of wrongValues) {
			const def = { match: 'any', children: [cond] } as unknown as SegmentDef;
			expect(ROWS.map(compileSegment(def, CTX))).toEqual([false, false, false, false]);
		}
	});

	it('rows without some fields (organizations) read them as empty', () => {
		const org = { kind: 'client', ownerId: null, tags: ['vip'] };
		const test = compileSegment(
			{
				match: 'all',
				children: [
					{ field: 'firstName', op: 'is_empty' },
					{ field: 'custom:ltv', op: 'is_empty' },
					{ field: 'updatedAt', op: 'is_empty' },
					{ field: 'tags', op: 'has_all_of', value: ['vip'] }
				]
			},
			CTX
		);
		expect(test(org)).toBe(true);
	});

	it('a context that names no type’s fields tests only what every row has', () => {
		const bare: SegmentContext = { customFields: FIELDS, now: NOW, timeZone: 'utc' };
		expect(ids(c({ field: 'name', op: 'contains', value: 'dupre' }), bare)).toEqual(['a']);
		expect(ids(c({ field: 'updatedAt', op: 'eq', value: '2024-01-01' }), bare)).toEqual(['c']);
		expect(ids(c({ field: 'kind', op: 'is_any_of', value: ['lead'] }), bare)).toEqual([]);
		expect(ids(c({ field: 'custom:tier', op: 'is_any_of', value: ['Gold'] }), bare)).toEqual(['a']);
	});
});
