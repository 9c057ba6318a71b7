/**
 * What a goal has reached, from the deals and the interactions, in one pass over each:
 *
 * - won amount / deals won: deals at a won stage (any pipeline) owned by the member (or
 *   anyone's, for the team), by the month they closed — their expected close date, else when
 *   they were last edited, as the forecast places them; amounts in the workspace currency at
 *   the rate of that day (a deal with no rate adds to the count, not to the amount);
 * - new customers: organizations, or people for deals with no organization, whose first won
 *   deal closes in the period, credited to that deal's owner;
 * - activities logged: interactions in the period that the member took part in (the team's:
 *   every interaction once).
 *
 * A goal is behind when the share of its target reached is below the share of its period
 * elapsed (half the quarter gone, under half the target): a period that has not started is
 * never behind, one that ended short of the target is.
 */
import type { GoalFields } from '../record-types/goal';
import type { Pipeline } from '../pipelines/pipeline';
import type { ForecastDeal } from '../forecast/forecast';
import { elapsedShare, monthKey, monthsOf, periodBounds } from '../forecast/periods';
import type { RateIndex } from '../forecast/rates';
import { StageLookup } from '../forecast/stage-lookup';

/** The owner key of the whole team's figures. */
export const TEAM = '*';

export interface GoalDeal extends ForecastDeal {
	organizationId: string | null;
	personId: string | null;
}

export interface GoalActivity {
	occurredAt: number;
	memberIds: readonly string[];
}

type Counts = Map<string, Map<string, number>>; // month → member (or TEAM) → value

/** Per month and member, what goals measure; a goal sums the months of its period. */
export interface GoalLedger {
	wonAmount: Counts;
	dealsWon: Counts;
	newCustomers: Counts;
	activities: Counts;
}

/** Adds to the member's value and, unless `team` is false, to the team's. */
function add(counts: Counts, month: string, member: string, value: number, team = true): void {
	let byMember = counts.get(month);
	if (!byMember) counts.set(month, (byMember = new Map()));
	byMember.set(member, (byMember.get(member) ?? 0) + value);
	if (team) byMember.set(TEAM, (byMember.get(TEAM) ?? 0) + value);
}

export function goalLedger(
	deals: Iterable<GoalDeal>,
	activities: Iterable<GoalActivity>,
	pipelines: readonly Pipeline[],
	rates: RateIndex
): GoalLedger {
	const stages = new StageLookup(pipelines);
	const ledger: GoalLedger = {
		wonAmount: new Map(),
		dealsWon: new Map(),
		newCustomers: new Map(),
		activities: new Map()
	};
	// Each customer's first won deal — an organization's, or a person's for deals with none.
	const firstOfOrganization = new Map<string, GoalDeal>();
	const firstOfPerson = new Map<string, GoalDeal>();
	for (const d of deals) {
		const stage = stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage);
		if (stage?.kind !== 'won') continue;
		const at = closeOf(d);
		const month = monthKey(at);
		const owner = d.ownerId ?? '';
		const rate = rates.rateAt(d.currency, at);
		add(ledger.dealsWon, month, owner, 1);
		add(ledger.wonAmount, month, owner, rate === null ? 0 : (d.amount ?? 0) * rate);
		const firsts = d.organizationId ? firstOfOrganization : firstOfPerson;
		const customer = d.organizationId || d.personId;
		if (!customer) continue;
		const seen = firsts.get(customer);
		if (!seen || at < closeOf(seen)) firsts.set(customer, d);
	}
	for (const firsts of [firstOfOrganization, firstOfPerson])
		for (const d of firsts.values())
			add(ledger.newCustomers, monthKey(closeOf(d)), d.ownerId ?? '', 1);
	for (const a of activities) {
		const month = monthKey(a.occurredAt);
		// A member named twice counts once; the team's count is the interaction once, however
		// many members took part (no Set per interaction: 62,500 of them in a quarter).
		const members = a.memberIds;
		for (let k = 0; k < members.length; k++)
			if (members.indexOf(members[k]) === k) add(ledger.activities, month, members[k], 1, false);
		add(ledger.activities, month, TEAM, 1, false);
	}
	return ledger;
}

/** When a won deal closed: its expected close date, else its last edit (the move to won). */
function closeOf(d: GoalDeal): number {
	return d.expectedCloseAt ?? d.updatedAt;
}

const COUNTS: Record<GoalFields['metric'], keyof GoalLedger> = {
	'won amount': 'wonAmount',
	'deals won': 'dealsWon',
	'new customers': 'newCustomers',
	'activities logged': 'activities'
};

/** What the goal's member (or the team) reached in its period. */
export function goalActual(goal: GoalFields, ledger: GoalLedger): number {
	const counts = ledger[COUNTS[goal.metric]];
	const member = goal.memberId ?? TEAM;
	let sum = 0;
	for (const month of monthsOf(goal.period)) sum += counts.get(month)?.get(member) ?? 0;
	return sum;
}

export interface GoalProgress {
	actual: number;
	target: number;
	/** actual / target (1 when the target is 0). */
	share: number;
	/** How much of the period has passed, 0–1. */
	elapsed: number;
	behind: boolean;
	/** The period has ended. */
	over: boolean;
}

export function goalProgress(goal: GoalFields, actual: number, now: number): GoalProgress {
	const share = goal.target > 0 ? actual / goal.target : 1;
	const elapsed = elapsedShare(goal.period, now);
	const [, end] = periodBounds(goal.period);
	return {
		actual,
		target: goal.target,
		share,
		elapsed,
		behind: elapsed > 0 && share < elapsed,
		over: now >= end
	};
}
