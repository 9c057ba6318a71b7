/**
 * The forecast against the target, per month of the period: won so far, the weighted forecast
 * of the open deals expected to close then (forecast/forecast.ts computes both, per owner and
 * for the team), and the won-amount goals of the owner (with a team filter, its members'
 * goals summed; with neither, the workspace's team goals). A month goal is that month's
 * target; a quarter goal counts a third in each of its months. Months are the close dates'
 * (days, UTC), as the forecast and goals count them.
 */
import { categoryOf } from '../forecast/category';
import { TEAM, computeForecast, figuresOf } from '../forecast/forecast';
import { monthKey, monthsOf, periodKind } from '../forecast/periods';
import { StageLookup } from '../forecast/stage-lookup';
import type { DealRow } from '../record-types';
import { Contributions, NOTHING, bucketNames, tallyOf, type Entry } from './contributions';
import { monthsIn, type Bucket } from './period';
import type { Report, ReportFilters, ReportInput, ReportResult } from './report';
import { dealInScope, inTeam, scopeContext } from './scope';
import { Tally, currencyUnit, drillOf, lazyDrill, pointsOf, round2 } from './tally';

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const buckets = monthsIn(filters.period, input.timeZone);
	const index = new Map(buckets.map((b, i) => [b.key, i]));
	const stages = new StageLookup(input.pipelines);
	// The owner is read per cell of the forecast; segment and pipeline narrow the deals first.
	const deals = (input.rows.deal ?? []).filter((d) =>
		dealInScope(d, { ...filters, ownerId: null }, stages)
	);
	const forecast = computeForecast(deals, {
		pipelines: input.pipelines,
		rates: input.rates,
		pipelineId: filters.pipelineId,
		now: input.now
	});
	const owner = filters.ownerId ?? TEAM;
	const won = new Tally(buckets.length);
	const weighted = new Tally(buckets.length);
	buckets.forEach((b, i) => {
		const f = figuresOf(forecast, b.key, owner);
		won.values[i] = round2(f.won);
		weighted.values[i] = round2(f.weighted);
	});
	// Which deals made each month's figures, by the forecast's own rules.
	for (const d of deals) {
		if (filters.ownerId !== null && d.ownerId !== filters.ownerId) continue;
		const stage = stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage);
		if (stage?.kind === 'lost') continue;
		if (stage?.kind === 'won') {
			const i = index.get(monthKey(d.expectedCloseAt ?? d.updatedAt));
			if (i !== undefined) won.ids[i].push(d.id);
			continue;
		}
		if (d.expectedCloseAt === null) continue;
		const probability = d.probability ?? stage?.probability ?? 0;
		if (categoryOf(d.forecastCategory, probability) === 'omitted') continue;
		const i = index.get(monthKey(d.expectedCloseAt));
		if (i !== undefined) weighted.ids[i].push(d.id);
	}
	return resultOf(input, filters, buckets, won, weighted);
}

/**
 * The same figures kept between edits (contributions.ts): each deal adds its won amount or its
 * weighted amount to its close month, by the forecast's rules (forecast.ts: won at the rate of
 * its close day, else of its last edit; open ones weighted by their probability, undated and
 * omitted ones left out), so one edit reads one deal again.
 */
function live(): (input: ReportInput, filters: ReportFilters) => ReportResult {
	let read: (d: DealRow) => readonly Entry[] = () => NOTHING;
	const kept = new Contributions<DealRow>((d) => read(d));
	return (input, filters) => {
		const buckets = monthsIn(filters.period, input.timeZone);
		const index = new Map(buckets.map((b, i) => [b.key, i]));
		const stages = new StageLookup(input.pipelines);
		const scope = { ...filters, ownerId: null };
		const wonNames = bucketNames('won:', buckets.length);
		const weightedNames = bucketNames('weighted:', buckets.length);
		read = (d) => {
			if (!dealInScope(d, scope, stages)) return NOTHING;
			if (filters.ownerId !== null && d.ownerId !== filters.ownerId) return NOTHING;
			const stage = stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage);
			if (stage?.kind === 'lost') return NOTHING;
			const won = stage?.kind === 'won';
			const at = won ? (d.expectedCloseAt ?? d.updatedAt) : d.expectedCloseAt;
			if (at === null) return NOTHING;
			const probability = d.probability ?? stage?.probability ?? 0;
			if (!won && categoryOf(d.forecastCategory, probability) === 'omitted') return NOTHING;
			const i = index.get(monthKey(at));
			if (i === undefined) return NOTHING;
			const rate = input.rates.rateAt(d.currency, at);
			const amount = rate === null ? 0 : (d.amount ?? 0) * rate;
			return won ? [[wonNames[i], amount]] : [[weightedNames[i], (amount * probability) / 100]];
		};
		kept.sync(input.rows.deal ?? [], [
			input.pipelines,
			input.rates,
			...scopeContext(filters),
			...buckets.map((b) => b.key)
		]);
		const n = buckets.length;
		const won = tallyOf(kept, n, (i) => wonNames[i], true);
		const weighted = tallyOf(kept, n, (i) => weightedNames[i], true);
		for (let i = 0; i < n; i++) {
			won.values[i] = round2(won.values[i]);
			weighted.values[i] = round2(weighted.values[i]);
		}
		return resultOf(input, filters, buckets, won, weighted);
	};
}

function resultOf(
	input: ReportInput,
	filters: ReportFilters,
	buckets: readonly Bucket[],
	won: Tally,
	weighted: Tally
): ReportResult {
	const index = new Map(buckets.map((b, i) => [b.key, i]));
	const target = new Tally(buckets.length);
	const whose = (memberId: string | null) =>
		filters.ownerId !== null || !filters.teamMembers
			? memberId === filters.ownerId
			: inTeam(filters, memberId);
	for (const g of input.rows.goal ?? []) {
		if (g.metric !== 'won amount' || !whose(g.memberId) || !g.period) continue;
		const months = monthsOf(g.period);
		const share = periodKind(g.period) === 'quarter' ? g.target / 3 : g.target;
		for (const m of months) {
			const i = index.get(m);
			if (i !== undefined) target.add(i, g.id, share);
		}
	}
	const money = currencyUnit(input.currency);
	return {
		kind: 'bar',
		unit: money,
		series: [
			{ key: 'won', label: 'Won', points: pointsOf(buckets, won, 'deal') },
			{ key: 'weighted', label: 'Weighted forecast', points: pointsOf(buckets, weighted, 'deal') },
			{ key: 'target', label: 'Target', points: pointsOf(buckets, target, 'goal'), line: true }
		],
		table: {
			columns: [
				{ key: 'month', label: 'Month' },
				{ key: 'won', label: 'Won', unit: money },
				{ key: 'weighted', label: 'Weighted forecast', unit: money },
				{ key: 'target', label: 'Target', unit: money },
				{ key: 'share', label: 'Won of target', unit: { kind: 'percent' } }
			],
			rows: buckets.map((b, i) => ({
				key: b.key,
				cells: [
					b.label,
					won.values[i],
					weighted.values[i],
					round2(target.values[i]),
					target.values[i] > 0 ? round2((won.values[i] / target.values[i]) * 100) : null
				],
				drills: [
					null,
					drillOf('deal', won.ids[i]),
					drillOf('deal', weighted.ids[i]),
					drillOf('goal', target.ids[i]),
					null
				]
			}))
		},
		total: {
			key: 'won',
			label: 'Won',
			value: round2(won.sum),
			drill: lazyDrill('deal', () => won.allIds()),
			unit: money
		}
	};
}

export const forecastTarget: Report = {
	id: 'forecast-target',
	title: 'Forecast against target',
	description:
		'Per month: the won amount, the weighted forecast of the open deals expected to close then, and the won-amount goals.',
	reads: ['deal', 'goal'],
	honours: ['period', 'owner', 'pipeline', 'segment'],
	kind: 'bar',
	compute,
	live
};
