/**
 * The order a group's tests run in, from how often each passes on a sample of the rows as well
 * as what it costs: an AND group stops at the first "no", so a cheap test that rejects most rows
 * should run first ("city is Berlin" passes 6 % of a workspace, "kind is client" 80 %). Cost
 * alone put a rare city after three tests that pass most rows, and a purchase lookup before it.
 * Tests are pure and never throw, so the order changes only the time taken, not the answer.
 */
import type { SegmentRow } from './context';
import type { CompiledTest } from './compiled-test';

/** Rows sampled: enough to tell a 5 % test from a 50 % one, a fraction of a millisecond. */
export const SAMPLE_SIZE = 256;

/** Up to SAMPLE_SIZE rows spread evenly over `rows` (all of them when there are fewer). */
export function sampleOf<R>(rows: readonly R[]): readonly R[] {
	if (rows.length <= SAMPLE_SIZE) return rows;
	const out: R[] = [];
	const step = rows.length / SAMPLE_SIZE;
	for (let i = 0; i < SAMPLE_SIZE; i++) out.push(rows[Math.floor(i * step)]);
	return out;
}

/**
 * The parts in the order that costs least on average: by cost / P(the part decides the group),
 * where an AND group is decided by a "no" and an OR group by a "yes" (the classic ordering of
 * independent tests). Without a sample, by cost. Stable: equal ranks keep the author's order.
 */
export function orderParts(
	parts: CompiledTest[],
	match: 'all' | 'any',
	sample: readonly SegmentRow[] | undefined
): CompiledTest[] {
	if (!sample || sample.length === 0 || parts.length < 2)
		return [...parts].sort((a, b) => a.cost - b.cost);
	const rank = parts.map((p) => {
		let passed = 0;
		for (let i = 0; i < sample.length; i++) if (p.test(sample[i])) passed++;
		// Smoothed, so a part that never decided on the sample still ranks by its cost.
		const pass = (passed + 0.5) / (sample.length + 1);
		return p.cost / (match === 'all' ? 1 - pass : pass);
	});
	return parts
		.map((p, i) => ({ p, r: rank[i] }))
		.sort((a, b) => a.r - b.r)
		.map((x) => x.p);
}
