/**
 * Goals reached: each goal whose month or quarter overlaps the period — the owner's, or every
 * goal with no owner filter — with what it reached (domain/goals/progress.ts counts it as the
 * goals screen does) against its target. A goal's bar opens the goal.
 */
import { periodBounds } from '../forecast/periods';
import { goalActual, goalLedger, type GoalLedger } from '../goals/progress';
import { goalName } from '../record-types/goal';
import type { DealRow, InteractionRow } from '../record-types';
import { daySpan } from './days';
import { GoalDealsLedger } from './goal-deals-ledger';
import { inTeam } from './scope';
import type { Report, ReportFilters, ReportInput, ReportResult } from './report';
import { COUNT, Tally, drillOf, pointsOf, round2 } from './tally';

/** The last months' activities picked per interactions array: a deal edit (the same array)
 * does not pass over 60,000–250,000 interactions again. */
const picked = new WeakMap<
	readonly InteractionRow[],
	{ from: number; to: number; rows: InteractionRow[] }
>();

function activitiesIn(all: readonly InteractionRow[], from: number, to: number): InteractionRow[] {
	if (from > to) return []; // no activity goal shown: no pass at all
	const hit = picked.get(all);
	if (hit && hit.from === from && hit.to === to) return hit.rows;
	const rows = all.filter((i) => i.occurredAt >= from && i.occurredAt < to);
	picked.set(all, { from, to, rows });
	return rows;
}

/** The activities' part of the ledger per activities array, so a deal edit (the same array)
 * counts only the deals again. */
const activityLedgers = new WeakMap<readonly InteractionRow[], GoalLedger['activities']>();

/** The deals' part per deals array (and the pipelines and rates it was counted with), so a call
 * logged (the same deals) does not pass over 20,000 deals again. */
const dealLedgers = new WeakMap<
	readonly DealRow[],
	{ pipelines: ReportInput['pipelines']; rates: ReportInput['rates']; ledger: GoalLedger }
>();
const NO_DEALS: readonly DealRow[] = [];

function dealsLedgerOf(input: ReportInput): GoalLedger {
	const deals = input.rows.deal ?? NO_DEALS;
	const hit = dealLedgers.get(deals);
	if (hit && hit.pipelines === input.pipelines && hit.rates === input.rates) return hit.ledger;
	const ledger = goalLedger(deals, [], input.pipelines, input.rates);
	dealLedgers.set(deals, { pipelines: input.pipelines, rates: input.rates, ledger });
	return ledger;
}

function ledgerOf(
	input: ReportInput,
	activities: readonly InteractionRow[],
	deals = dealsLedgerOf(input)
): GoalLedger {
	let counted = activityLedgers.get(activities);
	if (!counted)
		activityLedgers.set(
			activities,
			(counted = goalLedger([], activities, input.pipelines, input.rates).activities)
		);
	return { ...deals, activities: counted };
}

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	return computeWith(input, filters, (activities) => ledgerOf(input, activities));
}

/** The report with the deals' part of the ledger kept between calls: a deal edit counts that deal. */
function live(): (input: ReportInput, filters: ReportFilters) => ReportResult {
	const kept = new GoalDealsLedger();
	return (input, filters) =>
		computeWith(input, filters, (activities) =>
			ledgerOf(
				input,
				activities,
				kept.ledgerOf(input.rows.deal ?? NO_DEALS, input.pipelines, input.rates)
			)
		);
}

function computeWith(
	input: ReportInput,
	filters: ReportFilters,
	ledgerFor: (activities: readonly InteractionRow[]) => GoalLedger
): ReportResult {
	const days = daySpan(filters.period, input.timeZone);
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	const goals = (input.rows.goal ?? [])
		.filter((g) => {
			if (!g.period) return false;
			if (filters.ownerId !== null && g.memberId !== filters.ownerId) return false;
			if (!inTeam(filters, g.memberId)) return false;
			const [start, end] = periodBounds(g.period);
			return start < days.to && end > days.from;
		})
		.sort((a, b) => a.period.localeCompare(b.period) || a.name.localeCompare(b.name));
	// Activities count only in the months of the activity goals shown: the others are skipped
	// (deals are all read: a new customer is new by their first won deal ever).
	let from = Infinity;
	let to = -Infinity;
	for (const g of goals)
		if (g.metric === 'activities logged') {
			const [start, end] = periodBounds(g.period);
			from = Math.min(from, start);
			to = Math.max(to, end);
		}
	const activities = activitiesIn(input.rows.interaction ?? [], from, to);
	const ledger = ledgerFor(activities);
	const keys = goals.map((g) => ({
		key: g.id,
		label: `${g.memberId ? (names.get(g.memberId) ?? 'Unknown member') : 'Team'}: ${goalName(g)}`
	}));
	const reached = new Tally(goals.length);
	const target = new Tally(goals.length);
	goals.forEach((g, i) => {
		reached.add(i, g.id, round2(goalActual(g, ledger)));
		target.add(i, g.id, g.target);
	});
	return {
		kind: 'bar',
		unit: COUNT,
		series: [
			{ key: 'reached', label: 'Reached', points: pointsOf(keys, reached, 'goal') },
			{ key: 'target', label: 'Target', points: pointsOf(keys, target, 'goal'), line: true }
		],
		table: {
			columns: [
				{ key: 'goal', label: 'Goal' },
				{ key: 'reached', label: 'Reached', unit: COUNT },
				{ key: 'target', label: 'Target', unit: COUNT },
				{ key: 'share', label: 'Reached of target', unit: { kind: 'percent' } }
			],
			rows: goals.map((g, i) => ({
				key: g.id,
				cells: [
					keys[i].label,
					reached.values[i],
					g.target,
					g.target > 0 ? round2((reached.values[i] / g.target) * 100) : null
				],
				drill: drillOf('goal', [g.id])
			}))
		}
	};
}

export const goalProgressReport: Report = {
	id: 'goal-progress',
	title: 'Goals',
	description:
		'Each goal of the period (the owner’s, or everyone’s) with what it has reached against its target; amounts in the workspace currency.',
	reads: ['deal', 'interaction', 'goal'],
	honours: ['period', 'owner'],
	kind: 'bar',
	compute,
	live
};
