/**
 * Pipelines: the stages a deal moves through, configured per workspace. A deal names its
 * pipeline (null: the default one) and a stage id of it. The default pipeline "New business"
 * uses the stage ids deals were written with before pipelines existed (lead … lost), so every
 * older deal stays valid with no migration.
 */

/** What reaching a stage means: still being worked, or closed either way. */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const STAGE_KIND_LABELS: Record<StageKind, string> = {
	open: 'Open',
	won: 'Won',
	lost: 'Lost'
};

export interface Stage {
	id: string;
	name: string;
	/** Sorts the stages of a pipeline; ties fall back to the id so every device agrees. */
	order: number;
	/** The chance a deal here closes won, 0–100; a deal may override it. */
	probability: number;
	kind: StageKind;
}

export interface Pipeline {
	id: string;
	name: string;
	order: number;
	/** In order. */
	stages: Stage[];
}

/** The pipeline of deals whose pipelineId is null (every deal written before pipelines). */
export const DEFAULT_PIPELINE_ID = 'default';

/** The default pipeline as it is until someone edits it: today's stage ids, so old deals fit. */
export const DEFAULT_PIPELINE: Pipeline = {
	id: DEFAULT_PIPELINE_ID,
	name: 'New business',
	order: 0,
	stages: [
		{ id: 'lead', name: 'Lead', order: 0, probability: 10, kind: 'open' },
		{ id: 'qualified', name: 'Qualified', order: 1, probability: 25, kind: 'open' },
		{ id: 'proposal', name: 'Proposal', order: 2, probability: 50, kind: 'open' },
		{ id: 'negotiation', name: 'Negotiation', order: 3, probability: 75, kind: 'open' },
		{ id: 'won', name: 'Won', order: 4, probability: 100, kind: 'won' },
		{ id: 'lost', name: 'Lost', order: 5, probability: 0, kind: 'lost' }
	]
};

/** Stage ids of the default pipeline, as deals held them before pipelines. */
export const DEFAULT_STAGE_IDS = DEFAULT_PIPELINE.stages.map((s) => s.id);

/** A pipeline or stage name: one line, short enough to head a board column. */
export const MAX_NAME_LENGTH = 60;

/** Ids are keys in the stored layout (pipeline-store.ts): letters, digits, '-' and '_'. */
const ID = /^[A-Za-z0-9_-]{1,40}$/;

export function isPipelineId(value: unknown): value is string {
	return typeof value === 'string' && ID.test(value);
}

export function isProbability(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;
}

export function isStageKind(value: unknown): value is StageKind {
	return (STAGE_KINDS as readonly unknown[]).includes(value);
}

/** Why a typed name cannot be used for a stage (or pipeline) among `others`, or null. */
export function nameProblem(
	name: string,
	others: readonly { id: string; name: string }[],
	exceptId: string | null,
	noun: 'stage' | 'pipeline'
): string | null {
	const t = name.trim();
	if (!t) return `A ${noun} needs a name.`;
	if (t.length > MAX_NAME_LENGTH)
		return `Keep the ${noun}'s name under ${MAX_NAME_LENGTH} letters.`;
	const same = others.find(
		(o) => o.id !== exceptId && o.name.trim().toLowerCase() === t.toLowerCase()
	);
	return same ? `There is already a ${noun} called "${same.name}".` : null;
}

/** Why a typed probability cannot be used, or null. */
export function probabilityProblem(text: string): string | null {
	const n = Number(text.trim().replace('%', ''));
	return text.trim() !== '' && isProbability(n) ? null : 'Enter a whole number from 0 to 100.';
}

/** The pipeline a deal is in: its own, else the default (also for a pipeline since removed). */
export function pipelineOf(pipelines: readonly Pipeline[], pipelineId: string | null): Pipeline {
	return (
		(pipelineId !== null && pipelines.find((p) => p.id === pipelineId)) ||
		pipelines.find((p) => p.id === DEFAULT_PIPELINE_ID) ||
		pipelines[0] ||
		DEFAULT_PIPELINE
	);
}

/** The stage a deal is at, or null when its pipeline has no such stage (a peer's newer stage,
 * a stage removed since): the deal is shown with a warning, not moved. */
export function stageOf(pipeline: Pipeline, stageId: string): Stage | null {
	return pipeline.stages.find((s) => s.id === stageId) ?? null;
}

/** A deal's probability: its own override, else its stage's default (0 at an unknown stage). */
export function dealProbability(override: number | null, stage: Stage | null): number {
	return override ?? stage?.probability ?? 0;
}

/** Whether a deal at this stage is still being worked (an unknown stage counts as open). */
export function isOpenStage(stage: Stage | null): boolean {
	return stage === null || stage.kind === 'open';
}

/** The stage a new deal starts at: the pipeline's first open stage, else its first. */
export function firstStage(pipeline: Pipeline): Stage | null {
	return pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0] ?? null;
}

/** Why a stage cannot be removed now, or null: deals still there must be moved first, and a
 * pipeline keeps one stage at least. */
export function deleteStageProblem(
	pipeline: Pipeline,
	stageId: string,
	dealsThere: number
): string | null {
	const stage = stageOf(pipeline, stageId);
	const name = stage?.name ?? 'This stage';
	if (dealsThere > 0)
		return `${name} still holds ${dealsThere === 1 ? '1 deal' : `${dealsThere} deals`}: move ${dealsThere === 1 ? 'it' : 'them'} to another stage first.`;
	if (pipeline.stages.length <= 1) return 'A pipeline needs one stage at least.';
	return null;
}

/** Why a pipeline cannot be removed now, or null. */
export function deletePipelineProblem(pipeline: Pipeline, dealsThere: number): string | null {
	if (pipeline.id === DEFAULT_PIPELINE_ID)
		return 'The default pipeline holds every deal with no other pipeline: it stays.';
	if (dealsThere > 0)
		return `${pipeline.name} still holds ${dealsThere === 1 ? '1 deal' : `${dealsThere} deals`}: move ${dealsThere === 1 ? 'it' : 'them'} to another pipeline first.`;
	return null;
}

/**
 * The order values to write so the item at `index` moves one place up (-1) or down (+1): one
 * write between its new neighbours when their orders leave room, else every item renumbered
 * (orders that tie, as two people adding at once may leave them).
 */
export function moveOrders(
	items: readonly { id: string; order: number }[],
	index: number,
	by: -1 | 1
): Map<string, number> {
	const target = index + by;
	const writes = new Map<string, number>();
	if (index < 0 || index >= items.length || target < 0 || target >= items.length) return writes;
	// The neighbours it lands between: the one it passes, and the one after that.
	const passed = items[target].order;
	const beyond = items[target + by]?.order ?? passed + by;
	const mid = (passed + beyond) / 2;
	if (passed !== beyond && mid !== passed && mid !== beyond && Number.isFinite(mid)) {
		writes.set(items[index].id, mid);
		return writes;
	}
	const ids = items.map((i) => i.id);
	[ids[index], ids[target]] = [ids[target], ids[index]];
	ids.forEach((id, i) => writes.set(id, i));
	return writes;
}

/** The order for an item added after the others. */
export function orderAfter(items: readonly { order: number }[]): number {
	return items.reduce((max, i) => Math.max(max, Math.floor(i.order) + 1), 0);
}
