/**
 * A segment compiled once into a predicate, then run over every row: the live count while a
 * condition is typed re-compiles (microseconds) and re-runs one pass without allocating per row.
 * Within a group the tests likeliest to decide it cheaply run first (selectivity.ts: cost, and
 * how often each passes on a sample of the rows when the caller gives them).
 */
import type { SegmentContext, SegmentPredicate, SegmentRow } from './context';
import { isGroup, type SegmentDef, type SegmentNode } from './definition';
import { compileCondition } from './compile-condition';
import { checkCondition } from './validate';
import { ALWAYS, NEVER, type CompiledTest } from './compiled-test';
import { orderParts, sampleOf } from './selectivity';

/**
 * `rows`: the rows it will be run over (or a sample of them, sampleOf), to order each group's
 * tests by how often they pass; without them, by cost alone.
 */
export function compileSegment(
	def: SegmentDef,
	ctx: SegmentContext,
	rows?: readonly SegmentRow[]
): SegmentPredicate {
	return compileNode(def, ctx, 0, rows && sampleOf(rows)).test;
}

export interface SegmentResult<R> {
	/** The matching rows, in their input order. */
	rows: R[];
	count: number;
}

export function evaluateSegment<R extends SegmentRow>(
	rows: readonly R[],
	def: SegmentDef,
	ctx: SegmentContext
): SegmentResult<R> {
	return selectRows(rows, compileSegment(def, ctx, rows));
}

/** The rows a compiled segment matches, in input order. */
export function selectRows<R extends SegmentRow>(
	rows: readonly R[],
	test: SegmentPredicate
): SegmentResult<R> {
	const out: R[] = [];
	for (let i = 0; i < rows.length; i++) if (test(rows[i])) out.push(rows[i]);
	return { rows: out, count: out.length };
}

/** How many rows match, without collecting them (a live count). */
export function countRows(rows: readonly SegmentRow[], test: SegmentPredicate): number {
	let n = 0;
	for (let i = 0; i < rows.length; i++) if (test(rows[i])) n++;
	return n;
}

// A validated definition nests at most MAX_DEPTH deep; this only stops a hand-made cycle.
const DEPTH_LIMIT = 64;

function compileNode(
	node: SegmentNode,
	ctx: SegmentContext,
	depth: number,
	sample: readonly SegmentRow[] | undefined
): CompiledTest {
	if (typeof node !== 'object' || node === null || depth > DEPTH_LIMIT) return NEVER;
	if (!isGroup(node)) {
		// Checked again here: a definition may not have come through validateSegment, and one
		// that did may name a custom field whose type has changed since.
		const cond = checkCondition(node, ctx.customFields, ctx.fields);
		return cond ? compileCondition(cond, ctx) : NEVER;
	}
	if (!Array.isArray(node.children) || (node.match !== 'all' && node.match !== 'any')) return NEVER;
	// A part that always gives the same answer decides the group or drops out of it.
	const [decisive, neutral] = node.match === 'all' ? [NEVER, ALWAYS] : [ALWAYS, NEVER];
	const parts: CompiledTest[] = [];
	for (const child of node.children) {
		const part = compileNode(child, ctx, depth + 1, sample);
		if (part.test === decisive.test) return decisive;
		if (part.test !== neutral.test) parts.push(part);
	}
	if (parts.length === 0) return neutral;
	const cost = parts.reduce((sum, p) => sum + p.cost, 0);
	const tests = orderParts(parts, node.match, sample).map((p) => p.test);
	return { test: node.match === 'any' ? anyOf(tests) : allOf(tests), cost };
}

/** At least one test; written out per count, so each part is called from its own site. */
function allOf(tests: SegmentPredicate[]): SegmentPredicate {
	switch (tests.length) {
		case 1:
			return tests[0];
		case 2: {
			const [a, b] = tests;
			return (r) => a(r) && b(r);
		}
		case 3: {
			const [a, b, c] = tests;
			return (r) => a(r) && b(r) && c(r);
		}
		case 4: {
			const [a, b, c, d] = tests;
			return (r) => a(r) && b(r) && c(r) && d(r);
		}
		case 5: {
			const [a, b, c, d, e] = tests;
			return (r) => a(r) && b(r) && c(r) && d(r) && e(r);
		}
		default:
			// One call site for every part: past four kinds of test it stops being inlined
			// (measured: a fifth condition that few rows reach cost a quarter of the pass).
			return (r) => {
				for (let i = 0; i < tests.length; i++) if (!tests[i](r)) return false;
				return true;
			};
	}
}

/** At least one test. */
function anyOf(tests: SegmentPredicate[]): SegmentPredicate {
	switch (tests.length) {
		case 1:
			return tests[0];
		case 2: {
			const [a, b] = tests;
			return (r) => a(r) || b(r);
		}
		case 3: {
			const [a, b, c] = tests;
			return (r) => a(r) || b(r) || c(r);
		}
		default:
			return (r) => {
				for (let i = 0; i < tests.length; i++) if (tests[i](r)) return true;
				return false;
			};
	}
}
