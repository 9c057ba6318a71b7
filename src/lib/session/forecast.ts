/**
 * The forecast and goals, for ui/ and routes/: the workspace currency and rates
 * (data/currency.ts), the forecast of the deals as they are now, what each goal has reached,
 * and the months of interactions a goal needs opened. Everything derives from the live rows, so
 * a teammate's edit moves the figures as it arrives.
 */
import { deal, goal, interaction } from '$lib/domain/record-types';
import type { GoalFields } from '$lib/domain/record-types/goal';
import { computeForecast, type Forecast } from '$lib/domain/forecast/forecast';
import { monthsOf } from '$lib/domain/forecast/periods';
import { RateIndex } from '$lib/domain/forecast/rates';
import { goalLedger, type GoalLedger } from '$lib/domain/goals/progress';
import { currencyOf } from '$lib/data/currency';
import { pipelinesOf } from '$lib/data/pipelines';
import type { Workspace } from '$lib/data/workspace.svelte';

export { currencyOf, type CurrencySettings, type RateInput } from '$lib/data/currency';

/** The rates in force, indexed (reactive). */
export function rateIndexOf(ws: Workspace): RateIndex {
	const c = currencyOf(ws);
	return new RateIndex(c.currency, c.rates);
}

const DAY = 86_400_000;

/** The last forecast per workspace and pipeline, and what it was computed from. */
interface Computed {
	rows: readonly unknown[];
	pipelines: readonly unknown[];
	currency: string;
	rates: readonly unknown[];
	day: number;
	forecast: Forecast;
}
const computed = new WeakMap<Workspace, Map<string | null, Computed>>();

/**
 * The forecast of every deal, or of one pipeline's (reactive: deals, pipelines, rates). The
 * same object while the deals, pipelines, rates and day are (the clock only dates the undated
 * deals' conversion), so a view opened again, or after prepareForecast, computes nothing.
 */
export function forecastOf(ws: Workspace, pipelineId: string | null, now: number): Forecast {
	const rows = ws.live(deal).rows;
	const pipelines = pipelinesOf(ws).list;
	const c = currencyOf(ws);
	const currency = c.currency;
	const rates = c.rates;
	const day = Math.floor(now / DAY);
	let byPipeline = computed.get(ws);
	if (!byPipeline) computed.set(ws, (byPipeline = new Map()));
	const last = byPipeline.get(pipelineId);
	if (
		last &&
		last.rows === rows &&
		last.pipelines === pipelines &&
		last.currency === currency &&
		last.rates === rates &&
		last.day === day
	)
		return last.forecast;
	const forecast = computeForecast(rows, {
		pipelines,
		rates: new RateIndex(currency, rates),
		pipelineId,
		now
	});
	byPipeline.set(pipelineId, { rows, pipelines, currency, rates, day, forecast });
	return forecast;
}

/**
 * Computes the whole team's forecast while the page is idle (the deals list is open), so the
 * Forecast tab's first render reads it (~9 ms for 22,000 deals, and more the first time the
 * code runs). Returns how to cancel.
 */
export function prepareForecast(ws: Workspace): () => void {
	if (typeof requestIdleCallback !== 'function') return () => {};
	let handle = 0;
	let stopped = false;
	const attempt = () => {
		if (stopped) return;
		handle = requestIdleCallback(
			() => {
				// Not before the rows are live: the cached ones are about to be replaced.
				if (!ws.loaded) setTimeout(attempt, 500);
				else forecastOf(ws, null, Date.now());
			},
			{ timeout: 5_000 }
		);
	};
	attempt();
	return () => {
		stopped = true;
		cancelIdleCallback(handle);
	};
}

/** What goals measure, per month and member, from the deals and the open interaction months. */
export function goalLedgerOf(ws: Workspace): GoalLedger {
	return goalLedger(
		ws.live(deal).rows,
		ws.live(interaction).rows,
		pipelinesOf(ws).list,
		rateIndexOf(ws)
	);
}

/**
 * Opens the months of interactions that activity goals count and are not open yet (older than
 * the last three), as a timeline scrolled back does; returns the function that lets them go.
 */
export function holdGoalMonths(
	ws: Workspace,
	goals: readonly Pick<GoalFields, 'period' | 'metric'>[]
): () => void {
	const closed = new Set(ws.closedMonths(interaction));
	const wanted = new Set<string>();
	for (const g of goals)
		if (g.metric === 'activities logged')
			for (const month of monthsOf(g.period)) {
				const name = `${interaction.collection}.${month}`;
				if (closed.has(name)) wanted.add(name);
			}
	return wanted.size === 0 ? () => {} : ws.holdMonths([...wanted]);
}

/** Adds a goal (id null) or changes one; returns its id. */
export function saveGoal(ws: Workspace, id: string | null, fields: GoalFields): string {
	const repo = ws.repo(goal);
	if (id === null) return repo.create(fields);
	repo.update(id, fields);
	return id;
}

export function removeGoal(ws: Workspace, id: string): void {
	ws.repo(goal).remove(id);
}
