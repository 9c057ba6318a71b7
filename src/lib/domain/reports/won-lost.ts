/**
 * Won and lost deals per month: how many, and for how much in the workspace currency. A closed
 * deal counts in the month of its expected close day, else of the day it was last edited (the
 * move to won or lost), as the forecast and goals place it; amounts at the rate of that day, a
 * deal with no rate counted but not summed (and said). The number is the won amount.
 */
import { monthKey } from '../forecast/periods';
import { StageLookup } from '../forecast/stage-lookup';
import type { DealRow } from '../record-types';
import { closedDay, daySpan } from './days';
import { monthsIn } from './period';
import type { Report, ReportFilters, ReportInput, ReportResult, Span, TableRow } from './report';
import { dealInScope } from './scope';
import { COUNT, Tally, currencyUnit, drillOf, pointsOf, round2 } from './tally';

interface Closed {
	won: Tally;
	wonAmount: Tally;
	lost: Tally;
	lostAmount: Tally;
	unconverted: number;
}

/** The closed deals of `span`, per month of `months` (keys 'YYYY-MM'). */
export function closedPerMonth(
	deals: readonly DealRow[],
	input: ReportInput,
	filters: ReportFilters,
	span: Span,
	months: readonly string[]
): Closed {
	const stages = new StageLookup(input.pipelines);
	const days = daySpan(span, input.timeZone);
	const index = new Map(months.map((m, i) => [m, i]));
	const out: Closed = {
		won: new Tally(months.length),
		wonAmount: new Tally(months.length),
		lost: new Tally(months.length),
		lostAmount: new Tally(months.length),
		unconverted: 0
	};
	for (const d of deals) {
		const kind = stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage)?.kind;
		if (kind !== 'won' && kind !== 'lost') continue;
		if (!dealInScope(d, filters, stages)) continue;
		const day = closedDay(d, input.timeZone);
		if (day < days.from || day >= days.to) continue;
		const i = index.get(monthKey(day));
		if (i === undefined) continue;
		const rate = input.rates.rateAt(d.currency, day);
		if (rate === null && d.amount) out.unconverted++;
		const amount = rate === null ? 0 : (d.amount ?? 0) * rate;
		if (kind === 'won') {
			out.won.add(i, d.id);
			out.wonAmount.add(i, d.id, amount);
		} else {
			out.lost.add(i, d.id);
			out.lostAmount.add(i, d.id, amount);
		}
	}
	return out;
}

export function unconvertedNote(n: number): string[] {
	return n === 0
		? []
		: [
				`${n} deal${n === 1 ? '' : 's'} in a currency with no rate on the day: counted, not summed.`
			];
}

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const deals = input.rows.deal ?? [];
	const buckets = monthsIn(filters.period, input.timeZone);
	const now = closedPerMonth(
		deals,
		input,
		filters,
		filters.period,
		buckets.map((b) => b.key)
	);
	const prevBuckets = filters.previous ? monthsIn(filters.previous, input.timeZone) : null;
	const before =
		filters.previous && prevBuckets
			? closedPerMonth(
					deals,
					input,
					filters,
					filters.previous,
					prevBuckets.map((b) => b.key)
				)
			: null;
	const money = currencyUnit(input.currency);
	const rows: TableRow[] = buckets.map((b, i) => ({
		key: b.key,
		cells: [
			b.label,
			now.won.values[i],
			round2(now.wonAmount.values[i]),
			now.lost.values[i],
			round2(now.lostAmount.values[i])
		],
		drill: drillOf('deal', [...now.won.ids[i], ...now.lost.ids[i]]),
		drills: [
			null,
			drillOf('deal', now.won.ids[i]),
			drillOf('deal', now.won.ids[i]),
			drillOf('deal', now.lost.ids[i]),
			drillOf('deal', now.lost.ids[i])
		]
	}));
	return {
		kind: 'stacked',
		unit: COUNT,
		series: [
			{ key: 'won', label: 'Won', points: pointsOf(buckets, now.won, 'deal', before?.won) },
			{ key: 'lost', label: 'Lost', points: pointsOf(buckets, now.lost, 'deal', before?.lost) }
		],
		table: {
			columns: [
				{ key: 'month', label: 'Month' },
				{ key: 'won', label: 'Won', unit: COUNT },
				{ key: 'wonAmount', label: 'Won amount', unit: money },
				{ key: 'lost', label: 'Lost', unit: COUNT },
				{ key: 'lostAmount', label: 'Lost amount', unit: money }
			],
			rows
		},
		total: {
			key: 'won-amount',
			label: 'Won',
			value: round2(now.wonAmount.sum),
			...(before ? { previous: round2(before.wonAmount.sum) } : {}),
			drill: drillOf('deal', now.won.allIds()),
			unit: money
		},
		notes: unconvertedNote(now.unconverted)
	};
}

export const wonLost: Report = {
	id: 'won-lost',
	title: 'Won and lost per month',
	description:
		'Deals won and lost in each month of the period (by their close date), with their amounts in the workspace currency.',
	reads: ['deal'],
	honours: ['period', 'compare', 'owner', 'pipeline', 'segment'],
	kind: 'stacked',
	compute
};
