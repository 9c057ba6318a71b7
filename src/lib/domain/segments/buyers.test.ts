import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buyersFinder } from './buyers';
import { compileSegment, countRows } from './compile';
import type { SegmentContext } from './context';
import type { SegmentCondition } from './definition';
import { PERSON_DERIVED_FIELDS, type BoughtLine } from './derived';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 30);

const line = fc.record({
	at: fc.integer({ min: -200, max: 10 }).map((d) => NOW + d * DAY),
	productId: fc.constantFrom(null, 'x', 'y'),
	category: fc.constantFrom('', 'veg', 'bakery'),
	amount: fc.constant(1)
});
const condition = fc.record({
	op: fc.constantFrom('bought' as const, 'not_bought' as const),
	productId: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
	category: fc.option(fc.constantFrom('Veg', 'BAKERY', 'wine'), { nil: undefined }),
	days: fc.option(fc.integer({ min: 0, max: 220 }), { nil: undefined })
});

describe('buyersFinder', () => {
	it('answers a purchase condition as testing each row’s purchases does', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(line, { maxLength: 6 }), { maxLength: 12 }),
				condition,
				(people, c) => {
					const byId = new Map(
						people.map((lines, i) => [`p${i}`, [...lines].sort((a, b) => a.at - b.at)])
					);
					const rows = [...byId.keys(), 'nobody'].map((id) => ({ id }));
					const base: SegmentContext = {
						fields: PERSON_DERIVED_FIELDS,
						customFields: [],
						now: NOW,
						lookups: { 'purchases.lines': (id) => byId.get(id) }
					};
					const fast = {
						...base,
						buyers: buyersFinder(
							() => byId,
							() => 0
						)
					};
					const cond = {
						field: 'purchases.lines',
						op: c.op,
						value: { productId: c.productId, category: c.category, days: c.days }
					} as SegmentCondition;
					const def = { match: 'all' as const, children: [cond] };
					expect(countRows(rows, compileSegment(def, fast))).toBe(
						countRows(rows, compileSegment(def, base))
					);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('keeps an answer until the purchases’ version changes', () => {
		const byId = new Map<string, BoughtLine[]>([['a', []]]);
		let version = 0;
		const buyers = buyersFinder(
			() => byId,
			() => version
		);
		const q = { productId: undefined, category: 'veg', from: NOW - DAY, to: NOW };
		expect(buyers(q).has('a')).toBe(false);
		byId.set('a', [{ at: NOW, productId: null, category: 'veg', amount: 1 }]);
		expect(buyers(q).has('a')).toBe(false);
		version++;
		expect(buyers(q).has('a')).toBe(true);
	});
});
