import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buyersFinder } from './buyers';
import { compileSegment, countRows } from './compile';
import { FIND_BUYERS_AFTER } from './compile-derived';
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
					// Repeated past FIND_BUYERS_AFTER, so the rows after it are answered by the Set.
					const ids = [...byId.keys(), 'nobody'];
					const copies = Math.ceil((FIND_BUYERS_AFTER + 1) / ids.length);
					const rows = Array.from({ length: copies }, () => ids.map((id) => ({ id }))).flat();
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
			{ numRuns: 150 }
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
		expect(buyers(q, false)).toBeUndefined();
		expect(buyers(q)!.has('a')).toBe(false);
		expect(buyers(q, false)!.has('a')).toBe(false);
		byId.set('a', [{ at: NOW, productId: null, category: 'veg', amount: 1 }]);
		expect(buyers(q)!.has('a')).toBe(false);
		version++;
		expect(buyers(q, false)).toBeUndefined(); // not told who changed: nothing kept
		expect(buyers(q)!.has('a')).toBe(true);
	});

	it('patches kept answers for the customers a change names, equal to finding them anew', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(line, { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
				fc.array(fc.record({ who: fc.nat(7), lines: fc.array(line, { maxLength: 4 }) }), {
					maxLength: 6
				}),
				(people, edits) => {
					const byId = new Map(
						people.map((lines, i) => [`p${i}`, [...lines].sort((a, b) => a.at - b.at)])
					);
					let version = 0;
					const buyers = buyersFinder(
						() => byId,
						() => version,
						(id) => byId.get(id)
					);
					const qs = [
						{ productId: undefined, category: 'veg', from: NOW - 30 * DAY, to: NOW },
						{ productId: 'x', category: undefined, from: -Infinity, to: NOW - DAY }
					];
					const kept = qs.map((q) => buyers(q)!);
					for (const { who, lines } of edits) {
						const id = `p${who}`;
						if (lines.length)
							byId.set(
								id,
								[...lines].sort((a, b) => a.at - b.at)
							);
						else byId.delete(id);
						version++;
						buyers.changed(new Set([id]));
					}
					const fresh = buyersFinder(
						() => byId,
						() => 0
					);
					qs.forEach((q, i) => {
						const now = buyers(q, false);
						expect(now).toBe(kept[i]); // patched, not found again
						expect([...now!].sort()).toEqual([...fresh(q)!].sort());
					});
				}
			),
			{ numRuns: 200 }
		);
	});
});
