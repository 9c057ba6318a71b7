import { describe, expect, it } from 'vitest';
import { compileSegment } from './compile';
import type { SegmentContext } from './context';
import { PERSON_SEGMENT_FIELDS } from './person-fields';
import { referenceMatches } from './reference';
import { readSavedSegment } from './saved';
import { validateSegment } from './validate';

const ctx: SegmentContext = { fields: PERSON_SEGMENT_FIELDS, customFields: [], now: 0 };
const rows = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase() }));
const picked = (value: unknown) => ({
	match: 'all',
	children: [{ field: 'id', op: 'picked', value }]
});

describe('a fixed list of picked people', () => {
	it('matches exactly the people listed, as the reference evaluator does', () => {
		const r = validateSegment(picked(['b', 'd', 'gone']), undefined, PERSON_SEGMENT_FIELDS);
		if (!r.ok) throw new Error(r.problems[0].message);
		const test = compileSegment(r.segment, ctx);
		expect(rows.filter((row) => test(row)).map((row) => row.id)).toEqual(['b', 'd']);
		for (const row of rows) expect(test(row)).toBe(referenceMatches(row, r.segment, ctx));
	});

	it("drops a buggy peer's ids that are not text, and duplicates, keeping the rest", () => {
		const r = validateSegment(picked(['b', 7, null, '', 'b', { id: 'c' }, 'c']));
		expect(r).toEqual({ ok: true, segment: picked(['b', 'c']) });
	});

	it('an empty list matches nobody', () => {
		const r = validateSegment(picked([]), undefined, PERSON_SEGMENT_FIELDS);
		if (!r.ok) throw new Error('refused');
		const test = compileSegment(r.segment, ctx);
		expect(rows.some((row) => test(row))).toBe(false);
	});

	it('refuses a list that is not one, or a picked test on another field, with a reason', () => {
		const notList = validateSegment(picked('b'));
		expect(notList.ok).toBe(false);
		if (!notList.ok) expect(notList.problems[0].message).toMatch(/expected a list of ids/);
		const other = validateSegment({
			match: 'all',
			children: [{ field: 'name', op: 'picked', value: ['b'] }]
		});
		expect(other.ok).toBe(false);
		if (!other.ok) expect(other.problems[0].message).toMatch(/tested on "id"/);
	});

	it('a saved segment a peer stored with junk ids is read with the good ones', () => {
		const s = readSavedSegment(
			's1',
			{ name: 'Champions', def: picked(['a', 3]) },
			PERSON_SEGMENT_FIELDS
		);
		expect('problem' in s).toBe(false);
		if (!('problem' in s)) expect(s.def).toEqual(picked(['a']));
	});
});
