/**
 * The deals' part of the goals' ledger (goals/progress.ts), kept from one deals array to the
 * next: a deal edited counts that deal again, not the 20,000 (the full pass was 5–12 ms of each
 * deal edit's update on a dashboard). The live lists rebuild only the rows of the records that
 * changed, so the deals at their old places are compared by identity; each changed deal's old
 * row is taken out of its month and its new one put in, and the customers of either have their
 * first won deal found again (one pass over the deals for all of them). Anything else — a deal
 * added or removed, rows out of their places, many changed, other pipelines or rates — counts
 * every deal again, as the first call does.
 */
import type { DealRow } from '../record-types';
import type { RateIndex } from '../forecast/rates';
import { StageLookup } from '../forecast/stage-lookup';
import type { Pipeline } from '../pipelines/pipeline';
import {
	countDeal,
	countFirsts,
	countNewCustomer,
	countWon,
	customerOf,
	dealsLedger,
	emptyLedger,
	isWon,
	type Firsts,
	type GoalLedger
} from '../goals/progress';
import { endTurn, mayStopAt } from './turns';

/** More changed deals than this in one step: counting them all again is as quick. */
const MOST_CHANGED = 256;

export class GoalDealsLedger {
	#deals: readonly DealRow[] | null = null;
	#pipelines: readonly Pipeline[] | null = null;
	#rates: RateIndex | null = null;
	#stages = new StageLookup([]);
	#ledger: GoalLedger | null = null;
	#firsts: Firsts = { organization: new Map(), person: new Map() };
	/** A count of every deal stopped when its turn's time was up: what it had, where to go on. */
	#cut: { deals: readonly DealRow[]; ledger: GoalLedger; firsts: Firsts; next: number } | null =
		null;

	/** The ledger of `deals` (no activities), counting only what changed since the last call. */
	ledgerOf(
		deals: readonly DealRow[],
		pipelines: readonly Pipeline[],
		rates: RateIndex
	): GoalLedger {
		if (
			this.#ledger &&
			deals === this.#deals &&
			pipelines === this.#pipelines &&
			rates === this.#rates
		)
			return this.#ledger;
		const changed =
			this.#ledger && pipelines === this.#pipelines && rates === this.#rates
				? changedDeals(this.#deals!, deals)
				: null;
		this.#deals = deals;
		if (changed === null) return this.#countAll(deals, pipelines, rates);
		// A new ledger object (its maps changed in place), so a reader sees that it changed.
		const ledger: GoalLedger = { ...this.#ledger! };
		const customers: Firsts = { organization: new Map(), person: new Map() };
		for (const [was, now] of changed) {
			countWon(ledger, was, this.#stages, rates, -1);
			countWon(ledger, now, this.#stages, rates, 1);
			for (const d of [was, now]) {
				if (!isWon(d, this.#stages)) continue;
				const [byCustomer, id] = customerOf(customers, d);
				if (id) byCustomer.set(id, d);
			}
		}
		this.#findFirsts(ledger, customers);
		return (this.#ledger = ledger);
	}

	/**
	 * Counts every deal. In turns (turns.ts) the count stops once its turn's time is up and goes
	 * on from there when given the same deals; given others, it counts them to the end at once
	 * (a count started again each time the deals change might never end).
	 */
	#countAll(
		deals: readonly DealRow[],
		pipelines: readonly Pipeline[],
		rates: RateIndex
	): GoalLedger {
		const cut = this.#cut;
		this.#cut = null;
		const resumed =
			cut?.deals === deals && pipelines === this.#pipelines && rates === this.#rates ? cut : null;
		if (!resumed) {
			this.#pipelines = pipelines;
			this.#rates = rates;
			this.#stages = new StageLookup(pipelines);
		}
		const ledger = resumed?.ledger ?? emptyLedger();
		const firsts = resumed?.firsts ?? { organization: new Map(), person: new Map() };
		const from = resumed?.next ?? 0;
		const inTurns = resumed !== null || cut === null;
		this.#ledger = null;
		for (let i = from; i < deals.length; i++) {
			if (inTurns && mayStopAt(i, from)) {
				this.#cut = { deals, ledger, firsts, next: i };
				endTurn();
			}
			countDeal(ledger, firsts, deals[i], this.#stages, rates);
		}
		countFirsts(ledger, firsts);
		this.#firsts = firsts;
		return (this.#ledger = ledger);
	}

	/**
	 * The first won deal of each of `customers` (the keys) found again, in one pass over the
	 * deals; a customer whose first moved is counted anew.
	 */
	#findFirsts(ledger: GoalLedger, customers: Firsts): void {
		const { organization, person } = customers;
		// Most edits touch no won deal: nobody's first can have moved.
		if (organization.size === 0 && person.size === 0) return;
		// The customer read inline: customerOf's pair per deal was ~4 ms of 20,000 (traced).
		const theirs = this.#deals!.filter((d) =>
			d.organizationId ? organization.has(d.organizationId) : person.has(d.personId ?? '')
		);
		const { firsts } = dealsLedger(theirs, this.#stages, this.#rates!);
		for (const kind of ['organization', 'person'] as const)
			for (const customer of customers[kind].keys()) {
				const was = this.#firsts[kind].get(customer);
				const now = firsts[kind].get(customer);
				if (was === now) continue;
				if (was) countNewCustomer(ledger, was, -1);
				if (now) countNewCustomer(ledger, now, 1);
				if (now) this.#firsts[kind].set(customer, now);
				else this.#firsts[kind].delete(customer);
			}
	}
}

/** The deals changed in their places ([old row, new row]), or null when counting all again is
 * the way: a deal came or went, one is out of its place, or many changed. */
function changedDeals(
	before: readonly DealRow[],
	now: readonly DealRow[]
): [DealRow, DealRow][] | null {
	if (before.length !== now.length) return null;
	const changed: [DealRow, DealRow][] = [];
	for (let i = 0; i < now.length; i++) {
		const was = before[i];
		const row = now[i];
		if (was === row) continue;
		if (was.id !== row.id || changed.length === MOST_CHANGED) return null;
		changed.push([was, row]);
	}
	return changed;
}
