/**
 * The workspace's pipelines, in the core document's `pipelines` map, one key per value
 * (domain/pipelines/stored.ts says why and how). Reads are reactive; every write is one
 * LOCAL_EDIT transaction, refused when the domain's rules say no.
 */
import type * as Y from 'yjs';
import {
	DEFAULT_PIPELINE_ID,
	deletePipelineProblem,
	deleteStageProblem,
	isProbability,
	moveOrders,
	nameProblem,
	orderAfter,
	type Pipeline,
	type StageKind
} from '$lib/domain/pipelines/pipeline';
import {
	pipelineKey,
	readPipelines,
	stageKey,
	type PipelineField,
	type StageField
} from '$lib/domain/pipelines/stored';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

/** A short random id: a key part, unique enough among one workspace's stages. */
const newId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 12);

export class PipelineSettings {
	private readonly subscribe: () => void;
	private cache: Pipeline[] | null = null;

	constructor(
		private readonly doc: Y.Doc,
		private readonly map: Y.Map<unknown>
	) {
		this.subscribe = subscriberOf(map, false);
		// Read once per change, however many views ask.
		map.observe(() => (this.cache = null));
	}

	/** Every pipeline in order, with its stages in order (reactive). */
	get list(): Pipeline[] {
		this.subscribe();
		this.cache ??= readPipelines(this.map.entries());
		return this.cache;
	}

	get(pipelineId: string): Pipeline | undefined {
		return this.list.find((p) => p.id === pipelineId);
	}

	/** Adds a pipeline with the stages a sale usually has; returns its id. */
	addPipeline(name: string): string {
		this.check(nameProblem(name, this.list, null, 'pipeline'));
		const id = newId();
		this.write(() => {
			this.map.set(pipelineKey(id, 'name'), name.trim());
			this.map.set(pipelineKey(id, 'order'), orderAfter(this.list));
			const stages: [string, number, StageKind][] = [
				['Open', 50, 'open'],
				['Won', 100, 'won'],
				['Lost', 0, 'lost']
			];
			stages.forEach(([stageName, probability, kind], order) =>
				this.setStage(id, newId(), { name: stageName, order, probability, kind })
			);
		});
		return id;
	}

	renamePipeline(pipelineId: string, name: string): void {
		this.check(nameProblem(name, this.list, pipelineId, 'pipeline'));
		this.write(() => this.setPipeline(pipelineId, 'name', name.trim()));
	}

	movePipeline(pipelineId: string, by: -1 | 1): void {
		const list = this.list;
		const writes = moveOrders(
			list,
			list.findIndex((p) => p.id === pipelineId),
			by
		);
		this.write(() => writes.forEach((order, id) => this.setPipeline(id, 'order', order)));
	}

	/** Removes a pipeline holding no deals (`dealsThere`: how many it holds now). */
	deletePipeline(pipelineId: string, dealsThere: number): void {
		const pipeline = this.need(pipelineId);
		this.check(deletePipelineProblem(pipeline, dealsThere));
		this.write(() => this.setPipeline(pipelineId, 'deleted', true));
	}

	/** Adds a stage before the pipeline's won and lost stages (after the last open one). */
	addStage(
		pipelineId: string,
		name: string,
		probability: number,
		kind: StageKind = 'open'
	): string {
		const pipeline = this.need(pipelineId);
		this.check(nameProblem(name, pipeline.stages, null, 'stage'));
		this.check(isProbability(probability) ? null : 'Enter a whole number from 0 to 100.');
		const id = newId();
		const open = pipeline.stages.filter((s) => s.kind === 'open');
		const closed = pipeline.stages.find((s) => s.kind !== 'open');
		const last = open.at(-1)?.order;
		// Between the last open stage and the first closed one, when that leaves room.
		const order =
			kind === 'open' && last !== undefined && closed && closed.order > last
				? (last + closed.order) / 2
				: orderAfter(pipeline.stages);
		this.write(() =>
			this.setStage(pipelineId, id, { name: name.trim(), order, probability, kind })
		);
		return id;
	}

	renameStage(pipelineId: string, stageId: string, name: string): void {
		this.check(nameProblem(name, this.need(pipelineId).stages, stageId, 'stage'));
		this.write(() => this.setStage(pipelineId, stageId, { name: name.trim() }));
	}

	setProbability(pipelineId: string, stageId: string, probability: number): void {
		this.check(isProbability(probability) ? null : 'Enter a whole number from 0 to 100.');
		this.write(() => this.setStage(pipelineId, stageId, { probability }));
	}

	setKind(pipelineId: string, stageId: string, kind: StageKind): void {
		this.write(() => this.setStage(pipelineId, stageId, { kind }));
	}

	moveStage(pipelineId: string, stageId: string, by: -1 | 1): void {
		const stages = this.need(pipelineId).stages;
		const writes = moveOrders(
			stages,
			stages.findIndex((s) => s.id === stageId),
			by
		);
		this.write(() => writes.forEach((order, id) => this.setStage(pipelineId, id, { order })));
	}

	/** Removes a stage no deal is at (`dealsThere`: how many are there now). */
	deleteStage(pipelineId: string, stageId: string, dealsThere: number): void {
		this.check(deleteStageProblem(this.need(pipelineId), stageId, dealsThere));
		this.write(() => this.setStage(pipelineId, stageId, { deleted: true }));
	}

	private setPipeline(pipelineId: string, field: PipelineField, value: unknown): void {
		this.map.set(pipelineKey(pipelineId, field), value);
	}

	private setStage(
		pipelineId: string,
		stageId: string,
		values: Partial<Record<StageField, unknown>>
	): void {
		for (const [field, value] of Object.entries(values))
			this.map.set(stageKey(pipelineId, stageId, field as StageField), value);
	}

	private need(pipelineId: string): Pipeline {
		const p = this.get(pipelineId);
		if (!p) throw new Error('That pipeline was removed.');
		return p;
	}

	private check(problem: string | null): void {
		if (problem) throw new Error(problem);
	}

	private write(fn: () => void): void {
		this.doc.transact(fn, LOCAL_EDIT);
	}
}

const settings = new WeakMap<Workspace, PipelineSettings>();

/** The pipelines of an open workspace (one reader per workspace). */
export function pipelinesOf(ws: Workspace): PipelineSettings {
	let s = settings.get(ws);
	if (!s) settings.set(ws, (s = new PipelineSettings(ws.docs.core, ws.layout.pipelines)));
	return s;
}

export { DEFAULT_PIPELINE_ID };
