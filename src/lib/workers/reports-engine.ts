/**
 * The reports engine, run in the reports worker: the customer reports that read every order
 * line of every month (revenue by category and by value tier, new customers, retention) are
 * computed here, off the page, from the device's copy of the workspace. As the purchases engine
 * does, it keeps what it needs of each stored document (order facts per month; each person's
 * and organization's source per shard) with the document's fingerprint — how many stored rows
 * and the newest row id — so an edit re-reads only the document it touched. People and
 * organizations are read only for a report that asks for sources.
 */
import * as Y from 'yjs';
import { DeviceDocsDb } from '$lib/data/device-docs-db';
import { isDeleted, isStoredRecord, readRecord, type ShardMap } from '$lib/data/layout';
import { RateIndex } from '$lib/domain/forecast/rates';
import { order, organization, person } from '$lib/domain/record-types';
import { validateOrder } from '$lib/domain/record-types/order';
import { orderFact, type OrderFact } from '$lib/domain/purchases/facts';
import { reportOf } from '$lib/domain/reports';
import type { CustomerReportInput } from '$lib/domain/reports/customer-input';
import type { WonDeal } from '$lib/domain/reports/customer-events';
import type { ReportFilters, ReportResult } from '$lib/domain/reports/report';
import type { ReportRequest } from './reports-protocol';
import { forgetFacts, keepFacts, keptFacts, type ReportFactsDb } from './reports-kept';

/** A request with its won deals (the worker keeps the last list sent: see ReportRequest). */
export type EngineRequest = Omit<ReportRequest, 'wonDeals'> & { wonDeals: WonDeal[] };

/** Told how many of the documents being read are done, of how many. */
export type Progress = (done: number, total: number) => void;

interface Cached<T> {
	print: string;
	facts: T[];
}

/** A person's or organization's source, and a person's organization (whose source is theirs
 * when they have none). */
interface SourceFact {
	id: string;
	source: string;
	organizationId: string | null;
}

/** The reports that need people's sources: only they read the people documents. */
const NEEDS_SOURCES = new Set(['new-customers']);

export class ReportsEngine {
	private readonly docs = new Map<string, Cached<OrderFact | SourceFact>>();
	private orders: OrderFact[] | null = null;
	private sources: Map<string, SourceFact> | null = null;
	/** Documents decoded by the last computation (the others came from memory or were kept). */
	readDocs = 0;
	/** Documents whose facts the last computation took from those kept on the device. */
	keptDocs = 0;

	constructor(
		private readonly db: DeviceDocsDb,
		private readonly ws: string,
		/** Facts kept on the device from an earlier worker's reading (none: decode each time). */
		private readonly kept: ReportFactsDb | null = null
	) {}

	/** `progress` hears how many of the documents to read again are decoded (none: no call). */
	async compute(req: EngineRequest, progress?: Progress): Promise<ReportResult> {
		const report = reportOf(req.reportId);
		if (!report) throw new Error(`There is no report "${req.reportId}" in this version.`);
		const withSources = NEEDS_SOURCES.has(req.reportId);
		await this.read(withSources ? [order, person, organization] : [order], progress);
		const sources = withSources ? this.sources! : null;
		const input: CustomerReportInput = {
			rows: {},
			pipelines: [],
			currency: req.currency,
			rates: new RateIndex(req.currency, req.rates),
			members: [],
			now: req.now,
			timeZone: req.timeZone,
			orders: this.orders ?? [],
			wonDeals: req.wonDeals,
			tierFloors: req.tierFloors,
			...(sources
				? {
						sourceOf: (id: string) => {
							const p = sources.get(id);
							const own = p?.source.trim();
							if (own || !p?.organizationId) return own;
							return sources.get(p.organizationId)?.source;
						}
					}
				: {})
		};
		const filters: ReportFilters = {
			...req.filters,
			segmentPeople: req.filters.segmentPeople ? new Set(req.filters.segmentPeople) : null
		};
		return report.compute(input, filters);
	}

	/** Reads again the documents of these families whose fingerprint changed. */
	private async read(types: readonly { collection: string }[], progress?: Progress): Promise<void> {
		const { db, ws } = this;
		const families = types.map((t) => t.collection);
		const { changed, gone } = await db.transaction('r', db.updates, async () => {
			const prints = new Map<string, { rows: number; newest: number }>();
			for (const family of families)
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
			const gone = [...this.docs.keys()].filter(
				(doc) => families.includes(familyOf(doc)) && !prints.has(doc)
			);
			const changed = [...prints]
				.map(([doc, p]) => [doc, `${p.rows}:${p.newest}`] as const)
				.filter(([doc, print]) => this.docs.get(doc)?.print !== print);
			return { changed, gone };
		});
		for (const doc of gone) this.drop(doc);
		if (this.kept) void forgetFacts(this.kept, ws, gone);
		// A document unchanged since an earlier worker read it: its facts as kept, not decoded.
		const kept = this.kept ? await keptFacts(this.kept, ws, changed) : new Map<string, unknown[]>();
		const toDecode = changed.filter(([doc]) => !kept.has(doc));
		const stale = toDecode.length
			? await db.transaction('r', db.updates, async () => {
					const rows = await db.updates
						.where('[ws+doc]')
						.anyOf(toDecode.map(([doc]) => [ws, doc]))
						.toArray();
					const updates = new Map<string, Uint8Array[]>();
					for (const row of rows) {
						const list = updates.get(row.doc);
						if (list) list.push(row.update);
						else updates.set(row.doc, [row.update]);
					}
					return toDecode.map(([doc, print]) => ({
						doc,
						print,
						updates: updates.get(doc) ?? []
					}));
				})
			: [];
		this.readDocs = stale.length;
		this.keptDocs = kept.size;
		const total = changed.length;
		let done = 0;
		for (const [doc, print] of changed) {
			const facts = kept.get(doc);
			if (!facts) continue;
			this.docs.set(doc, { print, facts: facts as (OrderFact | SourceFact)[] });
			this.invalidate(doc);
			progress?.(++done, total);
		}
		const decoded: { doc: string; print: string; facts: unknown[] }[] = [];
		for (const { doc, print, updates } of stale) {
			const map = decode(updates).getMap(familyOf(doc)) as ShardMap;
			const facts = familyOf(doc) === order.collection ? readOrders(map) : readSources(map);
			this.docs.set(doc, { print, facts });
			this.invalidate(doc);
			decoded.push({ doc, print, facts });
			progress?.(++done, total);
		}
		// Rows read after the fingerprints were taken may be newer than them: kept facts are then
		// only ever newer than their fingerprint says, and decoded again at the next change.
		if (this.kept) void keepFacts(this.kept, ws, decoded); // the result need not wait for it
		this.orders ??= this.collect(order.collection) as OrderFact[];
		if (families.includes(person.collection))
			this.sources ??= new Map(
				[
					...(this.collect(person.collection) as SourceFact[]),
					...(this.collect(organization.collection) as SourceFact[])
				].map((s) => [s.id, s])
			);
	}

	private collect(family: string): (OrderFact | SourceFact)[] {
		const out: (OrderFact | SourceFact)[] = [];
		for (const [doc, cached] of this.docs) if (familyOf(doc) === family) out.push(...cached.facts);
		return out;
	}

	private drop(doc: string): void {
		this.docs.delete(doc);
		this.invalidate(doc);
	}

	/** The merged lists are rebuilt on the next read after a document of theirs changed. */
	private invalidate(doc: string): void {
		if (familyOf(doc) === order.collection) this.orders = null;
		else this.sources = null;
	}
}

function familyOf(doc: string): string {
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

function readOrders(map: ShardMap): OrderFact[] {
	const out: OrderFact[] = [];
	map.forEach((record, id) => {
		if (!isStoredRecord(record) || isDeleted(record)) return;
		const fact = orderFact(id, validateOrder(readRecord(record)).value);
		if (fact) out.push(fact);
	});
	return out;
}

/** Only the source and organization are read: validating whole people is not needed here. */
function readSources(map: ShardMap): SourceFact[] {
	const out: SourceFact[] = [];
	map.forEach((record, id) => {
		if (!isStoredRecord(record) || isDeleted(record)) return;
		const r = readRecord(record);
		out.push({
			id,
			source: typeof r.source === 'string' ? r.source : '',
			organizationId: typeof r.organizationId === 'string' ? r.organizationId : null
		});
	});
	return out;
}
