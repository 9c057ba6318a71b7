/**
 * Effort kept from change to change (as ledger.ts keeps buying patterns): each customer's
 * interactions by id, re-added up only for the customers an interaction of changed — and, as
 * the clock moves, for those with interactions still to come (a planned meeting becomes effort
 * once it is past). Equals buildEffort over the same interactions (ledger.test.ts).
 */
import type { EffortProfile } from './effort';
import { customersOf, type InteractionFact } from './facts';

export class EffortLedger {
	private readonly facts = new Map<string, Map<string, InteractionFact>>();
	private readonly effort = new Map<string, EffortProfile>();
	private readonly dirty = new Set<string>();
	/** Customers with an interaction after `now` when last added up. */
	private readonly future = new Set<string>();
	private now = -Infinity;

	add(id: string, fact: InteractionFact): void {
		for (const customer of customersOf(fact)) {
			let mine = this.facts.get(customer);
			if (!mine) this.facts.set(customer, (mine = new Map()));
			mine.set(id, fact);
			this.dirty.add(customer);
		}
	}

	remove(id: string, fact: InteractionFact): void {
		for (const customer of customersOf(fact)) {
			const mine = this.facts.get(customer);
			if (!mine?.delete(id)) continue;
			if (mine.size === 0) this.facts.delete(customer);
			this.dirty.add(customer);
		}
	}

	/** Every customer's effort at `now`, with the customers whose effort is new, changed or gone. */
	compute(now: number): { effort: ReadonlyMap<string, EffortProfile>; changed: Set<string> } {
		// Later: only interactions still to come may have become past. Earlier (a clock set
		// back): any may be future again.
		const moved = now > this.now ? this.future : now < this.now ? this.facts.keys() : [];
		for (const id of moved) this.dirty.add(id);
		this.now = now;
		const changed = new Set<string>();
		for (const id of this.dirty) {
			this.future.delete(id);
			const next = this.sum(id, now);
			const old = this.effort.get(id);
			if (next) this.effort.set(id, next);
			else this.effort.delete(id);
			if (!same(old, next)) changed.add(id);
		}
		this.dirty.clear();
		return { effort: this.effort, changed };
	}

	private sum(id: string, now: number): EffortProfile | undefined {
		const mine = this.facts.get(id);
		if (!mine) return undefined;
		let minutes = 0;
		const times: number[] = [];
		for (const f of mine.values()) {
			if (f.at > now) {
				this.future.add(id);
				continue;
			}
			minutes += f.minutes;
			times.push(f.at);
		}
		if (times.length === 0) return undefined;
		times.sort((a, b) => a - b);
		return { interactions: times.length, minutes, interactionTimes: times };
	}
}

function same(a: EffortProfile | undefined, b: EffortProfile | undefined): boolean {
	if (!a || !b) return a === b;
	if (a.interactions !== b.interactions || a.minutes !== b.minutes) return false;
	return a.interactionTimes.every((t, i) => t === b.interactionTimes[i]);
}
