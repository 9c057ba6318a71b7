/**
 * The live count while a segment is edited, without a full pass per keystroke where that is
 * not needed: when the new definition can only match fewer rows than an earlier one (a text it
 * contains or starts with grew by a letter, a condition was added to an "all" group), only that
 * one's matches are tested again. The last few definitions are kept, so a letter taken back is
 * an answer already known (or narrowed from a shorter text typed before) instead of a pass over
 * 100k rows (21 ms, over a frame). Groups are AND and OR, never NOT, so narrowing one part never
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

interface Evaluated<R> {
	rows: readonly R[];
	/** The definition as it was (the caller may edit its own in place), and as text. */
	def: SegmentDef;
	key: string;
	ctx: SegmentContext;
	version: number;
	matches: R[];
}

/** How many earlier definitions are kept: a word taken back letter by letter. */
const KEPT = 8;

export class NarrowingEvaluator<R extends SegmentRow> {
	#kept: Evaluated<R>[] = [];

	/**
	 * The rows the segment matches, in input order. `version` changes when anything looked up
	 * (purchases, tasks) changed: earlier matches are then no guide.
	 */
	evaluate(rows: readonly R[], def: SegmentDef, ctx: SegmentContext, version = 0): R[] {
		// Answers about other rows or another context are no guide: let them go.
		this.#kept = this.#kept.filter(
			(e) =>
				e.rows === rows &&
				e.ctx.now === ctx.now &&
				e.ctx.lookups === ctx.lookups &&
				e.ctx.customFields === ctx.customFields &&
				e.version === version
		);
		const key = JSON.stringify(def);
		const known = this.#kept.find((e) => e.key === key);
		let matches: R[];
		if (known) {
			matches = known.matches.slice();
		} else {
			const test = compileSegment(def, ctx, rows);
			let from: readonly R[] = rows;
			for (const e of this.#kept)
				if (e.matches.length < from.length && narrows(e.def, def)) from = e.matches;
			matches = [];
			for (let i = 0; i < from.length; i++) if (test(from[i])) matches.push(from[i]);
		}
		this.#kept = this.#kept.filter((e) => e !== known);
		this.#kept.push({
			rows,
			def: structuredClone(def),
			key,
			ctx,
			version,
			matches: matches.slice()
		});
		if (this.#kept.length > KEPT) this.#kept.shift();
		return matches;
	}
}
