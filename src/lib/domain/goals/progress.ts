/**
 * What a goal has reached, from the deals and the interactions, in one pass over each:
 *
 * - won amount / deals won: deals at a won stage (any pipeline) owned by the member (or
 *   anyone's, for the team), by the month they closed — their expected close date, else when
 *   they were last edited, as the forecast places them; amounts in the workspace currency at
 *   the rate of that day (a deal with no rate adds to the count, not to the amount);
 * - new customers: organizations, or people for deals with no organization, whose first won
 *   deal closes in the period, credited to that deal's owner (of two closing at the same moment,
 *   the one with the smaller id: whatever order the deals come in);
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
	id: string;
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
	const { ledger } = dealsLedger(deals, new StageLookup(pipelines), rates);
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

/** Each customer's first won deal: an organization's, or a person's for deals with none. */
export interface Firsts {
	organization: Map<string, GoalDeal>;
	person: Map<string, GoalDeal>;
}

/** The deals' part of the ledger (no activities), and each customer's first won deal. */
export function dealsLedger(
	deals: Iterable<GoalDeal>,
	stages: StageLookup,
	rates: RateIndex
): { ledger: GoalLedger; firsts: Firsts } {
	const ledger = emptyLedger();
	const firsts: Firsts = { organization: new Map(), person: new Map() };
	for (const d of deals) countDeal(ledger, firsts, d, stages, rates);
	countFirsts(ledger, firsts);
	return { ledger, firsts };
}

export function emptyLedger(): GoalLedger {
	return {
		wonAmount: new Map(),
		dealsWon: new Map(),
		newCustomers: new Map(),
		activities: new Map()
	};
}

/** Counts a deal if won, and keeps it if it is its customer's first won deal so far. */
export function countDeal(
	ledger: GoalLedger,
	firsts: Firsts,
	d: GoalDeal,
	stages: StageLookup,
	rates: RateIndex
): void {
	if (!countWon(ledger, d, stages, rates, 1)) return;
	const [byCustomer, customer] = customerOf(firsts, d);
	if (!customer) return;
	const seen = byCustomer.get(customer);
	if (!seen || isFirst(closeOf(d), d.id, closeOf(seen), seen.id)) byCustomer.set(customer, d);
}

/** Counts each customer's first won deal as a new customer: once every deal is counted. */
export function countFirsts(ledger: GoalLedger, firsts: Firsts): void {
	for (const byCustomer of [firsts.organization, firsts.person])
		for (const d of byCustomer.values()) countNewCustomer(ledger, d, 1);
}

/** Adds a won deal's amount and count to its close month (`sign` -1 takes them out); false if
 * the deal is not won. */
export function countWon(
	ledger: GoalLedger,
	d: GoalDeal,
	stages: StageLookup,
	rates: RateIndex,
	sign: 1 | -1
): boolean {
	if (!isWon(d, stages)) return false;
	const at = closeOf(d);
	const month = monthKey(at);
	const owner = d.ownerId ?? '';
	const rate = rates.rateAt(d.currency, at);
	add(ledger.dealsWon, month, owner, sign);
	add(ledger.wonAmount, month, owner, rate === null ? 0 : sign * (d.amount ?? 0) * rate);
	return true;
}

export function isWon(d: GoalDeal, stages: StageLookup): boolean {
	return stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage)?.kind === 'won';
}

/** Counts the customer whose first won deal `d` is as new in its month (`sign` -1: not). */
export function countNewCustomer(ledger: GoalLedger, d: GoalDeal, sign: 1 | -1): void {
	add(ledger.newCustomers, monthKey(closeOf(d)), d.ownerId ?? '', sign);
}

/** The map of the deal's kind of customer, and the customer's id ('' for a deal with none). */
export function customerOf(firsts: Firsts, d: GoalDeal): [Map<string, GoalDeal>, string] {
	return d.organizationId
		? [firsts.organization, d.organizationId]
		: [firsts.person, d.personId ?? ''];
}

/** Whether a deal closing `at` comes before one closing `seenAt`: the earlier, then the smaller id. */
function isFirst(at: number, id: string, seenAt: number, seenId: string): boolean {
	return at < seenAt || (at === seenAt && id < seenId);
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
