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

/** The forecast of every deal, or of one pipeline's (reactive: deals, pipelines, rates). */
export function forecastOf(ws: Workspace, pipelineId: string | null, now: number): Forecast {
	return computeForecast(ws.live(deal).rows, {
		pipelines: pipelinesOf(ws).list,
		rates: rateIndexOf(ws),
		pipelineId,
		now
	});
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
