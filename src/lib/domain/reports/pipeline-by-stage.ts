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
import { dealInScope } from './scope';
import { COUNT, Tally, currencyUnit, drillOf, pointsOf, round2 } from './tally';
import { unconvertedNote } from './won-lost';

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const stages = new StageLookup(input.pipelines);
	const pipelines: readonly Pipeline[] = input.pipelines.length
		? input.pipelines
		: [DEFAULT_PIPELINE];
	const shown = pipelines.filter((p) => filters.pipelineId === null || p.id === filters.pipelineId);
	const named = shown.length > 1;
	const keys = shown.flatMap((p) =>
		[...p.stages]
			.filter((s) => s.kind === 'open')
			.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
			.map((s) => ({
				key: `${p.id}/${s.id}`,
				label: named ? `${s.name} (${p.name})` : s.name,
				probability: s.probability
			}))
	);
	const index = new Map(keys.map((k, i) => [k.key, i]));
	const count = new Tally(keys.length);
	const amount = new Tally(keys.length);
	const weighted = new Tally(keys.length);
	let unconverted = 0;
	for (const d of input.rows.deal ?? []) {
		if (!dealInScope(d, filters, stages)) continue;
		const pipelineId = stages.pipelineOf(d.pipelineId);
		const i = index.get(`${pipelineId}/${d.stage}`);
		if (i === undefined) continue; // won, lost, or a stage this build does not know
		const rate = input.rates.rateAt(d.currency, d.expectedCloseAt ?? input.now);
		if (rate === null && d.amount) unconverted++;
		const value = rate === null ? 0 : (d.amount ?? 0) * rate;
		const probability = d.probability ?? keys[i].probability;
		count.add(i, d.id);
		amount.add(i, d.id, value);
		weighted.add(i, d.id, (value * probability) / 100);
	}
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
			drill: drillOf('deal', count.allIds()),
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
	compute
};
