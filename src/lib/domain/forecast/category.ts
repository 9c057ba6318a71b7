/**
 * Forecast categories, as salespeople use them: "commit" is what they promise to close, "best
 * case" what could close if things go well, "pipeline" the rest of the open deals, "omitted"
 * left out of the forecast. The totals nest: best case includes commit, pipeline includes both.
 * A deal's category is its own choice, else follows its probability (its override, else its
 * stage's default): 90 % or more is commit, 50 % or more best case, below that pipeline.
 */
export const FORECAST_CATEGORIES = ['pipeline', 'best case', 'commit', 'omitted'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<ForecastCategory, string> = {
	pipeline: 'Pipeline',
	'best case': 'Best case',
	commit: 'Commit',
	omitted: 'Omitted'
};

export function isForecastCategory(value: unknown): value is ForecastCategory {
	return (FORECAST_CATEGORIES as readonly unknown[]).includes(value);
}

/** The category a deal with this probability (0–100) falls in when nobody chose one. */
export function defaultCategory(probability: number): ForecastCategory {
	return probability >= 90 ? 'commit' : probability >= 50 ? 'best case' : 'pipeline';
}

/** The deal's category: its own, else its probability's. */
export function categoryOf(
	chosen: string | null | undefined,
	probability: number
): ForecastCategory {
	return isForecastCategory(chosen) ? chosen : defaultCategory(probability);
}
