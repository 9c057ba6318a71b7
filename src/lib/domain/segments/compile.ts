/**
 * A segment compiled once into a predicate, then run over every row: the live count while a
 * condition is typed re-compiles (microseconds) and re-runs one pass without allocating per row.
 * Within a group the cheaper tests run first: tests are pure and never throw, so the order
 * changes only the time taken, not the answer.
 */
import type { SegmentContext, SegmentPredicate, SegmentRow } from './context';
import { isGroup, type SegmentDef, type SegmentNode } from './definition';
import { compileCondition } from './compile-condition';
import { checkCondition } from './validate';
import { ALWAYS, NEVER, type CompiledTest } from './compiled-test';

export function compileSegment(def: SegmentDef, ctx: SegmentContext): SegmentPredicate {
	return compileNode(def, ctx, 0).test;
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
	return selectRows(rows, compileSegment(def, ctx));
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

function compileNode(node: SegmentNode, ctx: SegmentContext, depth: number): CompiledTest {
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
		const part = compileNode(child, ctx, depth + 1);
		if (part.test === decisive.test) return decisive;
		if (part.test !== neutral.test) parts.push(part);
	}
	if (parts.length === 0) return neutral;
	parts.sort((a, b) => a.cost - b.cost); // stable: equal costs keep the author's order
	const cost = parts.reduce((sum, p) => sum + p.cost, 0);
	const tests = parts.map((p) => p.test);
	return { test: node.match === 'any' ? anyOf(tests) : allOf(tests), cost };
}

/** At least one test. */
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
		default:
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
		default:
			return (r) => {
				for (let i = 0; i < tests.length; i++) if (tests[i](r)) return true;
				return false;
			};
	}
}
