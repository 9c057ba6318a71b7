/**
 * One measured figure of a benchmark, as bench/run.ts collects them into results.json and
 * RESULTS.md. Budgets are those of README.md "Performance"; null where there is none.
 */
export interface BenchResult {
	id: string; // e.g. 'open.10k.cold' — unique across all bench modules
	unit: string; // 'ms', 'MB', 'x', 'msg/s', ...
	better: 'lower' | 'higher';
	median: number;
	min: number;
	max: number;
	runs: number;
	budget: number | null;
	/** The same figure for a reference (e.g. the stock server) measured in the same run. */
	reference_median?: number;
	/** One short sentence of context for RESULTS.md (what was measured, what limited it). */
	note?: string;
}

export interface BenchOptions {
	/** A short run (< 2 minutes for everything on 2 cores): one sample where full mode takes several. */
	quick: boolean;
}

/** What every bench/*.bench.ts exports. */
export interface BenchModule {
	run(options: BenchOptions): Promise<BenchResult[]>;
}

export function median(samples: readonly number[]): number {
	if (samples.length === 0) throw new Error('median of no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) throw new Error('percentile of no samples');
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(
	id: string,
	unit: string,
	better: 'lower' | 'higher',
	samples: readonly number[],
	budget: number | null,
	reference?: readonly number[] | number,
	note?: string
): BenchResult {
	const finite = samples.filter((s) => Number.isFinite(s));
	if (finite.length === 0) throw new Error(`${id}: no finite samples`);
	const result: BenchResult = {
		id,
		unit,
		better,
		median: round(median(finite)),
		min: round(Math.min(...finite)),
		max: round(Math.max(...finite)),
		runs: finite.length,
		budget
	};
	if (reference !== undefined) {
		result.reference_median = round(typeof reference === 'number' ? reference : median(reference));
	}
	if (note) result.note = note;
	return result;
}

/** Whether a result is within its budget (null: no budget to meet). */
export function withinBudget(r: BenchResult): boolean | null {
	if (r.budget === null) return null;
	return r.better === 'lower' ? r.median <= r.budget : r.median >= r.budget;
}

function round(n: number): number {
	return Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000;
}
