/**
 * RFM scores and cells. Each score is 1–5 by quintiles of the workspace's customers, from a
 * customer's mid-rank: p = (customers strictly worse + half of those equal, self included) / all,
 * score = 1 + ⌊5p⌋. Ties share a score, and a middling score (a lone customer, or everyone
 * alike, is 3, not 1 or 5 by chance of position); the order of the input changes nothing.
 */
import type { RfmCell } from './profile';

/** Scores for `values` (same order), where a larger value is better unless `lowerIsBetter`. */
export function quintileScores(values: readonly number[], lowerIsBetter = false): number[] {
	const n = values.length;
	const sorted = Float64Array.from(values).sort();
	return values.map((v) => {
		const below = firstAtLeast(sorted, v);
		const equal = firstAbove(sorted, v) - below;
		// Strictly worse: below v (or, for recency, above it).
		const worse = lowerIsBetter ? n - below - equal : below;
		return Math.min(5, 1 + Math.floor((5 * (worse + equal / 2)) / n));
	});
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

/** The index of the first value > v in an ascending array. */
function firstAbove(sorted: Float64Array, v: number): number {
	let lo = 0;
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
