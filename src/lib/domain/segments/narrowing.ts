/**
 * The live count while a segment is edited, without a full pass per keystroke where that is
 * not needed: when the new definition can only match fewer rows than the last one (a text it
 * contains or starts with grew by a letter, a condition was added to an "all" group), only the
 * last matches are tested again. Groups are AND and OR, never NOT, so narrowing one part never
 * widens the whole.
 */
import { fold } from '../search';
import type { SegmentContext, SegmentRow } from './context';
import { isGroup, type SegmentNode } from './definition';
import { compileSegment } from './compile';
import type { SegmentDef } from './definition';

/** Whether every row `next` matches is sure to be matched by `prev`. */
export function narrows(prev: SegmentNode, next: SegmentNode): boolean {
	if (isGroup(prev) || isGroup(next)) {
		if (!isGroup(prev) || !isGroup(next) || prev.match !== next.match) return false;
		const a = prev.children;
		const b = next.children;
		// An "all" group with a part added matches fewer; so does one with parts narrowed.
		if (b.length < a.length || (b.length > a.length && prev.match !== 'all')) return false;
		for (let i = 0; i < a.length; i++) if (!narrows(a[i], b[i])) return false;
		return true;
	}
	if (prev.field !== next.field || prev.op !== next.op) return false;
	const pv = 'value' in prev ? prev.value : undefined;
	const nv = 'value' in next ? next.value : undefined;
	if (typeof pv === 'string' && typeof nv === 'string') {
		if (prev.op === 'contains') return fold(nv).includes(fold(pv));
		if (prev.op === 'starts_with') return fold(nv).startsWith(fold(pv));
	}
	return JSON.stringify(pv) === JSON.stringify(nv);
}

export class NarrowingEvaluator<R extends SegmentRow> {
	#last: {
		rows: readonly R[];
		def: SegmentDef;
		ctx: SegmentContext;
		version: number;
		matches: R[];
	} | null = null;

	/**
	 * The rows the segment matches, in input order. `version` changes when anything looked up
	 * (purchases, tasks) changed: the last matches are then no guide.
	 */
	evaluate(rows: readonly R[], def: SegmentDef, ctx: SegmentContext, version = 0): R[] {
		const last = this.#last;
		const test = compileSegment(def, ctx, rows);
		const from =
			last &&
			last.rows === rows &&
			last.ctx.now === ctx.now &&
			last.ctx.lookups === ctx.lookups &&
			last.ctx.customFields === ctx.customFields &&
			last.version === version &&
			narrows(last.def, def)
				? last.matches
				: rows;
		const matches: R[] = [];
		for (let i = 0; i < from.length; i++) if (test(from[i])) matches.push(from[i]);
		// A copy: the caller may edit its definition in place before the next call.
		this.#last = { rows, def: structuredClone(def), ctx, version, matches };
		return matches;
	}
}
