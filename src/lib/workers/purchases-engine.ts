/**
 * The purchases engine, run in the purchases worker: reads every month of orders and
 * interactions straight from the device's copy of the workspace (data/device-docs-db.ts: the
 * months not open on the page too), keeps what it needs of each month (facts) with the month's
 * fingerprint — how many stored rows and the newest row id, which change with every write and
 * compaction — so an edit in one month re-reads only that month, and computes every customer's
 * buying pattern and effort from the merged facts.
 */
import * as Y from 'yjs';
import { DeviceDocsDb } from '$lib/data/device-docs-db';
import { isDeleted, readRecord } from '$lib/data/layout';
import { RateIndex, type ExchangeRate } from '$lib/domain/forecast/rates';
import { interaction, order } from '$lib/domain/record-types';
import { validateInteraction } from '$lib/domain/record-types/interaction';
import { validateOrder } from '$lib/domain/record-types/order';
import { buildProfiles } from '$lib/domain/purchases/build';
import { buildEffort, type EffortProfile } from '$lib/domain/purchases/effort';
import {
	customersOf,
	interactionFact,
	orderFact,
	type InteractionFact,
	type OrderFact
} from '$lib/domain/purchases/facts';
import type { PurchaseProfile } from '$lib/domain/purchases/profile';

interface Month<T> {
	print: string;
	facts: T[];
}

export interface Computed {
	profiles: ReadonlyMap<string, PurchaseProfile>;
	effort: ReadonlyMap<string, EffortProfile>;
	/** Customers whose profile or effort is new, changed or gone since the last computation. */
	changed: Set<string>;
	/** Documents read from the device this time (the others came from the cache). */
	readDocs: number;
	/** The first computation: `changed` is every customer, and whoever is not in it is none. */
	full: boolean;
}

export class PurchasesEngine {
	private readonly orders = new Map<string, Month<OrderFact>>();
	private readonly interactions = new Map<string, Month<InteractionFact>>();
	private profiles = new Map<string, PurchaseProfile>();
	private effort = new Map<string, EffortProfile>();
	private ratesKey = '';

	constructor(
		private readonly db: DeviceDocsDb,
		private readonly ws: string
	) {}

	async compute(currency: string, rates: readonly ExchangeRate[], now: number): Promise<Computed> {
		const touched = new Set<string>();
		const full = this.ratesKey === '';
		const { orderDocs, interactionDocs, readDocs } = await this.read();
		const orderFacts = this.update(this.orders, orderDocs, readOrders, touched);
		const effortFacts = this.update(this.interactions, interactionDocs, readInteractions, touched);

		const ratesKey = JSON.stringify([currency, rates]);
		const allTouched = ratesKey !== this.ratesKey;
		this.ratesKey = ratesKey;
		const profiles = buildProfiles(orderFacts, new RateIndex(currency, rates), now);
		const effort = buildEffort(effortFacts, now);

		const changed = new Set<string>();
		for (const id of effort.keys()) if (full) changed.add(id);
		for (const [id, p] of profiles)
			if (allTouched || touched.has(id) || !sameFigures(this.profiles.get(id), p)) changed.add(id);
		for (const id of this.profiles.keys()) if (!profiles.has(id)) changed.add(id);
		for (const id of touched) if (effort.has(id) || this.effort.has(id)) changed.add(id);
		this.profiles = profiles;
		this.effort = effort;
		return { profiles, effort, changed, readDocs, full };
	}

	/** The months whose fingerprint changed, read in one transaction with the fingerprints. */
	private async read() {
		const { db, ws } = this;
		return db.transaction('r', db.updates, async () => {
			const prints = new Map<string, { rows: number; newest: number }>();
			for (const family of [order.collection, interaction.collection])
				await db.updates
					.where('[ws+doc]')
					.between([ws, `${family}.`], [ws, `${family}.\uffff`], true, true)
					.eachPrimaryKey((id, cursor) => {
						const doc = (cursor.key as [string, string])[1];
						const p = prints.get(doc) ?? { rows: 0, newest: 0 };
						p.rows++;
						p.newest = Math.max(p.newest, id as number);
						prints.set(doc, p);
					});
			const printOf = new Map([...prints].map(([doc, p]) => [doc, `${p.rows}:${p.newest}`]));
			const stale = [...printOf]
				.filter(([doc, print]) => this.cached(doc)?.print !== print)
				.map(([doc]) => [ws, doc]);
			const rows = stale.length ? await db.updates.where('[ws+doc]').anyOf(stale).toArray() : [];
			const updates = new Map<string, Uint8Array[]>();
			for (const row of rows) {
				const list = updates.get(row.doc);
				if (list) list.push(row.update);
				else updates.set(row.doc, [row.update]);
			}
			const docs = (family: string) =>
				new Map(
					[...printOf]
						.filter(([doc]) => doc.startsWith(`${family}.`))
						.map(([doc, print]) => [doc, { print, updates: updates.get(doc) ?? null }])
				);
			return {
				orderDocs: docs(order.collection),
				interactionDocs: docs(interaction.collection),
				readDocs: updates.size
			};
		});
	}

	private cached(doc: string): Month<unknown> | undefined {
		return this.orders.get(doc) ?? this.interactions.get(doc);
	}

	/**
	 * Replaces the facts of every month read again and drops the months no longer stored; adds
	 * the customers of replaced facts (old and new) to `touched`. Returns every month's facts.
	 */
	private update<T extends OrderFact | InteractionFact>(
		cache: Map<string, Month<T>>,
		docs: Map<string, { print: string; updates: Uint8Array[] | null }>,
		readFacts: (map: Y.Map<Y.Map<unknown>>) => T[],
		touched: Set<string>
	): T[] {
		const touch = (facts: readonly T[]) => {
			for (const f of facts) for (const id of customersOf(f)) touched.add(id);
		};
		for (const [doc, month] of cache)
			if (!docs.has(doc)) {
				touch(month.facts);
				cache.delete(doc);
			}
		for (const [doc, { print, updates }] of docs) {
			if (!updates) continue;
			const old = cache.get(doc);
			if (old) touch(old.facts);
			const facts = readFacts(decode(updates).getMap(familyName(doc)) as Y.Map<Y.Map<unknown>>);
			touch(facts);
			cache.set(doc, { print, facts });
		}
		return [...cache.values()].flatMap((m) => m.facts);
	}
}

function familyName(doc: string): string {
	return doc.slice(0, doc.indexOf('.'));
}

/** A document from its stored rows; a row that is not a valid update is left out. */
function decode(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of updates)
			try {
				Y.applyUpdate(doc, update);
			} catch {
				// Reported by the page's own load (DeviceDocs.onSkippedRow); nothing to add here.
			}
	});
	return doc;
}

function readOrders(map: Y.Map<Y.Map<unknown>>): OrderFact[] {
	const out: OrderFact[] = [];
	map.forEach((record, id) => {
		if (!(record instanceof Y.Map) || isDeleted(record)) return;
		const fact = orderFact(id, validateOrder(readRecord(record)).value);
		if (fact) out.push(fact);
	});
	return out;
}

function readInteractions(map: Y.Map<Y.Map<unknown>>): InteractionFact[] {
	const out: InteractionFact[] = [];
	map.forEach((record) => {
		if (!(record instanceof Y.Map) || isDeleted(record)) return;
		const fact = interactionFact(validateInteraction(readRecord(record)).value);
		if (fact) out.push(fact);
	});
	return out;
}

/** Whether the figures that move without an order of the customer changing are the same. */
function sameFigures(a: PurchaseProfile | undefined, b: PurchaseProfile): boolean {
	return (
		!!a &&
		a.recencyDays === b.recencyDays &&
		a.daysOverdue === b.daysOverdue &&
		a.churnRisk === b.churnRisk &&
		a.rfm.r === b.rfm.r &&
		a.rfm.f === b.rfm.f &&
		a.rfm.m === b.rfm.m
	);
}
