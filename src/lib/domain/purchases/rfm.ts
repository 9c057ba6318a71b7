/**
 * RFM scores and cells. Each score is 1–5 by quintiles of the workspace's customers, from a
 * customer's mid-rank: p = (customers strictly worse + half of those equal, self included) / all,
 * score = 1 + ⌊5p⌋. Ties share a score, and a middling score (a lone customer, or everyone
 * alike, is 3, not 1 or 5 by chance of position); the order of the input changes nothing.
 */
import type { RfmCell } from './profile';

/** Scores for `values` (same order), where a larger value is better unless `lowerIsBetter`. */
export function quintileScores(values: readonly number[], lowerIsBetter = false): number[] {
	const out = new Uint8Array(values.length);
	quintileScoresInto(Float64Array.from(values), values.length, lowerIsBetter, out);
	return Array.from(out);
}

/**
 * The same for the first `n` of `values`, written to `out`, over typed arrays and with nothing
 * allocated per customer: a score rises with the value (falls, for recency), so one native sort
 * and a binary search find the value where each score from 2 to 5 begins, and each customer's
 * score is four comparisons.
 */
export function quintileScoresInto(
	values: Float64Array,
	n: number,
	lowerIsBetter: boolean,
	out: Uint8Array
): void {
	const sorted = values.slice(0, n).sort();
	const scoreAt = (j: number) => {
		const v = sorted[j];
		const below = firstAtLeast(sorted, v);
		const equal = firstAbove(sorted, v, below) - below;
		// Strictly worse: below v (or, for recency, above it).
		const worse = lowerIsBetter ? n - below - equal : below;
		return Math.min(5, 1 + Math.floor((5 * (worse + equal / 2)) / n));
	};
	// starts[k]: the least good value scoring k + 2 or more (none: ±Infinity).
	const starts = [0, 0, 0, 0].map((_, k) => {
		let lo = 0;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			const reached = scoreAt(mid) >= k + 2;
			if (lowerIsBetter ? !reached : reached) hi = mid;
			else lo = mid + 1;
		}
		// Ascending order: the first index reaching the score, or the last for recency.
		if (lowerIsBetter) return lo > 0 ? sorted[lo - 1] : -Infinity;
		return lo < n ? sorted[lo] : Infinity;
	});
	const [s2, s3, s4, s5] = starts;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		out[i] = lowerIsBetter
			? 1 + +(v <= s2) + +(v <= s3) + +(v <= s4) + +(v <= s5)
			: 1 + +(v >= s2) + +(v >= s3) + +(v >= s4) + +(v >= s5);
	}
}

/** The index of the first value ≥ v in an ascending array. */
function firstAtLeast(sorted: Float64Array, v: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The index of the first value > v in an ascending array, searching from `lo`. */
function firstAbove(sorted: Float64Array, v: number, lo: number): number {
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] <= v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The cell of an R score and the F and M scores' mean (rounded half up), on the usual 5 × 5
 * grid: recent and frequent big spenders are champions; big spenders gone quiet cannot be lost.
 */
export function rfmCell(r: number, f: number, m: number): RfmCell {
	const fm = Math.floor((f + m) / 2 + 0.5);
	if (r >= 4) {
		if (fm === 5 || (r === 5 && fm === 4)) return 'champions';
		if (fm === 4) return 'loyal';
		if (fm >= 2) return 'potential-loyalists';
		return r === 5 ? 'new' : 'promising';
	}
	if (r === 3) {
		if (fm >= 4) return 'loyal';
		return fm === 3 ? 'need-attention' : 'about-to-sleep';
	}
	if (fm === 5) return 'cannot-lose';
	if (fm >= 3) return 'at-risk';
	return r === 2 ? 'hibernating' : 'lost';
}

/** The cells in the order a grid or a legend shows them, best first. */
export const RFM_CELLS: readonly RfmCell[] = [
	'champions',
	'loyal',
	'potential-loyalists',
	'new',
	'promising',
	'need-attention',
	'about-to-sleep',
	'at-risk',
	'cannot-lose',
	'hibernating',
	'lost'
];

export const RFM_CELL_LABELS: Record<RfmCell, string> = {
	champions: 'Champions',
	loyal: 'Loyal',
	'potential-loyalists': 'Potential loyalists',
	new: 'New',
	promising: 'Promising',
	'need-attention': 'Need attention',
	'about-to-sleep': 'About to sleep',
	'at-risk': 'At risk',
	'cannot-lose': "Can't lose",
	hibernating: 'Hibernating',
	lost: 'Lost'
};

export function isRfmCell(value: unknown): value is RfmCell {
	return typeof value === 'string' && (RFM_CELLS as readonly string[]).includes(value);
}
