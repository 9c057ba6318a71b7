import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldChange } from './records';
import { describeValue, groupHistory, isEmpty, sameValue } from './history';

const ch = (
	at: number,
	field: string,
	from: unknown,
	to: unknown,
	by = 'ann',
	recordId = 'p1'
): FieldChange => ({
	recordId,
	field,
	from,
	to,
	by,
	at
});
const MIN = 60_000;

describe('groupHistory', () => {
	it('groups edits by one person within the window, newest group first', () => {
		const changes = [
			ch(10 * MIN, 'title', 'CEO', 'CTO', 'bob'),
			ch(3 * MIN, 'city', '', 'Lyon'),
			ch(1 * MIN, 'lastName', 'Le', 'Lee'),
			ch(0, 'firstName', 'An', 'Ann')
		];
		const groups = groupHistory(changes);
		expect(groups.map((g) => [g.by, g.from, g.to, g.changes.map((c) => c.field)])).toEqual([
			['bob', 10 * MIN, 10 * MIN, ['title']],
			['ann', 3 * MIN, 3 * MIN, ['city']],
			['ann', 0, 1 * MIN, ['lastName', 'firstName']]
		]);
	});

	it('splits when someone else edits in between, or on another record', () => {
		const groups = groupHistory([
			ch(0, 'a', 1, 2),
			ch(10, 'b', 1, 2, 'bob'),
			ch(20, 'c', 1, 2),
			ch(30, 'd', 1, 2, 'ann', 'p2')
		]);
		expect(groups.map((g) => `${g.by}:${g.recordId}`)).toEqual([
			'ann:p2',
			'ann:p1',
			'bob:p1',
			'ann:p1'
		]);
	});

	it('shows a field edited twice once: first from, last to', () => {
		const [g] = groupHistory([ch(20, 'title', 'B', 'C'), ch(10, 'title', 'A', 'B')]);
		expect(g.changes).toEqual([ch(20, 'title', 'A', 'C')]);
	});

	it('leaves out edits that end where they started, and groups with nothing left', () => {
		expect(groupHistory([ch(10, 'title', 'A', 'B'), ch(20, 'title', 'B', 'A')])).toEqual([]);
		expect(groupHistory([ch(10, 'tags', [], null)])).toEqual([]);
	});

	it('keeps who created the record (a creation has no value to compare)', () => {
		const groups = groupHistory([ch(0, 'created', null, null), ch(MIN, 'title', '', 'CEO')]);
		expect(groups).toHaveLength(1);
		expect(groups[0].changes.map((c) => c.field)).toEqual(['title', 'created']);
	});

	it('respects a custom window and accepts any input order', () => {
		const changes = [ch(0, 'a', 1, 2), ch(MIN, 'b', 1, 2), ch(2 * MIN + 1, 'c', 1, 2)];
		expect(groupHistory(changes, MIN).map((g) => g.changes.length)).toEqual([1, 2]);
		expect(groupHistory([...changes].reverse(), MIN)).toEqual(groupHistory(changes, MIN));
	});

	it('keeps every net change of a random history (property)', () => {
		const change = fc.record({
			recordId: fc.constantFrom('p1', 'p2'),
			field: fc.constantFrom('a', 'b', 'c'),
			from: fc.integer({ min: 0, max: 3 }),
			to: fc.integer({ min: 0, max: 3 }),
			by: fc.constantFrom('ann', 'bob'),
			at: fc.integer({ min: 0, max: 10 * MIN })
		});
		fc.assert(
			fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
				const groups = groupHistory(changes);
				for (let i = 1; i < groups.length; i++)
					expect(groups[i - 1].to).toBeGreaterThanOrEqual(groups[i].to);
				for (const g of groups) {
					expect(g.to - g.from).toBeLessThanOrEqual(120_000);
					expect(g.changes.length).toBeGreaterThan(0);
					for (const c of g.changes) {
						expect(c.by).toBe(g.by);
						expect(c.from).not.toEqual(c.to);
					}
				}
				const total = groups.reduce((n, g) => n + g.changes.length, 0);
				expect(total).toBeLessThanOrEqual(changes.length);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('describeValue', () => {
	it('writes stored values as short text', () => {
		expect(describeValue(null)).toBe('(empty)');
		expect(describeValue('')).toBe('(empty)');
		expect(describeValue([])).toBe('(empty)');
		expect(describeValue({})).toBe('(empty)');
		expect(describeValue('Ann')).toBe('Ann');
		expect(describeValue(12.5)).toBe('12.5');
		expect(describeValue(true)).toBe('Yes');
		expect(describeValue(['a', 'b'])).toBe('a, b');
		expect(
			describeValue([
				{ label: 'work', value: 'a@x.test' },
				{ label: '', value: 'b@x.test' }
			])
		).toBe('a@x.test (work), b@x.test');
		expect(
			describeValue([
				{
					label: 'home',
					street: '1 Main St',
					postcode: '75001',
					city: 'Paris',
					region: '',
					country: 'France'
				}
			])
		).toBe('1 Main St, 75001 Paris, France');
		expect(describeValue({ diet: 'vegan', channel: 'mail' })).toBe('diet: vegan; channel: mail');
		expect(describeValue([null, ''])).toBe('(empty)');
	});

	it('never throws and returns text for any JSON (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (v) => {
				expect(typeof describeValue(v)).toBe('string');
			}),
			{ numRuns: 300 }
		);
	});
});

describe('sameValue / isEmpty', () => {
	it('compares JSON-like values structurally; empties are equal', () => {
		expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
		expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
		expect(sameValue([1], { 0: 1 })).toBe(false);
		expect(sameValue(null, '')).toBe(true);
		expect(isEmpty(0)).toBe(false);
		expect(isEmpty(false)).toBe(false);
	});
});
