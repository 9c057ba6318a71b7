import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { person } from '../record-types';
import type { CustomFieldDef } from '../records';
import { MAX_DEPTH, MAX_LIST, MAX_NODES, validateSegment } from './validate';
import { compileSegment } from './compile';

const def = (id: string, type: CustomFieldDef['type'], options: string[] = []): CustomFieldDef => ({
	id,
	entity: 'person',
	label: `Field ${id}`,
	type,
	options,
	order: 1
});
const FIELDS = [
	def('tier', 'choice', ['Gold', 'Silver']),
	def('ltv', 'number'),
	def('bday', 'date')
];

/** Segments over people: the fields the person declaration names. */
const PERSON = person.segmentFields;
const all = (...children: unknown[]) => ({ match: 'all', children });
const problems = (raw: unknown, fields?: CustomFieldDef[]) => {
	const r = validateSegment(raw, fields, PERSON);
	return r.ok ? [] : r.problems.map((p) => p.message);
};

describe('validateSegment', () => {
	it('accepts a well-formed segment and returns a typed copy', () => {
		const raw = all(
			{ field: 'kind', op: 'is_any_of', value: ['client', 'lead'] },
			{ field: 'ownerId', op: 'is_any_of', value: ['m1', null] },
			{ match: 'any', children: [{ field: 'email', op: 'is_not_empty' }] },
			{ field: 'custom:ltv', op: 'between', value: [10, 20] },
			{ field: 'updatedAt', op: 'within_last_days', value: 30 }
		);
		const r = validateSegment(raw, FIELDS, PERSON);
		expect(r).toEqual({ ok: true, segment: raw });
		if (r.ok) expect(r.segment).not.toBe(raw);
	});

	it('normalises days and drops what a valueless operator was given', () => {
		const r = validateSegment(
			all(
				{ field: 'updatedAt', op: 'gte', value: '2024-3-5' },
				{ field: 'email', op: 'is_empty', value: 'ignored' },
				{ field: 'city', op: 'contains', value: 'x', note: 'a newer peer’s extra key' }
			),
			undefined,
			PERSON
		);
		expect(r).toEqual({
			ok: true,
			segment: all(
				{ field: 'updatedAt', op: 'gte', value: '2024-03-05' },
				{ field: 'email', op: 'is_empty' },
				{ field: 'city', op: 'contains', value: 'x' }
			)
		});
	});

	it('says what is wrong with the segment itself', () => {
		expect(problems(null)).toEqual(['A segment is a group of conditions, not null.']);
		expect(problems([1, 2])).toEqual(['A segment is a group of conditions, not a list of 2.']);
		expect(problems({ field: 'city', op: 'is_empty' })).toHaveLength(1);
		expect(problems({ match: 'all' })).toEqual([
			'The segment: a group needs a list of parts, found nothing.'
		]);
	});

	it('numbers every problem by where it is', () => {
		const r = validateSegment(
			all(
				{ field: 'city', op: 'contains', value: 'ok' },
				{ match: 'any', children: [{ field: 'city', op: 'contains', value: 3 }] },
				'junk'
			),
			undefined,
			PERSON
		);
		expect(r).toEqual({
			ok: false,
			problems: [
				{ path: '2.1', message: 'Part 2.1: "City" contains: expected text, found the number 3.' },
				{
					path: '3',
					message: 'Part 3: expected a condition or a group, found the text "junk".'
				}
			]
		});
	});

	it('rejects unknown fields, operators and operators that do not fit the field', () => {
		expect(problems(all({ field: 'shoeSize', op: 'eq', value: 3 }))).toEqual([
			'Part 1: there is no field "shoeSize".'
		]);
		expect(problems(all({ field: 'custom:', op: 'is_empty' }))).toEqual([
			'Part 1: there is no field "custom:".'
		]);
		expect(problems(all({ field: 'city', op: 'sounds_like', value: 'x' }))).toEqual([
			'Part 1: the text "sounds_like" is not an operator this version knows.'
		]);
		expect(problems(all({ field: 'kind', op: 'contains', value: 'x' }))).toEqual([
			'Part 1: "Kind" is a choice field: "contains" does not apply to it.'
		]);
		expect(problems(all({ op: 'is_empty' }))).toEqual([
			'Part 1: a condition names a field, found nothing.'
		]);
		expect(problems(all({ match: 'most', children: [] }))).toEqual([
			'Part 1: a group matches "all" or "any" of its parts, not the text "most".'
		]);
	});

	it('checks each kind of value', () => {
		const one = (c: object) => problems(all(c), FIELDS);
		expect(one({ field: 'tags', op: 'has_any_of', value: 'vip' })).toEqual([
			'Part 1: "Tags" has any of: expected a list of values, found the text "vip".'
		]);
		expect(one({ field: 'tags', op: 'has_all_of', value: ['vip', null] })).toEqual([
			'Part 1: "Tags" has all of: the list holds null, expected only text.'
		]);
		expect(one({ field: 'kind', op: 'is_any_of', value: [1] })).toEqual([
			'Part 1: "Kind" is any of: the list holds the number 1, expected only text (or null for "empty").'
		]);
		expect(one({ field: 'custom:ltv', op: 'gt', value: '12' })).toEqual([
			'Part 1: "Field ltv" >: expected a number, found the text "12".'
		]);
		expect(one({ field: 'custom:ltv', op: 'eq', value: Infinity })).toHaveLength(1);
		expect(one({ field: 'custom:bday', op: 'lt', value: '2024-02-30' })).toEqual([
			'Part 1: "Field bday" <: expected a day (YYYY-MM-DD), found the text "2024-02-30".'
		]);
		expect(one({ field: 'custom:ltv', op: 'between', value: [5] })).toEqual([
			'Part 1: "Field ltv" is between: expected two values (from, to), found a list of 1.'
		]);
		expect(one({ field: 'custom:ltv', op: 'between', value: [9, 5] })).toEqual([
			'Part 1: "Field ltv" is between: from (9) is after to (5).'
		]);
		expect(one({ field: 'custom:bday', op: 'between', value: ['2024-01-01', 5] })).toEqual([
			'Part 1: "Field bday" is between: to: expected a day (YYYY-MM-DD), found the number 5.'
		]);
		expect(one({ field: 'updatedAt', op: 'within_last_days', value: -1 })).toHaveLength(1);
		expect(one({ field: 'updatedAt', op: 'within_last_days', value: 1.5 })).toHaveLength(1);
		expect(one({ field: 'updatedAt', op: 'more_than_days_ago', value: 0 })).toEqual([]);
	});

	it('without definitions, checks a custom condition against its operator only', () => {
		expect(problems(all({ field: 'custom:x', op: 'eq', value: 5 }))).toEqual([]);
		expect(problems(all({ field: 'custom:x', op: 'eq', value: '2024-01-01' }))).toEqual([]);
		expect(problems(all({ field: 'custom:x', op: 'eq', value: 'soon' }))).toEqual([
			'Part 1: "custom:x" =: expected a number or a day (YYYY-MM-DD), found the text "soon".'
		]);
		expect(problems(all({ field: 'custom:x', op: 'between', value: [1, '2024-01-01'] }))).toEqual([
			'Part 1: "custom:x" is between: from and to must both be numbers or both days.'
		]);
	});

	it('with definitions, the custom field must exist and fit the operator', () => {
		expect(problems(all({ field: 'custom:gone', op: 'is_empty' }), FIELDS)).toEqual([
			'Part 1: the custom field gone does not exist (any more).'
		]);
		expect(problems(all({ field: 'custom:tier', op: 'gt', value: 3 }), FIELDS)).toEqual([
			'Part 1: "Field tier" is a choice field: ">" does not apply to it.'
		]);
	});

	it('refuses segments too deep, too large or with too long lists', () => {
		let deep: object = { field: 'city', op: 'is_empty' };
		for (let i = 0; i < MAX_DEPTH + 1; i++) deep = all(deep);
		expect(problems(deep).join()).toContain(`nest more than ${MAX_DEPTH} deep`);
		const wide = all(
			...Array.from({ length: MAX_NODES + 5 }, () => ({ field: 'city', op: 'is_empty' }))
		);
		expect(problems(wide)).toEqual([
			`Part ${MAX_NODES + 1}: more than ${MAX_NODES} parts in one segment.`
		]);
		const long = all({ field: 'tags', op: 'has_any_of', value: Array(MAX_LIST + 1).fill('x') });
		expect(problems(long)).toEqual([
			`Part 1: "Tags" has any of: a list of more than ${MAX_LIST} values.`
		]);
	});

	it('never throws, and what it accepts compiles and runs (property)', () => {
		const ctx = { fields: PERSON, customFields: FIELDS, now: 0 };
		const row = { name: 'A', kind: 'lead', ownerId: null, tags: ['x'], custom: { ltv: 3 } };
		fc.assert(
			fc.property(fc.jsonValue(), (raw) => {
				const wrapped = [raw, all(raw), all({ field: 'city', op: 'contains', value: raw })];
				for (const candidate of wrapped) {
					const r = validateSegment(candidate, FIELDS, PERSON);
					if (r.ok) expect(typeof compileSegment(r.segment, ctx)(row)).toBe('boolean');
					else expect(r.problems.length).toBeGreaterThan(0);
				}
			}),
			{ numRuns: 500 }
		);
	});
});
