/**
 * The purchases engine, run in the purchases worker: reads every month of orders and
 * interactions straight from the device's copy of the workspace (stored-months.ts: the months
 * not open on the page too; a month re-read only when its stored rows changed, and a recent
 * month only for its new rows), and keeps every customer's buying pattern and effort from the
 * facts that come and go (domain/purchases/ledger.ts, effort-ledger.ts): an edited order
 * re-tallies its customers alone, then one scoring pass ranks everyone.
 */
import type { DeviceDocsDb } from '$lib/data/device-docs-db';
import { RateIndex, type ExchangeRate } from '$lib/domain/forecast/rates';
import { interaction, order } from '$lib/domain/record-types';
import { validateInteraction } from '$lib/domain/record-types/interaction';
import { validateOrder } from '$lib/domain/record-types/order';
import type { EffortProfile } from '$lib/domain/purchases/effort';
import { EffortLedger } from '$lib/domain/purchases/effort-ledger';
import {
	interactionFact,
	orderFact,
	sameInteractionFact,
	sameOrderFact,
	type InteractionFact,
	type OrderFact
} from '$lib/domain/purchases/facts';
import { ProfileLedger } from '$lib/domain/purchases/ledger';
import type { PurchaseProfile } from '$lib/domain/purchases/profile';
import { StoredMonths } from './stored-months';

export interface Computed {
	profiles: ReadonlyMap<string, PurchaseProfile>;
	effort: ReadonlyMap<string, EffortProfile>;
	/** Customers whose profile or effort is new, changed or gone since the last computation. */
	changed: Set<string>;
	/** Documents read from the device this time (the others came from the cache). */
	readDocs: number;
	/** The first computation: `changed` is every customer, and whoever is not in it is none. */
	full: boolean;
	/** Of the time taken, how long reading and applying the stored rows took (ms). */
	readMs: number;
}

export class PurchasesEngine {
	private readonly ledger = new ProfileLedger();
	private readonly effortLedger = new EffortLedger();
	private readonly orders = new StoredMonths<OrderFact>(
		order.collection,
		(fields, id) => orderFact(id, validateOrder(fields).value),
		{
			add: (_, f) => this.ledger.add(f),
			remove: (_, f) => this.ledger.remove(f),
			same: sameOrderFact
		}
	);
	private readonly interactions = new StoredMonths<InteractionFact>(
		interaction.collection,
		(fields) => interactionFact(validateInteraction(fields).value),
		{
			add: (id, f) => this.effortLedger.add(id, f),
			remove: (id, f) => this.effortLedger.remove(id, f),
			same: sameInteractionFact
		}
	);
	private computed = false;

	constructor(
		private readonly db: DeviceDocsDb,
		private readonly ws: string
	) {}

	async compute(currency: string, rates: readonly ExchangeRate[], now: number): Promise<Computed> {
		const full = !this.computed;
		const started = performance.now();
		const readDocs = await this.read();
		const readMs = performance.now() - started;
		const ratesKey = JSON.stringify([currency, rates]);
		const bought = this.ledger.compute(new RateIndex(currency, rates), ratesKey, now);
		const spent = this.effortLedger.compute(now);
		this.computed = true;
		const changed = bought.changed;
		for (const id of spent.changed) changed.add(id);
		return { profiles: bought.profiles, effort: spent.effort, changed, readDocs, full, readMs };
	}

	/** Every counted order and interaction the engine holds (what a full computation reads). */
	facts(): { orders: OrderFact[]; interactions: InteractionFact[] } {
		return { orders: this.orders.facts(), interactions: this.interactions.facts() };
	}

	/** The rows stored since the last read, in the same read transaction as the ids: they agree. */
	private async read(): Promise<number> {
		const { db, ws } = this;
		const families = [this.orders, this.interactions] as const;
		const { stored, updates } = await db.transaction('r', db.updates, async () => {
			const stored = await Promise.all(families.map((f) => f.rows(db, ws)));
			const ids = families.flatMap((f, i) => f.toRead(stored[i]));
			const rows = ids.length ? await db.updates.bulkGet(ids) : [];
			const updates = new Map<number, Uint8Array>();
			for (const row of rows) if (row?.id !== undefined) updates.set(row.id, row.update);
			return { stored, updates };
		});
		return families.reduce((n, f, i) => n + f.apply(stored[i], updates), 0);
	}
}
