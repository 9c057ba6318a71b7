/**
 * Buying patterns kept from change to change, so one edited order costs its customers' tallies
 * and one scoring pass, not the whole workspace: each customer's orders and tally are kept, an
 * order added or removed marks only its customers, and `compute` re-tallies just those. The RFM
 * scores rank every customer, so they are scored again whenever a tally or the clock moved —
 * over typed arrays, one slot per customer (three native sorts and binary searches, nothing
 * allocated per customer) — and a profile is rebuilt, and reported changed, only where a figure
 * moved. Equals buildProfiles over the same orders (property-tested in ledger.test.ts).
 */
import type { RateIndex } from '../forecast/rates';
import { customersOf, type OrderFact } from './facts';
import { DAY_MS } from './intervals';
import type { PurchaseProfile } from './profile';
import { quintileScoresInto } from './rfm';
import { byTime, profileOf, tallyOf, type Tally } from './tally';

export class ProfileLedger {
	/** Customer → their counted orders by id. */
	private readonly orders = new Map<string, Map<string, OrderFact>>();
	private readonly profiles = new Map<string, PurchaseProfile>();
	/** Customers whose orders changed since the last computation. */
	private readonly dirty = new Set<string>();
	private ratesKey: string | null = null;
	private now = NaN;
	// One slot per customer with a tally: 0 … size - 1, the last moved into a freed one.
	private size = 0;
	private readonly slotOf = new Map<string, number>();
	private ids: string[] = [];
	private tallies: Tally[] = [];
	/** The profile last built for each slot (set for every slot by the end of a computation). */
	private profileAt: PurchaseProfile[] = [];
	/** 1 where the slot's tally is new since its profile was built. */
	private fresh = new Uint8Array(1024);
	private last = new Float64Array(1024);
	private count = new Float64Array(1024);
	private value = new Float64Array(1024);
	private recency = new Float64Array(1024);
	private r = new Uint8Array(1024);
	private f = new Uint8Array(1024);
	private m = new Uint8Array(1024);

	add(order: OrderFact): void {
		for (const customer of customersOf(order)) {
			let mine = this.orders.get(customer);
			if (!mine) this.orders.set(customer, (mine = new Map()));
			mine.set(order.id, order);
			this.dirty.add(customer);
		}
	}

	remove(order: OrderFact): void {
		for (const customer of customersOf(order)) {
			const mine = this.orders.get(customer);
			if (!mine?.delete(order.id)) continue;
			if (mine.size === 0) this.orders.delete(customer);
			this.dirty.add(customer);
		}
	}

	/**
	 * Every customer's profile at `now`, with the customers whose profile is new, changed or gone
	 * since the last call. `ratesKey` names the rates: when it changes every customer is tallied
	 * again (each amount converts anew).
	 */
	compute(
		rates: RateIndex,
		ratesKey: string,
		now: number
	): { profiles: ReadonlyMap<string, PurchaseProfile>; changed: Set<string> } {
		const changed = new Set<string>();
		if (ratesKey !== this.ratesKey) {
			for (const id of this.slotOf.keys()) this.dirty.add(id);
			this.ratesKey = ratesKey;
		}
		for (const id of this.dirty) {
			const mine = this.orders.get(id);
			if (mine) this.place(id, tallyOf([...mine.values()].sort(byTime), rates));
			else if (this.free(id)) {
				this.profiles.delete(id);
				changed.add(id);
			}
		}
		const moved = this.dirty.size > 0;
		this.dirty.clear();
		if (!moved && now === this.now) return { profiles: this.profiles, changed };
		this.now = now;

		const n = this.size;
		const { ids, tallies, profileAt, last, recency, r, f, m, fresh } = this;
		for (let i = 0; i < n; i++) recency[i] = Math.max(0, Math.floor((now - last[i]) / DAY_MS));
		quintileScoresInto(recency, n, true, r);
		// Order counts and values rank the same until an order changes.
		if (moved) {
			quintileScoresInto(this.count, n, false, f);
			quintileScoresInto(this.value, n, false, m);
		}
		for (let i = 0; i < n; i++) {
			const old = profileAt[i];
			if (
				!fresh[i] &&
				old.recencyDays === recency[i] &&
				old.rfm.r === r[i] &&
				old.rfm.f === f[i] &&
				old.rfm.m === m[i]
			)
				// Days overdue and churn risk follow from these: the due day is whole days on.
				continue;
			fresh[i] = 0;
			const id = ids[i];
			const p = profileOf(id, tallies[i], { r: r[i], f: f[i], m: m[i] }, now);
			profileAt[i] = p;
			this.profiles.set(id, p);
			changed.add(id);
		}
		return { profiles: this.profiles, changed };
	}

	/** Puts a customer's tally in their slot (a new one at the end). */
	private place(id: string, t: Tally): void {
		let slot = this.slotOf.get(id);
		if (slot === undefined) {
			slot = this.size++;
			this.slotOf.set(id, slot);
			if (slot === this.last.length) this.grow();
		}
		this.ids[slot] = id;
		this.tallies[slot] = t;
		this.fresh[slot] = 1;
		this.last[slot] = t.last;
		this.count[slot] = t.orderCount;
		this.value[slot] = t.value;
	}

	/** Frees a customer's slot, moving the last slot's customer into it; false if none. */
	private free(id: string): boolean {
		const slot = this.slotOf.get(id);
		if (slot === undefined) return false;
		this.slotOf.delete(id);
		const end = --this.size;
		if (slot !== end) {
			const moved = this.ids[end];
			this.slotOf.set(moved, slot);
			this.ids[slot] = moved;
			this.tallies[slot] = this.tallies[end];
			this.profileAt[slot] = this.profileAt[end];
			this.fresh[slot] = this.fresh[end];
			this.last[slot] = this.last[end];
			this.count[slot] = this.count[end];
			this.value[slot] = this.value[end];
		}
		this.ids.length = end;
		this.tallies.length = end;
		this.profileAt.length = end;
		return true;
	}

	private grow(): void {
		const wider = <A extends Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
			const b = make(a.length * 2);
			b.set(a);
			return b;
		};
		const f64 = (n: number) => new Float64Array(n);
		const u8 = (n: number) => new Uint8Array(n);
		this.last = wider(this.last, f64);
		this.count = wider(this.count, f64);
		this.value = wider(this.value, f64);
		this.recency = wider(this.recency, f64);
		this.r = wider(this.r, u8);
		this.f = wider(this.f, u8);
		this.m = wider(this.m, u8);
		this.fresh = wider(this.fresh, u8);
	}
}
