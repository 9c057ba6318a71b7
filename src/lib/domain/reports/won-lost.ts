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
import { Contributions, NOTHING, bucketNames, tallyOf, type Entry } from './contributions';
import { monthsIn, type Bucket } from './period';
import type { Report, ReportFilters, ReportInput, ReportResult, Span, TableRow } from './report';
import { dealInScope, scopeContext } from './scope';
import { COUNT, Tally, currencyUnit, drillOf, lazyDrill, pointsOf, round2 } from './tally';

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
	const closed = (span: Span, buckets: readonly Bucket[]) =>
		closedPerMonth(
			deals,
			input,
			filters,
			span,
			buckets.map((b) => b.key)
		);
	return resultOf(input, filters, closed);
}

/**
 * The same figures kept between edits (contributions.ts): a deal moved to won takes out what
 * it added as open and adds it as won, and the other 20,000 deals are not read again.
 */
function live(): (input: ReportInput, filters: ReportFilters) => ReportResult {
	let stages: StageLookup | null = null;
	/** Per span: its days, its months' places, and its buckets' names (made once per context,
	 * not per deal). */
	let cut: {
		days: Span;
		index: Map<string, number>;
		won: string[];
		lost: string[];
		unconverted: string;
	}[] = [];
	let ctx: { input: ReportInput; filters: ReportFilters } | null = null;
	const kept = new Contributions<DealRow>((d) => {
		const { input, filters } = ctx!;
		const kind = stages!.stageOf(stages!.pipelineOf(d.pipelineId), d.stage)?.kind;
		if (kind !== 'won' && kind !== 'lost') return NOTHING;
		if (!dealInScope(d, filters, stages!)) return NOTHING;
		const day = closedDay(d, input.timeZone);
		let out: Entry[] | null = null;
		for (const c of cut) {
			if (day < c.days.from || day >= c.days.to) continue;
			const i = c.index.get(monthKey(day));
			if (i === undefined) continue;
			const rate = input.rates.rateAt(d.currency, day);
			out ??= [];
			if (rate === null && d.amount) out.push([c.unconverted, 0]);
			out.push([(kind === 'won' ? c.won : c.lost)[i], rate === null ? 0 : (d.amount ?? 0) * rate]);
		}
		return out ?? NOTHING;
	});
	return (input, filters) => {
		const spans = [filters.period, filters.previous];
		const months = spans.map((s) => (s ? monthsIn(s, input.timeZone) : []));
		const context = [
			input.pipelines,
			input.rates,
			input.timeZone,
			...scopeContext(filters),
			...months.flatMap((m) => m.map((b) => b.key)),
			...spans.flatMap((s) => (s ? [s.from, s.to] : [null]))
		];
		// Read by the contributions of the rows counted in this sync only.
		ctx = { input, filters };
		stages = new StageLookup(input.pipelines);
		cut = spans.map((s, k) => ({
			days: s ? daySpan(s, input.timeZone) : { from: 0, to: 0 },
			index: new Map(months[k].map((b, i) => [b.key, i])),
			won: bucketNames(`${k}:won:`, months[k].length),
			lost: bucketNames(`${k}:lost:`, months[k].length),
			unconverted: `${k}:unconverted`
		}));
		kept.sync(input.rows.deal ?? [], context);
		return resultOf(input, filters, (span) => {
			const s = span === filters.period ? 0 : 1;
			const n = months[s].length;
			const tally = (name: string, amount: boolean) =>
				tallyOf(kept, n, (i) => `${s}:${name}:${i}`, amount);
			return {
				won: tally('won', false),
				wonAmount: tally('won', true),
				lost: tally('lost', false),
				lostAmount: tally('lost', true),
				unconverted: kept.count(`${s}:unconverted`)
			};
		});
	};
}

function resultOf(
	input: ReportInput,
	filters: ReportFilters,
	closed: (span: Span, buckets: readonly Bucket[]) => Closed
): ReportResult {
	const buckets = monthsIn(filters.period, input.timeZone);
	const now = closed(filters.period, buckets);
	const prevBuckets = filters.previous ? monthsIn(filters.previous, input.timeZone) : null;
	const before = filters.previous && prevBuckets ? closed(filters.previous, prevBuckets) : null;
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
			drill: lazyDrill('deal', () => now.won.allIds()),
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
	compute,
	live
};
