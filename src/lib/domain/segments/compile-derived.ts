/**
 * Compiled tests of the derived types (derived.ts): a place within a distance, purchases and
 * interaction times in a period. Purchases and times are oldest first, so a period is found by
 * binary search and only its own entries are read.
 */
import { fold } from '../search';
import type { SegmentContext, SegmentRow } from './context';
import type { SegmentCondition } from './definition';
import { distanceKm, periodBounds, placeOf, type BoughtLine } from './derived';
import { COST, NEVER, emptinessTest, not, type CompiledTest, type Read } from './compiled-test';

export function placeTest(read: Read, cond: SegmentCondition): CompiledTest {
	if (cond.op !== 'within_km') return emptinessTest(read, cond, (v) => placeOf(v) === null, 1);
	const { lat, lon, km } = cond.value;
	return {
		test: (r) => {
			const p = placeOf(read(r));
			return p !== null && distanceKm(lat, lon, p[0], p[1]) <= km;
		},
		cost: COST.text
	};
}

/** The first index whose time is ≥ t, in a list sorted oldest first. */
function firstAtOrAfter<T>(list: readonly T[], t: number, at: (x: T) => number): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (at(list[mid]) < t) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

// Not a time (a buggy entry): NaN, which no period holds.
const lineAt = (l: BoughtLine) => (typeof l?.at === 'number' ? l.at : NaN);
const timeAt = (t: number) => (typeof t === 'number' ? t : NaN);

function asList(v: unknown): readonly unknown[] {
	return Array.isArray(v) ? v : [];
}

/** Whether any of `lines` (oldest first) is of the product and category, in [from, to]. */
export function boughtWithin(
	lines: readonly BoughtLine[],
	from: number,
	to: number,
	productId: string | undefined,
	category: string | undefined
): boolean {
	for (let i = firstAtOrAfter(lines, from, lineAt); i < lines.length; i++) {
		const l = lines[i];
		const t = lineAt(l);
		if (t > to) return false;
		if (!(t >= from)) continue;
		if (productId !== undefined && l.productId !== productId) continue;
		if (category !== undefined && l.category !== category) continue;
		return true;
	}
	return false;
}

/**
 * Rows tested one by one before the buyers are found for the rest (one by one costs about as
 * much per row as finding them costs per customer, so past a few thousand the Set pays off).
 */
export const FIND_BUYERS_AFTER = 4_096;

export function purchasesTest(
	read: Read,
	cond: SegmentCondition,
	ctx: SegmentContext
): CompiledTest {
	switch (cond.op) {
		case 'bought': {
			const [from, to] = periodBounds(cond.value, ctx);
			const productId = cond.value.productId;
			const category =
				cond.value.category === undefined ? undefined : fold(cond.value.category.trim());
			const perRow = (r: SegmentRow) =>
				boughtWithin(asList(read(r)) as readonly BoughtLine[], from, to, productId, category);
			const finder = ctx.buyers;
			if (!finder) return { test: perRow, cost: COST.text + COST.list };
			// Who bought it, found for the whole pass (buyers.ts) once many rows reached this
			// test — behind selective tests only a few do, and finding them all costs a pass over
			// every customer — or already at hand: then a row is one Set lookup.
			const q = { productId, category, from, to };
			let buyers = finder(q, false);
			let tested = 0;
			return {
				test: (r) => {
					if (buyers) return buyers.has((r as { id: string }).id);
					if (++tested < FIND_BUYERS_AFTER) return perRow(r);
					buyers = finder(q) ?? new Set<string>();
					return buyers.has((r as { id: string }).id);
				},
				cost: buyers ? COST.text + 1 : COST.text + COST.list
			};
		}
		case 'not_bought':
			return not(purchasesTest(read, { ...cond, op: 'bought' }, ctx));
		case 'spent': {
			const [from, to] = periodBounds(cond.value, ctx);
			const min = cond.value.min;
			const max = cond.value.max ?? Infinity;
			return {
				test: (r) => {
					const lines = asList(read(r)) as readonly BoughtLine[];
					let sum = 0;
					for (let i = firstAtOrAfter(lines, from, lineAt); i < lines.length; i++) {
						const t = lineAt(lines[i]);
						if (t > to) break;
						if (!(t >= from)) continue;
						const a = lines[i].amount;
						if (Number.isFinite(a)) sum += a;
					}
					return sum >= min && sum <= max;
				},
				cost: COST.text + COST.list
			};
		}
		default:
			return NEVER;
	}
}

export function timesTest(read: Read, cond: SegmentCondition, ctx: SegmentContext): CompiledTest {
	if (cond.op !== 'count_in_period') return NEVER;
	const [from, to] = periodBounds(cond.value, ctx);
	const min = cond.value.min;
	const max = cond.value.max ?? Infinity;
	return {
		test: (r) => {
			const times = asList(read(r)) as readonly number[];
			let n = 0;
			for (let i = firstAtOrAfter(times, from, timeAt); i < times.length; i++) {
				const t = timeAt(times[i]);
				if (t > to) break;
				if (t >= from) n++;
			}
			return n >= min && n <= max;
		},
		cost: COST.list
	};
}
