/** What a compiled condition is, and the pieces every field type builds its tests from. */
import type { SegmentCondition } from './definition';
import type { SegmentPredicate, SegmentRow } from './context';
import { isIsoDay } from './dates';

/**
 * Rough costs per row (measured on 100k rows): comparing a number is cheapest, looking a string
 * up (a Set, a day's form) costs about twice that, a list more, folding text the most.
 */
export const COST = { number: 1, string: 2, list: 3, text: 4 } as const;

/** A test and a rough cost per row, so an AND group can try the cheap tests first. */
export interface CompiledTest {
	test: SegmentPredicate;
	cost: number;
}

export const NEVER: CompiledTest = { test: () => false, cost: 0 };
export const ALWAYS: CompiledTest = { test: () => true, cost: 0 };

/** Reads one field of a row. */
export type Read = (row: SegmentRow) => unknown;

export function not(t: CompiledTest): CompiledTest {
	const test = t.test;
	return { test: (r) => !test(r), cost: t.cost };
}

/** A finite number against x, or a day ('YYYY-MM-DD') against the day x: texts compare alike. */
export function compare(
	read: Read,
	op: 'eq' | 'lt' | 'lte' | 'gt' | 'gte',
	x: number | string
): CompiledTest {
	const has: (v: unknown) => boolean = typeof x === 'number' ? Number.isFinite : isIsoDay;
	let test: SegmentPredicate;
	switch (op) {
		case 'eq':
			test = (r) => read(r) === x; // x itself is a number or a day, never empty
			break;
		case 'lt':
			test = (r) => {
				const v = read(r);
				return has(v) && (v as typeof x) < x;
			};
			break;
		case 'lte':
			test = (r) => {
				const v = read(r);
				return has(v) && (v as typeof x) <= x;
			};
			break;
		case 'gt':
			test = (r) => {
				const v = read(r);
				return has(v) && (v as typeof x) > x;
			};
			break;
		case 'gte':
			test = (r) => {
				const v = read(r);
				return has(v) && (v as typeof x) >= x;
			};
			break;
	}
	return { test, cost: typeof x === 'number' ? COST.number : COST.string };
}

/** A number field is empty unless it holds a finite number. */
export function isEmptyNumber(v: unknown): boolean {
	return !Number.isFinite(v);
}

export function emptinessTest(
	read: Read,
	cond: SegmentCondition,
	isEmpty: (v: unknown) => boolean,
	cost: number
): CompiledTest {
	if (cond.op === 'is_empty') return { test: (r) => isEmpty(read(r)), cost };
	if (cond.op === 'is_not_empty') return { test: (r) => !isEmpty(read(r)), cost };
	return NEVER;
}
