/**
 * Where a deal stands, for the forecast and goals: its pipeline's stage by id, found in two map
 * lookups (the pipelines are indexed once per computation, not searched per deal). A deal whose
 * pipeline is gone is in the default one, as pipelineOf says.
 */
import {
	DEFAULT_PIPELINE,
	DEFAULT_PIPELINE_ID,
	type Pipeline,
	type Stage
} from '../pipelines/pipeline';

export class StageLookup {
	private readonly stages = new Map<string, Map<string, Stage>>();
	readonly fallbackId: string;

	constructor(pipelines: readonly Pipeline[]) {
		for (const p of pipelines) this.stages.set(p.id, new Map(p.stages.map((s) => [s.id, s])));
		const fallback =
			pipelines.find((p) => p.id === DEFAULT_PIPELINE_ID) ?? pipelines[0] ?? DEFAULT_PIPELINE;
		this.fallbackId = fallback.id;
		if (!this.stages.has(fallback.id))
			this.stages.set(fallback.id, new Map(fallback.stages.map((s) => [s.id, s])));
	}

	/** The id of the pipeline the deal is in. */
	pipelineOf(pipelineId: string | null): string {
		return pipelineId !== null && this.stages.has(pipelineId) ? pipelineId : this.fallbackId;
	}

	/** The deal's stage, or undefined: its pipeline has no such stage (counted as open). */
	stageOf(pipelineId: string, stageId: string): Stage | undefined {
		return this.stages.get(pipelineId)?.get(stageId);
	}
}
