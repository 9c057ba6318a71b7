/**
 * The open pipeline as it stands: per stage (in the pipeline's order), how many open deals and
 * their amount in the workspace currency (at the rate of their expected close day, else of
 * today, as the forecast converts), and the weighted amount. Not a period's figure: the
 * pipeline is now, so the period and comparison do not apply. With every pipeline shown, a
 * stage is named with its pipeline.
 */
import { StageLookup } from '../forecast/stage-lookup';
import { DEFAULT_PIPELINE, type Pipeline } from '../pipelines/pipeline';
import type { Report, ReportFilters, ReportInput, ReportResult } from './report';
import type { DealRow } from '../record-types';
import { Contributions, NOTHING, bucketNames, tallyOf, type Entry } from './contributions';
import { dealInScope, scopeContext } from './scope';
import { COUNT, Tally, currencyUnit, drillOf, lazyDrill, pointsOf, round2 } from './tally';
import { unconvertedNote } from './won-lost';

interface StageKey {
	key: string;
	pipelineId: string;
	stageId: string;
	label: string;
	probability: number;
}

/** The open stages shown, in the pipelines' order. */
function stageKeys(input: ReportInput, filters: ReportFilters): StageKey[] {
	const pipelines: readonly Pipeline[] = input.pipelines.length
		? input.pipelines
		: [DEFAULT_PIPELINE];
	const shown = pipelines.filter((p) => filters.pipelineId === null || p.id === filters.pipelineId);
	const named = shown.length > 1;
	return shown.flatMap((p) =>
		[...p.stages]
			.filter((s) => s.kind === 'open')
			.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
			.map((s) => ({
				key: `${p.id}/${s.id}`,
				pipelineId: p.id,
				stageId: s.id,
				label: named ? `${s.name} (${p.name})` : s.name,
				probability: s.probability
			}))
	);
}

/** Pipeline id → stage id → the stage's place among the keys (no string made per deal). */
type StageIndex = ReadonlyMap<string, ReadonlyMap<string, number>>;

function stageIndex(keys: readonly StageKey[]): StageIndex {
	const index = new Map<string, Map<string, number>>();
	keys.forEach((k, i) => {
		let stages = index.get(k.pipelineId);
		if (!stages) index.set(k.pipelineId, (stages = new Map()));
		stages.set(k.stageId, i);
	});
	return index;
}

/** Where the deal counts: its stage's index, amount and weighted amount (null: not shown). */
function placed(
	d: DealRow,
	input: ReportInput,
	filters: ReportFilters,
	stages: StageLookup,
	keys: readonly StageKey[],
	index: StageIndex
): { i: number; value: number; weighted: number; unconverted: boolean } | null {
	if (!dealInScope(d, filters, stages)) return null;
	const pipelineId = stages.pipelineOf(d.pipelineId);
	const i = index.get(pipelineId)?.get(d.stage);
	if (i === undefined) return null; // won, lost, or a stage this build does not know
	const rate = input.rates.rateAt(d.currency, d.expectedCloseAt ?? input.now);
	const value = rate === null ? 0 : (d.amount ?? 0) * rate;
	const probability = d.probability ?? keys[i].probability;
	return {
		i,
		value,
		weighted: (value * probability) / 100,
		unconverted: rate === null && !!d.amount
	};
}

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const stages = new StageLookup(input.pipelines);
	const keys = stageKeys(input, filters);
	const index = stageIndex(keys);
	const count = new Tally(keys.length);
	const amount = new Tally(keys.length);
	const weighted = new Tally(keys.length);
	let unconverted = 0;
	for (const d of input.rows.deal ?? []) {
		const p = placed(d, input, filters, stages, keys, index);
		if (!p) continue;
		if (p.unconverted) unconverted++;
		count.add(p.i, d.id);
		amount.add(p.i, d.id, p.value);
		weighted.add(p.i, d.id, p.weighted);
	}
	return resultOf(input, keys, count, amount, weighted, unconverted);
}

/** The same figures kept between edits (contributions.ts): only changed deals are read again. */
function live(): (input: ReportInput, filters: ReportFilters) => ReportResult {
	let read: (d: DealRow) => ReturnType<typeof placed> = () => null;
	// Each stage's bucket names, made once per sync (not a string per deal).
	let amountNames: string[] = [];
	let weightedNames: string[] = [];
	const kept = new Contributions<DealRow>((d) => {
		const p = read(d);
		if (!p) return NOTHING;
		const out: Entry[] = [
			[amountNames[p.i], p.value],
			[weightedNames[p.i], p.weighted]
		];
		if (p.unconverted) out.push(['unconverted', 0]);
		return out;
	});
	return (input, filters) => {
		const stages = new StageLookup(input.pipelines);
		const keys = stageKeys(input, filters);
		const index = stageIndex(keys);
		read = (d) => placed(d, input, filters, stages, keys, index);
		amountNames = bucketNames('amount:', keys.length);
		weightedNames = bucketNames('weighted:', keys.length);
		kept.sync(input.rows.deal ?? [], [
			input.pipelines,
			input.rates,
			input.now,
			...scopeContext(filters)
		]);
		const n = keys.length;
		return resultOf(
			input,
			keys,
			tallyOf(kept, n, (i) => amountNames[i], false),
			tallyOf(kept, n, (i) => amountNames[i], true),
			tallyOf(kept, n, (i) => weightedNames[i], true),
			kept.count('unconverted')
		);
	};
}

function resultOf(
	input: ReportInput,
	keys: readonly StageKey[],
	count: Tally,
	amount: Tally,
	weighted: Tally,
	unconverted: number
): ReportResult {
	const money = currencyUnit(input.currency);
	return {
		kind: 'bar',
		unit: money,
		series: [
			{ key: 'amount', label: 'Amount', points: pointsOf(keys, amount, 'deal') },
			{ key: 'weighted', label: 'Weighted', points: pointsOf(keys, weighted, 'deal') }
		],
		table: {
			columns: [
				{ key: 'stage', label: 'Stage' },
				{ key: 'deals', label: 'Open deals', unit: COUNT },
				{ key: 'amount', label: 'Amount', unit: money },
				{ key: 'weighted', label: 'Weighted', unit: money }
			],
			rows: keys.map((k, i) => {
				const drill = drillOf('deal', count.ids[i]);
				return {
					key: k.key,
					cells: [k.label, count.values[i], round2(amount.values[i]), round2(weighted.values[i])],
					drill,
					drills: [null, drill, drill, drill]
				};
			})
		},
		total: {
			key: 'pipeline',
			label: 'Open pipeline',
			value: round2(amount.sum),
			drill: lazyDrill('deal', () => count.allIds()),
			unit: money
		},
		notes: unconvertedNote(unconverted)
	};
}

export const pipelineByStage: Report = {
	id: 'pipeline-by-stage',
	title: 'Pipeline by stage',
	description:
		'The open deals at each stage, with their amount and weighted amount in the workspace currency.',
	reads: ['deal'],
	honours: ['owner', 'pipeline', 'segment'],
	kind: 'bar',
	compute,
	live
};
