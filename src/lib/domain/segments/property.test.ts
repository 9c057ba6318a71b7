/**
 * The compiled predicates against the reference evaluator (reference.ts, the specification) on
 * random rows and random segments: values of the right type, of the wrong type and missing,
 * every operator of every field type (and some that do not fit), nested groups, both time zones.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { person } from '../record-types';
import type { CustomFieldDef, CustomFieldType } from '../records';
import { PERSON_DERIVED_FIELDS } from './derived';
import type { SegmentContext, SegmentRow } from './context';
import { addDays, dayOf, DAY_MS } from './dates';
import {
	OPERATORS_BY_TYPE,
	type FieldType,
	type SegmentCondition,
	type SegmentNode
} from './definition';
import { compileSegment } from './compile';
import { referenceMatches } from './reference';
import { validateSegment } from './validate';

const NOW = Date.UTC(2024, 5, 15, 9, 30);
const TODAY = dayOf(NOW, 'utc');

/** Segments over people: the fields the person declaration names, and the looked-up ones. */
const PERSON = { ...person.segmentFields, ...PERSON_DERIVED_FIELDS };

const custom = (id: string, type: CustomFieldType): CustomFieldDef => ({
	id,
	entity: 'person',
	label: id,
	type,
	options: ['x', 'y', 'z'],
	order: 0
});
const CUSTOM_FIELDS = (
	['text', 'number', 'date', 'choice', 'multi-choice', 'boolean'] as const
).map((type) => custom(type.replace('-', ''), type));
const FIELDS: [string, FieldType][] = [
	...Object.entries(PERSON).map(([f, d]) => [f, d.type] as [string, FieldType]),
	...CUSTOM_FIELDS.map((d) => [`custom:${d.id}`, d.type] as [string, FieldType]),
	['custom:missing', 'text']
];

// Values drawn from small pools, so that conditions and rows often meet.
const text = fc
	.array(fc.constantFrom('a', 'B', 'é', 'É', 'ß', 'ss', ' ', 'x', '’', '\u0301'), { maxLength: 5 })
	.map((cs) => cs.join(''));
// Day counts people use, and moments exactly that many days back (± 1 ms), so that the ends
// of "within the last N days" are hit, not only approached.
const DAY_COUNTS = [0, 1, 2, 7, 30, 365];
const dayCount = fc.oneof(fc.constantFrom(...DAY_COUNTS), fc.integer({ min: 0, max: 500 }));
const daysBack = fc.oneof(
	fc.constantFrom(...DAY_COUNTS.flatMap((d) => [d - 1, d, d + 1])),
	fc.integer({ min: -3, max: 400 })
);
const day = daysBack.map((k) => addDays(TODAY, -k));
const moment = fc.oneof(
	fc
		.tuple(fc.constantFrom(...DAY_COUNTS), fc.constantFrom(0, 1, -1))
		.map(([days, ms]) => NOW - days * DAY_MS + ms),
	fc.integer({ min: -8, max: 1_600 }).map((quarters) => NOW - (quarters * DAY_MS) / 4)
);
const num = fc.integer({ min: -3, max: 3 });
const choice = fc.constantFrom('x', 'y', 'client', 'lead', 'm1', 'm2');
const subset = fc.subarray(['x', 'y', 'z', 'vip']);
const junk = fc.constantFrom<unknown>(
	undefined,
	null,
	'',
	7,
	Number.NaN,
	true,
	['x'],
	'2024-02-30'
);

/** Mostly a value of the field's type, sometimes junk (undefined stands for a missing field). */
const or = <T>(good: fc.Arbitrary<T>) =>
	fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: junk });

// Purchases and interaction times, oldest first, around the ends of the periods conditions name.
const at = fc.oneof(
	moment,
	day.map((d) => Date.parse(`${d}T00:00:00Z`))
);
const lines = fc
	.array(
		fc.record({
			at,
			productId: fc.constantFrom(null, 'p1', 'p2'),
			category: fc.constantFrom('', 'vegetarian', 'vegan'),
			amount: fc.oneof(num, fc.constant(Number.NaN))
		}),
		{ maxLength: 6 }
	)
	.map((ls) => ls.sort((a, b) => a.at - b.at));
const times = fc.array(at, { maxLength: 6 }).map((ts) => ts.sort((a, b) => a - b));
const place = fc.tuple(
	fc.double({ min: 50, max: 54, noNaN: true }),
	fc.double({ min: 10, max: 16, noNaN: true })
);
/** What the lookups give for a row (by its id), beside the row. */
const derived = fc.record({
	'purchases.lines': or(lines),
	'purchases.lifetimeValue': or(num),
	'purchases.rfmCell': or(fc.constantFrom('champions', 'lost', 'x')),
	'purchases.lastOrderAt': or(moment),
	'activity.interactions': or(times),
	'deals.openStages': or(subset)
});

const row: fc.Arbitrary<SegmentRow> = fc.record({
	derived,
	geo: or(place),
	name: or(text),
	firstName: text,
	city: or(text),
	email: text,
	kind: or(choice),
	ownerId: or(fc.oneof(choice, fc.constant(null))),
	tags: or(subset),
	updatedAt: or(moment),
	custom: fc.record({
		text: or(text),
		number: or(num),
		date: or(day),
		choice: or(choice),
		multichoice: or(subset),
		boolean: or(fc.boolean())
	})
}) as fc.Arbitrary<SegmentRow>;

function valueFor(op: string, type: FieldType): fc.Arbitrary<unknown> | null {
	const point = type === 'date' ? day : num;
	switch (op) {
		case 'contains':
		case 'not_contains':
		case 'is':
		case 'is_not':
		case 'starts_with':
			return text;
		case 'is_any_of':
		case 'is_none_of':
			return fc.array(fc.oneof(type === 'text' ? text : choice, fc.constant(null)), {
				maxLength: 3
			});
		case 'has_any_of':
		case 'has_all_of':
		case 'has_none_of':
			return subset;
		case 'eq':
		case 'neq':
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte':
			return point;
		case 'between':
			return fc
				.tuple(point as fc.Arbitrary<number | string>, point as fc.Arbitrary<number | string>)
				.map(([a, b]) => (a <= b ? [a, b] : [b, a]));
		case 'within_last_days':
		case 'more_than_days_ago':
			return dayCount;
		case 'within_km':
			return fc.record({
				lat: fc.constant(52.52),
				lon: fc.constant(13.405),
				km: fc.integer({ min: 0, max: 400 })
			});
		case 'bought':
		case 'not_bought':
			return fc.tuple(period, fc.constantFrom(undefined, 'p1', 'p2')).chain(([p, productId]) =>
				fc.constantFrom(undefined, 'Vegetarian', 'VEGAN ').map((category) => ({
					...p,
					...(productId && { productId }),
					...(category && { category })
				}))
			);
		case 'spent':
		case 'count_in_period':
			return fc
				.tuple(period, fc.integer({ min: -3, max: 4 }), fc.option(fc.integer({ min: 4, max: 9 })))
				.map(([p, min, max]) => ({ ...p, min, ...(max !== null && { max }) }));
		default:
			return null;
	}
}

/** The last N days, from/to days (either may be missing), or all time. */
const period = fc.oneof(
	dayCount.map((days) => ({ days })),
	fc
		.tuple(fc.option(day), fc.option(day))
		.map(([a, b]) => (a !== null && b !== null && a > b ? [b, a] : [a, b]))
		.map(([from, to]) => ({ ...(from !== null && { from }), ...(to !== null && { to }) }))
);

const ALL_OPS = [...new Set(Object.values(OPERATORS_BY_TYPE).flat())];

function conditionOn([field, type]: [string, FieldType]): fc.Arbitrary<SegmentCondition> {
	return fc.tuple(fc.nat(), fc.boolean()).chain(([pick, misfit]) => {
		// Now and then an operator of another type, as after a field's type changed.
		const ops: readonly string[] = misfit && pick % 5 === 0 ? ALL_OPS : OPERATORS_BY_TYPE[type];
		const op = ops[pick % ops.length];
		const value = valueFor(op, type);
		return value
			? value.map((v) => ({ field, op, value: v }) as SegmentCondition)
			: fc.constant({ field, op } as SegmentCondition);
	});
}
/** A fixed list of people, by the ids lookupsOf gives the rows (their place), some absent. */
const picked = fc
	.uniqueArray(fc.constantFrom('0', '1', '2', '3', '7', '12', 'gone'), { maxLength: 5 })
	.map((ids) => ({ field: 'id', op: 'picked', value: ids }) as SegmentCondition);
const condition = fc.oneof(
	{ weight: 9, arbitrary: fc.constantFrom(...FIELDS).chain(conditionOn) },
	{ weight: 1, arbitrary: picked }
);

const { node } = fc.letrec<{ node: SegmentNode; group: SegmentNode }>((tie) => ({
	node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, condition, tie('group')),
	group: fc.record({
		match: fc.constantFrom('all' as const, 'any' as const),
		children: fc.array(tie('node'), { maxLength: 4 })
	})
}));
const segment = fc.record({
	match: fc.constantFrom('all' as const, 'any' as const),
	children: fc.array(node, { maxLength: 5 })
});

/** The rows get ids (their place in the list) and the derived values are looked up by them. */
function lookupsOf(rows: SegmentRow[]): SegmentContext['lookups'] {
	const byId = new Map<string, Record<string, unknown>>();
	rows.forEach((r, i) => {
		(r as { id: string }).id = String(i);
		byId.set(String(i), (r as { derived: Record<string, unknown> }).derived);
	});
	return Object.fromEntries(
		Object.keys(PERSON_DERIVED_FIELDS).map((f) => [f, (id: string) => byId.get(id)?.[f]])
	);
}

const timeZone = fc.constantFrom<SegmentContext['timeZone']>('utc', 'local');

describe('compiled segments', () => {
	it.each(FIELDS)('test %s as the reference evaluator does (property)', (field, type) => {
		fc.assert(
			fc.property(
				conditionOn([field, type]),
				fc.array(row, { maxLength: 25 }),
				timeZone,
				(cond, rows, tz) => {
					const ctx: SegmentContext = {
						fields: PERSON,
						customFields: CUSTOM_FIELDS,
						now: NOW,
						timeZone: tz,
						lookups: lookupsOf(rows)
					};
					const def = { match: 'all' as const, children: [cond] };
					const test = compileSegment(def, ctx);
					for (const r of rows) expect(test(r)).toBe(referenceMatches(r, def, ctx));
				}
			),
			{ numRuns: 250 }
		);
	});

	it('match exactly the rows the reference evaluator matches (property)', () => {
		fc.assert(
			fc.property(segment, fc.array(row, { maxLength: 25 }), timeZone, (def, rows, timeZone) => {
				const ctx: SegmentContext = {
					fields: PERSON,
					customFields: CUSTOM_FIELDS,
					now: NOW,
					timeZone,
					lookups: lookupsOf(rows)
				};
				const test = compileSegment(def, ctx);
				for (const r of rows) expect(test(r)).toBe(referenceMatches(r, def, ctx));
			}),
			{ numRuns: 1_000 }
		);
	});

	it('are built from definitions validation accepts as they are (property)', () => {
		fc.assert(
			fc.property(segment, (def) => {
				const r = validateSegment(def, undefined, PERSON);
				// Misfit operators are refused for built-in fields; everything else passes unchanged.
				if (r.ok) expect(r.segment).toEqual(def);
			}),
			{ numRuns: 300 }
		);
	});
});
