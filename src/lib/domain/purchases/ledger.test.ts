import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateIndex, type ExchangeRate } from '../forecast/rates';
import { buildProfiles } from './build';
import { buildEffort, type EffortProfile } from './effort';
import { EffortLedger } from './effort-ledger';
import type { InteractionFact, OrderFact } from './facts';
import { foldCategory } from './facts';
import { ProfileLedger } from './ledger';

/** What an arbitrary makes. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const CATEGORIES = ['Veg', 'veg', 'Bakery', 'Wine', ''];

const line = fc.record({
	productId: fc.constantFrom(null, 'x', 'y'),
	category: fc.constantFrom(...CATEGORIES),
	amount: fc.integer({ min: 0, max: 500 })
});

/** An order as the engine keeps it: a person and/or an organization, a day, lines. */
const order = fc
	.record({
		personId: fc.constantFrom(null, ...PEOPLE),
		organizationId: fc.constantFrom(null, null, 'o1', 'o2'),
		day: fc.integer({ min: 0, max: 200 }),
		hour: fc.integer({ min: 0, max: 23 }),
		currency: fc.constantFrom('EUR', 'EUR', 'USD'),
		lines: fc.array(line, { maxLength: 3 })
	})
	.filter((o) => o.personId !== null || o.organizationId !== null);

type Op =
	| { kind: 'put'; id: string; order: ValueOf<typeof order> }
	| { kind: 'delete'; id: string }
	| { kind: 'compute'; days: number }
	| { kind: 'rates'; rate: number };

const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({ kind: fc.constant('put' as const), id: fc.constantFrom(...IDS), order })
	},
	{
		weight: 2,
		arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) })
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('compute' as const),
			days: fc.integer({ min: 0, max: 40 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('rates' as const),
			rate: fc.constantFrom(0.5, 0.9, 2)
		})
	}
);

function factOf(id: string, o: ValueOf<typeof order>): OrderFact {
	const lines = o.lines.map((l) => ({
		...l,
		category: l.category,
		folded: foldCategory(l.category)
	}));
	return {
		id,
		personId: o.personId,
		organizationId: o.organizationId,
		at: START + o.day * DAY + o.hour * 3_600_000,
		currency: o.currency,
		total: lines.reduce((s, l) => s + l.amount, 0),
		lines
	};
}

describe('ProfileLedger', () => {
	it('equals a full computation after any sequence of order edits, deletions, days and rates', () => {
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
				const ledger = new ProfileLedger();
				const orders = new Map<string, OrderFact>();
				// What the page holds: only the customers reported changed are copied over.
				const page = new Map<string, unknown>();
				let rates: ExchangeRate[] = [];
				let now = START + 100 * DAY;
				const check = () => {
					const index = new RateIndex('EUR', rates);
					const kept = ledger.compute(index, JSON.stringify(rates), now);
					for (const id of kept.changed) {
						const p = kept.profiles.get(id);
						if (p) page.set(id, p);
						else page.delete(id);
					}
					const full = buildProfiles(orders.values(), index, now);
					expect(new Map(kept.profiles)).toEqual(full);
					expect(page).toEqual(full);
				};
				for (const o of ops) {
					if (o.kind === 'put') {
						const old = orders.get(o.id);
						if (old) ledger.remove(old);
						const fact = factOf(o.id, o.order);
						orders.set(o.id, fact);
						ledger.add(fact);
					} else if (o.kind === 'delete') {
						const old = orders.get(o.id);
						if (old) ledger.remove(old);
						orders.delete(o.id);
					} else if (o.kind === 'rates') {
						rates = [{ id: 'r', from: 'USD', to: 'EUR', rate: o.rate, validFrom: '2026-02-01' }];
					} else {
						now += o.days * DAY + (o.days % 3) * 3_600_000;
						check();
					}
				}
				check();
			}),
			{ numRuns: 300 }
		);
	});
});

const interaction = fc.record({
	personIds: fc.subarray(PEOPLE, { maxLength: 2 }),
	organizationId: fc.constantFrom(null, 'o1'),
	day: fc.integer({ min: 0, max: 200 }),
	minutes: fc.integer({ min: 0, max: 90 })
});

describe('EffortLedger', () => {
	it('equals buildEffort after any sequence of edits, deletions and the clock moving', () => {
		type EOp =
			| { kind: 'put'; id: string; fact: ValueOf<typeof interaction> }
			| { kind: 'delete'; id: string }
			| { kind: 'compute'; days: number };
		const eop: fc.Arbitrary<EOp> = fc.oneof(
			fc.record({
				kind: fc.constant('put' as const),
				id: fc.constantFrom(...IDS),
				fact: interaction
			}),
			fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }),
			fc.record({ kind: fc.constant('compute' as const), days: fc.integer({ min: -30, max: 60 }) })
		);
		fc.assert(
			fc.property(fc.array(eop, { minLength: 1, maxLength: 60 }), (ops) => {
				const ledger = new EffortLedger();
				const facts = new Map<string, InteractionFact>();
				const page = new Map<string, EffortProfile>();
				let now = START + 100 * DAY;
				const check = () => {
					const kept = ledger.compute(now);
					for (const id of kept.changed) {
						const e = kept.effort.get(id);
						if (e) page.set(id, e);
						else page.delete(id);
					}
					const full = buildEffort(facts.values(), now);
					expect(new Map(kept.effort)).toEqual(full);
					expect(page).toEqual(full);
				};
				for (const o of ops) {
					const old = o.kind === 'compute' ? undefined : facts.get(o.id);
					if (old && o.kind !== 'compute') {
						ledger.remove(o.id, old);
						facts.delete(o.id);
					}
					if (o.kind === 'put') {
						const fact = { ...o.fact, at: START + o.fact.day * DAY };
						if (fact.personIds.length === 0 && !fact.organizationId) continue;
						facts.set(o.id, fact);
						ledger.add(o.id, fact);
					} else if (o.kind === 'compute') {
						now += o.days * DAY;
						check();
					}
				}
				check();
			}),
			{ numRuns: 300 }
		);
	});
});
