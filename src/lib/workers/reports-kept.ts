/**
 * What the reports engine read of each stored document (a month's order facts, a shard's
 * sources), kept on the device with the document's fingerprint (stored rows and newest row
 * id): the next worker — the next visit — takes a month whose rows did not change from here
 * instead of decoding its lines again (24 months of 1M order lines decoded took 16 s). A
 * compaction or any write changes the fingerprint: that document is decoded once more.
 *
 * Its own database: it can be dropped at any time (it is rebuilt from the documents), and no
 * other database's schema moves with it.
 */
import Dexie, { type Table } from 'dexie';
import { within } from '$lib/data/bounded';

/** How long a read or write of the kept facts may take before the engine decodes instead. */
const STORAGE_MS = 10_000;

export interface KeptFacts {
	ws: string;
	doc: string;
	print: string;
	facts: unknown[];
}

export class ReportFactsDb extends Dexie {
	facts!: Table<KeptFacts, [string, string]>;

	constructor(name = 'crm-report-facts') {
		super(name);
		this.version(1).stores({ facts: '[ws+doc]' });
	}
}

/** The kept facts of these documents whose fingerprint is still the one given. */
export async function keptFacts(
	db: ReportFactsDb,
	ws: string,
	wanted: readonly (readonly [doc: string, print: string])[]
): Promise<Map<string, unknown[]>> {
	const out = new Map<string, unknown[]>();
	if (wanted.length === 0) return out;
	const rows = await within(
		db.facts.bulkGet(wanted.map(([doc]): [string, string] => [ws, doc])),
		STORAGE_MS,
		[]
	);
	rows.forEach((row, i) => {
		if (row && row.print === wanted[i][1]) out.set(row.doc, row.facts);
	});
	return out;
}

/** Keeps what was read of these documents (a failed write only costs a decode next time). */
export async function keepFacts(
	db: ReportFactsDb,
	ws: string,
	read: readonly { doc: string; print: string; facts: unknown[] }[]
): Promise<void> {
	if (read.length === 0) return;
	await within(
		db.facts.bulkPut(read.map(({ doc, print, facts }) => ({ ws, doc, print, facts }))),
		STORAGE_MS,
		undefined
	);
}

/** Lets go of kept facts of documents no longer stored. */
export async function forgetFacts(db: ReportFactsDb, ws: string, docs: readonly string[]) {
	if (docs.length === 0) return;
	await within(
		db.facts.bulkDelete(docs.map((doc): [string, string] => [ws, doc])),
		STORAGE_MS,
		undefined
	);
}
