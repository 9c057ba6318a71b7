/**
 * The board: a pipeline's deals in a column per stage, each with its count and total, after
 * the filters (owner, organization, close month); and the flags a card carries.
 */
import { DEFAULT_PIPELINE_ID, isOpenStage, type Pipeline, type Stage } from './pipeline';

/** What the board needs of a deal (a DealRow has it). */
export interface BoardDeal {
	id: string;
	name: string;
	pipelineId: string | null;
	stage: string;
	amount: number | null;
	currency: string;
	expectedCloseAt: number | null;
	organizationId: string | null;
	ownerId: string | null;
}

export interface BoardFilters {
	/** A member id, '' for anyone, or NOBODY. */
	ownerId: string;
	/** An organization id, or '' for any. */
	organizationId: string;
	/** 'YYYY-MM' of the expected close (UTC, as the date is shown), '' for any, or NO_DATE. */
	closeMonth: string;
}

export const NOBODY = '-';
export const NO_DATE = '-';
export const NO_FILTERS: BoardFilters = { ownerId: '', organizationId: '', closeMonth: '' };

/** One amount per currency. */
export type Totals = { currency: string; amount: number }[];

export interface BoardColumn<T extends BoardDeal> {
	/** Null: the column of deals at a stage this pipeline does not have. */
	stage: Stage | null;
	/** Close date first (none last), then name. */
	deals: T[];
	totals: Totals;
}

const DAY = 86_400_000;

/** The month a moment falls in, as the close date is shown (UTC): '2026-03'. */
export function monthOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 7);
}

/** Whether a deal is in this pipeline: its own, or the default for none or a removed one. */
export function inPipeline(
	deal: Pick<BoardDeal, 'pipelineId'>,
	pipeline: Pipeline,
	known: ReadonlySet<string>
): boolean {
	if (deal.pipelineId === pipeline.id) return true;
	return (
		pipeline.id === DEFAULT_PIPELINE_ID && (deal.pipelineId === null || !known.has(deal.pipelineId))
	);
}

export function matches(deal: BoardDeal, f: BoardFilters): boolean {
	if (f.ownerId && (f.ownerId === NOBODY ? deal.ownerId !== null : deal.ownerId !== f.ownerId))
		return false;
	if (f.organizationId && deal.organizationId !== f.organizationId) return false;
	if (f.closeMonth) {
		const month = deal.expectedCloseAt === null ? NO_DATE : monthOf(deal.expectedCloseAt);
		if (month !== f.closeMonth) return false;
	}
	return true;
}

/** Sums per currency, in the order of the currency codes. */
export function totals(deals: readonly Pick<BoardDeal, 'amount' | 'currency'>[]): Totals {
	const sums = new Map<string, number>();
	for (const d of deals)
		if (d.amount !== null) sums.set(d.currency, (sums.get(d.currency) ?? 0) + d.amount);
	return [...sums]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([currency, amount]) => ({ currency, amount }));
}

/** One collator for every comparison (localeCompare builds one per call). */
const names = new Intl.Collator();

/** The order of a column: close date first (none last), then name, then id (a total order). */
export const byClose = (a: BoardDeal, b: BoardDeal) =>
	(a.expectedCloseAt ?? Infinity) - (b.expectedCloseAt ?? Infinity) ||
	names.compare(a.name, b.name) ||
	(a.id < b.id ? -1 : 1);

/**
 * The columns of `pipeline`, in stage order, and last, when any deal is at a stage the
 * pipeline lacks (a peer's newer stage, a removed one), a column for those.
 * `pipelineIds`: every pipeline's id, to tell a removed pipeline's deals (shown in the default).
 */
export function boardColumns<T extends BoardDeal>(
	pipeline: Pipeline,
	pipelineIds: ReadonlySet<string>,
	deals: readonly T[],
	filters: BoardFilters
): BoardColumn<T>[] {
	const byStage = new Map<string, T[]>(pipeline.stages.map((s) => [s.id, []]));
	const unknown: T[] = [];
	for (const d of deals) {
		if (!inPipeline(d, pipeline, pipelineIds) || !matches(d, filters)) continue;
		(byStage.get(d.stage) ?? unknown).push(d);
	}
	const columns: BoardColumn<T>[] = pipeline.stages.map((stage) => {
		const list = byStage.get(stage.id)!.sort(byClose);
		return { stage, deals: list, totals: totals(list) };
	});
	if (unknown.length > 0) {
		const list = unknown.sort(byClose);
		columns.push({ stage: null, deals: list, totals: totals(list) });
	}
	return columns;
}

/** Why an open deal needs a look, or nothing: past its close date, or no next step planned. */
export function dealFlags(
	deal: Pick<BoardDeal, 'expectedCloseAt'>,
	stage: Stage | null,
	hasNextStep: boolean,
	now: number
): string[] {
	if (!isOpenStage(stage)) return [];
	const flags: string[] = [];
	// The close date is a day: past once that whole day is over.
	if (deal.expectedCloseAt !== null && deal.expectedCloseAt + DAY <= now)
		flags.push('Past its expected close date');
	if (!hasNextStep) flags.push('No next step');
	return flags;
}
