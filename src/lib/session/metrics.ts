/**
 * Pipeline metrics for ui/ and routes/: win rate, deal size, cycle, time in stage, conversion
 * and velocity of one pipeline's deals as they are now (domain/pipelines/metrics.ts), from the
 * live rows, so a teammate's move shows as it arrives.
 */
import { deal } from '$lib/domain/record-types';
import { computeMetrics, type Period, type PipelineMetrics } from '$lib/domain/pipelines/metrics';
import { pipelinesOf } from '$lib/data/pipelines';
import type { Workspace } from '$lib/data/workspace.svelte';
import { rateIndexOf } from './forecast';

export { ALL_OWNERS, periodOf, type PeriodChoice } from '$lib/domain/pipelines/metrics';

/** The metrics of a pipeline (null: the default one), for a period and an owner (reactive). */
export function metricsOf(
	ws: Workspace,
	pipelineId: string | null,
	period: Period,
	owner: string
): PipelineMetrics {
	return computeMetrics(ws.live(deal).rows, {
		pipelines: pipelinesOf(ws).list,
		rates: rateIndexOf(ws),
		pipelineId,
		period,
		owner
	});
}
