/**
 * How pipelines are kept in the workspace's shared settings: one key per value, so concurrent
 * edits merge like the fields of a record — two people adding stages at once both keep theirs
 * (each new stage has its own random id), renaming one stage while another's probability
 * changes keeps both, and the last write of one value wins. No nested shared type is created
 * for a pipeline or stage: two offline devices creating "the same" one would lose one of them.
 *
 *   p:<pipelineId>:name | order | deleted
 *   s:<pipelineId>:<stageId>:name | order | probability | kind | deleted
 *
 * The default pipeline and its stages exist with no keys at all (DEFAULT_PIPELINE); a key
 * overrides one default value. A removal is a `deleted` mark rather than deleting the keys, so
 * a peer's concurrent rename cannot bring back half a stage. Values a buggy peer stored are read
 * as the default and never break the board.
 */
import {
	DEFAULT_PIPELINE,
	isPipelineId,
	isProbability,
	isStageKind,
	MAX_NAME_LENGTH,
	type Pipeline,
	type Stage,
	type StageKind
} from './pipeline';

export type PipelineField = 'name' | 'order' | 'deleted';
export type StageField = 'name' | 'order' | 'probability' | 'kind' | 'deleted';

export function pipelineKey(pipelineId: string, field: PipelineField): string {
	return `p:${pipelineId}:${field}`;
}

export function stageKey(pipelineId: string, stageId: string, field: StageField): string {
	return `s:${pipelineId}:${stageId}:${field}`;
}

type Values = Map<string, unknown>;

function name(v: unknown, fallback: string): string {
	return typeof v === 'string' && v.trim() ? v.trim().slice(0, MAX_NAME_LENGTH) : fallback;
}

function order(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

const byOrder = (a: { order: number; id: string }, b: { order: number; id: string }) =>
	a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const KIND_PROBABILITY: Record<StageKind, number> = { open: 50, won: 100, lost: 0 };

/** The pipelines the stored keys describe, in order, each with its stages in order. */
export function readPipelines(entries: Iterable<[string, unknown]>): Pipeline[] {
	const pipelines = new Map<string, Values>();
	const stages = new Map<string, Map<string, Values>>();
	const values = (map: Map<string, Values>, id: string) => {
		let v = map.get(id);
		if (!v) map.set(id, (v = new Map()));
		return v;
	};
	for (const [key, value] of entries) {
		const parts = key.split(':');
		if (parts[0] === 'p' && parts.length === 3 && isPipelineId(parts[1]))
			values(pipelines, parts[1]).set(parts[2], value);
		else if (
			parts[0] === 's' &&
			parts.length === 4 &&
			isPipelineId(parts[1]) &&
			isPipelineId(parts[2])
		) {
			values(pipelines, parts[1]);
			let byStage = stages.get(parts[1]);
			if (!byStage) stages.set(parts[1], (byStage = new Map()));
			values(byStage, parts[2]).set(parts[3], value);
		}
	}
	values(pipelines, DEFAULT_PIPELINE.id);
	const out: Pipeline[] = [];
	for (const [id, v] of pipelines) {
		if (v.get('deleted') === true) continue;
		const builtIn = id === DEFAULT_PIPELINE.id ? DEFAULT_PIPELINE : null;
		const stored = stages.get(id) ?? new Map<string, Values>();
		for (const s of builtIn?.stages ?? []) values(stored, s.id);
		const list: Stage[] = [];
		for (const [stageId, sv] of stored) {
			if (sv.get('deleted') === true) continue;
			const def = builtIn?.stages.find((s) => s.id === stageId);
			const kindValue = sv.get('kind');
			const kind = isStageKind(kindValue) ? kindValue : (def?.kind ?? 'open');
			const probability = sv.get('probability');
			list.push({
				id: stageId,
				name: name(sv.get('name'), def?.name ?? 'Unnamed stage'),
				order: order(sv.get('order'), def?.order ?? 0),
				probability: isProbability(probability)
					? probability
					: (def?.probability ?? KIND_PROBABILITY[kind]),
				kind
			});
		}
		out.push({
			id,
			name: name(v.get('name'), builtIn?.name ?? 'Unnamed pipeline'),
			order: order(v.get('order'), builtIn?.order ?? 0),
			stages: list.sort(byOrder)
		});
	}
	return out.sort(byOrder);
}
