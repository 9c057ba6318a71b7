/**
 * The deals' part of the goals' ledger (goals/progress.ts), kept from one deals array to the
 * next: a deal edited counts that deal again, not the 20,000 (the full pass was 5–12 ms of each
 * deal edit's update on a dashboard). The live lists rebuild only the rows of the records that
 * changed, so the deals at their old places are compared by identity; each changed deal's old
 * row is taken out of its month and its new one put in, and the customers of either have their
 * first won deal found again (a pass over the deals for that customer). Anything else — a deal
 * added or removed, rows out of their places, many changed, other pipelines or rates — counts
 * every deal again, as the first call does.
 */
import type { DealRow } from '../record-types';
import type { RateIndex } from '../forecast/rates';
import { StageLookup } from '../forecast/stage-lookup';
import type { Pipeline } from '../pipelines/pipeline';
import {
	countNewCustomer,
	countWon,
	customerOf,
	dealsLedger,
	isWon,
	type Firsts,
	type GoalDeal,
	type GoalLedger
} from '../goals/progress';

/** More changed deals than this in one step: counting them all again is as quick. */
const MOST_CHANGED = 256;

export class GoalDealsLedger {
	#deals: readonly DealRow[] | null = null;
	#pipelines: readonly Pipeline[] | null = null;
	#rates: RateIndex | null = null;
	#stages = new StageLookup([]);
	#ledger: GoalLedger | null = null;
	#firsts: Firsts = { organization: new Map(), person: new Map() };

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
		if (changed === null) {
			this.#pipelines = pipelines;
			this.#rates = rates;
			this.#stages = new StageLookup(pipelines);
			({ ledger: this.#ledger, firsts: this.#firsts } = dealsLedger(deals, this.#stages, rates));
			return this.#ledger;
		}
		// A new ledger object (its maps changed in place), so a reader sees that it changed.
		const ledger: GoalLedger = { ...this.#ledger! };
		const customers = new Set<string>();
		const note = (d: GoalDeal) => {
			if (!isWon(d, this.#stages)) return;
			const [byCustomer, id] = customerOf(this.#firsts, d);
			if (id) customers.add((byCustomer === this.#firsts.organization ? 'o' : 'p') + id);
		};
		for (const [was, now] of changed) {
			countWon(ledger, was, this.#stages, rates, -1);
			countWon(ledger, now, this.#stages, rates, 1);
			note(was);
			note(now);
		}
		for (const key of customers) this.#findFirst(ledger, key[0] === 'o', key.slice(1));
		return (this.#ledger = ledger);
	}

	/** The customer's first won deal found again among the deals; counted anew if it moved. */
	#findFirst(ledger: GoalLedger, organization: boolean, customer: string): void {
		const byCustomer = organization ? this.#firsts.organization : this.#firsts.person;
		const { firsts } = dealsLedger(
			this.#deals!.filter((d) =>
				organization ? d.organizationId === customer : !d.organizationId && d.personId === customer
			),
			this.#stages,
			this.#rates!
		);
		const now = (organization ? firsts.organization : firsts.person).get(customer);
		const was = byCustomer.get(customer);
		if (was === now) return;
		if (was) countNewCustomer(ledger, was, -1);
		if (now) countNewCustomer(ledger, now, 1);
		if (now) byCustomer.set(customer, now);
		else byCustomer.delete(customer);
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
