/**
 * Incremental membership against a full evaluation: after any sequence of edits — fields
 * changed, people added and deleted, a customer's purchases recomputed, an open task or deal
 * moved — re-testing only the ids each edit names gives exactly the members a full pass gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { person } from '../record-types';
import type { SegmentContext } from './context';
import { compileSegment } from './compile';
import { PERSON_DERIVED_FIELDS, type BoughtLine } from './derived';
import type { SegmentDef, SegmentNode } from './definition';
import { SegmentMembership } from './membership';

const NOW = Date.UTC(2026, 11, 2);
const DAY = 86_400_000;
const FIELDS = { ...person.segmentFields, ...PERSON_DERIVED_FIELDS };
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];

interface Row {
	id: string;
	kind: string;
	city: string;
	tags: string[];
}

const rowOf = (id: string): fc.Arbitrary<Row> =>
	fc.record({
		id: fc.constant(id),
		kind: fc.constantFrom('client', 'lead'),
		city: fc.constantFrom('Berlin', 'berlin ', 'Paris'),
		tags: fc.subarray(['vip', 'new'])
	});
const lines = fc
	.array(
		fc.record({
			at: fc.integer({ min: 0, max: 200 }).map((d) => NOW - d * DAY),
			productId: fc.constantFrom(null, 'p1'),
			category: fc.constantFrom('vegetarian', 'meat'),
			amount: fc.integer({ min: 0, max: 50 })
		}),
		{ maxLength: 4 }
	)
	.map((ls) => ls.sort((x, y) => x.at - y.at));

const condition: fc.Arbitrary<SegmentNode> = fc.oneof(
	fc.constant({ field: 'kind', op: 'is_any_of', value: ['client'] } as SegmentNode),
	fc.constant({ field: 'city', op: 'is', value: 'Berlin' } as SegmentNode),
	fc.constant({ field: 'tags', op: 'has_any_of', value: ['vip'] } as SegmentNode),
	fc.integer({ min: 0, max: 200 }).map(
		(days) =>
			({
				field: 'purchases.lines',
				op: 'bought',
				value: { category: 'Vegetarian', days }
			}) as SegmentNode
	),
	fc
		.integer({ min: 0, max: 100 })
		.map((min) => ({ field: 'purchases.lines', op: 'spent', value: { min } }) as SegmentNode),
	fc
		.integer({ min: 0, max: 2 })
		.map((n) => ({ field: 'activity.openTasks', op: 'gte', value: n }) as SegmentNode)
);
const segment: fc.Arbitrary<SegmentDef> = fc.record({
	match: fc.constantFrom('all' as const, 'any' as const),
	children: fc.array(
		fc.oneof(
			condition,
			fc.record({
				match: fc.constantFrom('all' as const, 'any' as const),
				children: fc.array(condition, { maxLength: 3 })
			})
		),
		{ minLength: 1, maxLength: 4 }
	)
});

type Edit =
	| { kind: 'put'; row: Row }
	| { kind: 'delete'; id: string }
	| { kind: 'purchases'; id: string; lines: BoughtLine[] }
	| { kind: 'tasks'; id: string; open: number };

const id = fc.constantFrom(...IDS);
const edit: fc.Arbitrary<Edit> = fc.oneof(
	id.chain(rowOf).map((row) => ({ kind: 'put' as const, row })),
	id.map((i) => ({ kind: 'delete' as const, id: i })),
	fc.tuple(id, lines).map(([i, l]) => ({ kind: 'purchases' as const, id: i, lines: l })),
	fc.tuple(id, fc.nat(3)).map(([i, open]) => ({ kind: 'tasks' as const, id: i, open }))
);

describe('incremental segment membership', () => {
	it('equals a full evaluation after any sequence of edits (property)', () => {
		fc.assert(
			fc.property(
				segment,
				fc.array(fc.constantFrom(...IDS).chain(rowOf), { maxLength: 6 }),
				fc.array(edit, { maxLength: 30 }),
				(def, start, edits) => {
					const rows = new Map(start.map((r) => [r.id, r]));
					const purchases = new Map<string, BoughtLine[]>();
					const tasks = new Map<string, number>();
					const ctx: SegmentContext = {
						fields: FIELDS,
						customFields: [],
						now: NOW,
						timeZone: 'utc',
						lookups: {
							'purchases.lines': (i) => purchases.get(i),
							'activity.openTasks': (i) => tasks.get(i) ?? 0
						}
					};
					const test = compileSegment(def, ctx);
					const m = new SegmentMembership(test, rows.values());
					for (const e of edits) {
						if (e.kind === 'put') rows.set(e.row.id, e.row);
						else if (e.kind === 'delete') rows.delete(e.id);
						else if (e.kind === 'purchases') purchases.set(e.id, e.lines);
						else tasks.set(e.id, e.open);
						const changed = e.kind === 'put' ? e.row.id : e.id;
						m.update([changed], (i) => rows.get(i));
						const full = [...rows.values()].filter(test).map((r) => r.id);
						expect([...m.members].sort()).toEqual(full.sort());
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('says whether anyone joined or left', () => {
		const rows = new Map<string, Row>([['a', { id: 'a', kind: 'lead', city: '', tags: [] }]]);
		const test = compileSegment(
			{ match: 'all', children: [{ field: 'kind', op: 'is_any_of', value: ['client'] }] },
			{ fields: FIELDS, customFields: [], now: NOW }
		);
		const m = new SegmentMembership(test, rows.values());
		expect(m.size).toBe(0);
		expect(m.update(['a'], (i) => rows.get(i))).toBe(false);
		rows.set('a', { ...rows.get('a')!, kind: 'client' });
		expect(m.update(['a'], (i) => rows.get(i))).toBe(true);
		expect(m.has('a')).toBe(true);
		expect(m.update(['a'], () => undefined)).toBe(true);
		expect(m.size).toBe(0);
	});
});
