/**
 * Pipelines and the board, for ui/ and routes/: the workspace's pipelines (data/pipelines.ts),
 * moving a deal to a stage, and what the board and the settings count of the deals.
 */
import { firstPageOf } from '$lib/domain/first-page';
import { deal, task } from '$lib/domain/record-types';
import { inPipeline } from '$lib/domain/pipelines/board';
import type { Pipeline } from '$lib/domain/pipelines/pipeline';
import type { Workspace } from '$lib/data/workspace.svelte';

export { pipelinesOf, type PipelineSettings } from '$lib/data/pipelines';

/**
 * Moves a deal to a stage: one write of its `stage` field. Two people moving the same deal at
 * once end with the later write on both screens; the history log keeps both moves.
 */
export function moveDeal(ws: Workspace, dealId: string, stage: string, lostReason?: string): void {
	const current = ws.repo(deal).get(dealId)?.record;
	if (!current || current.stage === stage) return;
	// A move to a lost stage carries its reason in the same write (and undo step).
	ws.repo(deal).update(dealId, lostReason === undefined ? { stage } : { stage, lostReason });
}

/**
 * How many deals (not deleted) of the pipeline are at each stage id (reactive); null while this
 * device does not know all its deals yet (a warm open showing the row cache's first page, or the
 * documents not loaded): a stage must not look empty, and be removed, because of that.
 */
export function dealsPerStage(
	ws: Workspace,
	pipeline: Pipeline,
	pipelines: Pipeline[]
): Map<string, number> | null {
	const rows = ws.live(deal).rows;
	if (firstPageOf(rows) || (rows.length === 0 && !ws.loaded)) return null;
	const known = new Set(pipelines.map((p) => p.id));
	const counts = new Map<string, number>();
	for (const d of rows)
		if (inPipeline(d, pipeline, known)) counts.set(d.stage, (counts.get(d.stage) ?? 0) + 1);
	return counts;
}

/** The deals with an open task: they have a next step planned (reactive). */
export function dealsWithOpenTasks(ws: Workspace): Set<string> {
	const out = new Set<string>();
	for (const t of ws.live(task).rows) if (t.status === 'open' && t.dealId) out.add(t.dealId);
	return out;
}
