/**
 * The last computed result of each dashboard card, kept on this device, so a dashboard opened
 * while the workspace is still opening (or the reports worker still reading every month of
 * orders) shows its figures at once — marked as of when they were computed — until the live
 * figures replace them.
 *
 * An entry is keyed by what its figures depend on besides the data: the report, the filters
 * (the period as the instants it covers, so "this quarter" of last quarter is another entry;
 * owner, team, pipeline and segment as chosen) and the time zone. The data's part is kept with
 * it: the state of the whole workspace when the figures were computed (`workspaceInputs`).
 * Compared once the workspace has opened, a different state means the figures may no longer
 * hold and the card says so; before, the card says only "as of" — never that they are current.
 * Any change counts, not only of the types the report reads: conservative, and cheap.
 *
 * Its own small database (not local-db.ts: that one's schema follows each build); at most
 * `LIMIT` entries a workspace, the least recently written let go. Only the figures are kept, not
 * the records behind them (drill-pack.ts `figuresOnly`): a kept card's links name the figure,
 * and the report's page lists its records from the live data. At full size (1M order lines) a
 * card's record ids made a 93 ms write and a 131 ms read on the main thread.
 */
import Dexie, { type Table } from 'dexie';
import * as Y from 'yjs';
import { within } from '$lib/data/bounded';
import { deviceDocsDb, type DeviceDocsDb } from '$lib/data/device-docs-db';
import type { Workspace } from '$lib/data/workspace.svelte';
import { figuresOnly, unpackDrills, type PackedResult } from '$lib/domain/reports/drill-pack';
import type { ReportResult } from '$lib/domain/reports/report';
import { spansOf, type DashboardFilters } from './dashboards';

/** Entries kept per workspace. */
export const LIMIT = 200;
/** How long a read or write of the kept results may take before the card does without. */
export const STORAGE_MS = 3_000;

export interface StoredCardResult {
	ws: string;
	key: string;
	packed: PackedResult;
	/** When the figures were computed (ms). */
	at: number;
	/** The workspace's data then (`workspaceInputs`). */
	inputs: string;
}

/** A kept result as a card shows it. */
export interface KeptResult {
	result: ReportResult;
	at: number;
	/** The workspace's data changed since it was computed; null: not known yet (still opening). */
	changed: boolean | null;
	/** The workspace's data it was computed from (`workspaceInputs`). */
	inputs: string;
}

export class CardResultsDb extends Dexie {
	results!: Table<StoredCardResult, [string, string]>;

	constructor(name = 'crm-card-results') {
		super(name);
		this.version(1).stores({ results: '[ws+key], [ws+at]' });
	}
}

let shared: CardResultsDb | null = null;
function cardResultsDb(): CardResultsDb {
	shared ??= new CardResultsDb();
	return shared;
}

/**
 * What a card's figures depend on besides the data: the report, the dashboard's filters as
 * chosen, the period and its comparison as the instants they cover now, and the time zone.
 */
export function cardResultKey(
	reportId: string,
	filters: DashboardFilters,
	now: number,
	timeZone: string
): string {
	const { span, previous } = spansOf(filters.period, filters.compare, now, timeZone);
	return JSON.stringify([
		reportId,
		span.from,
		span.to,
		previous?.from ?? null,
		previous?.to ?? null,
		filters.ownerId,
		filters.teamId,
		filters.pipelineId,
		filters.segmentId,
		timeZone
	]);
}

/**
 * The state of a workspace's data, as a short text: for each open document, how many items
 * its clients have made (its state vector's clocks summed: every edit adds, a compaction of
 * its stored rows changes nothing); for each document stored but not open (old months), how
 * many rows are stored and the newest row's id. Null until the workspace has opened (before,
 * the open documents are not all applied) or when storage does not answer in time.
 */
export async function workspaceInputs(
	ws: Workspace,
	db: DeviceDocsDb = deviceDocsDb()
): Promise<string | null> {
	if (!ws.loaded) return null;
	const stored = await within(storedPrints(ws.id, db), STORAGE_MS, null);
	return stored && ws.loaded ? inputsOf(ws.docs.entries(), stored) : null;
}

/** Per stored document of the workspace: its rows and newest row id, from the index's keys. */
export function storedPrints(ws: string, db: DeviceDocsDb): Promise<Map<string, string>> {
	return db.transaction('r', db.updates, async () => {
		const rows = new Map<string, { n: number; newest: number }>();
		await db.updates
			.where('[ws+doc]')
			.between([ws, Dexie.minKey], [ws, Dexie.maxKey], true, true)
			.eachPrimaryKey((id, cursor) => {
				const doc = (cursor.key as [string, string])[1];
				const p = rows.get(doc) ?? { n: 0, newest: 0 };
				p.n++;
				p.newest = Math.max(p.newest, id as number);
				rows.set(doc, p);
			});
		return new Map([...rows].map(([doc, p]) => [doc, `${p.n}:${p.newest}`]));
	});
}

/** The open documents' item counts and the others' stored rows, hashed to a short text. */
export function inputsOf(
	open: Iterable<[string, Y.Doc]>,
	stored: ReadonlyMap<string, string>
): string {
	const parts: string[] = [];
	const isOpen = new Set<string>();
	for (const [name, doc] of open) {
		isOpen.add(name);
		let items = 0;
		for (const clock of Y.decodeStateVector(Y.encodeStateVector(doc)).values()) items += clock;
		parts.push(`${name}=${items}`);
	}
	for (const [name, print] of stored) if (!isOpen.has(name)) parts.push(`${name}:${print}`);
	return hash(parts.sort().join('|'));
}

/** A 53-bit hash (cyrb53) in base 36: ~1 in 10^15 that two states read the same. */
function hash(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The kept results of these keys, each marked changed unless kept with `inputs` (null: not known). */
export async function readCardResults(
	ws: string,
	keys: readonly string[],
	inputs: string | null,
	db: CardResultsDb = cardResultsDb()
): Promise<Map<string, KeptResult>> {
	const out = new Map<string, KeptResult>();
	if (keys.length === 0) return out;
	const rows = await within(
		db.results.bulkGet(keys.map((key): [string, string] => [ws, key])),
		STORAGE_MS,
		[]
	);
	for (const row of rows) {
		if (!row) continue;
		try {
			const result = unpackDrills(row.packed);
			out.set(row.key, {
				result,
				at: row.at,
				changed: inputs === null ? null : row.inputs !== inputs,
				inputs: row.inputs
			});
		} catch {
			// Written by another build in another shape: the live figure will do.
		}
	}
	return out;
}

/** Keeps a card's live result with the state of the stored documents it reflects. */
export async function keepCardResult(
	ws: string,
	key: string,
	result: ReportResult,
	inputs: string,
	at: number,
	db: CardResultsDb = cardResultsDb()
): Promise<void> {
	const write = db.transaction('rw', db.results, async () => {
		await db.results.put({ ws, key, packed: figuresOnly(result), at, inputs });
		const count = await db.results.where('[ws+at]').between([ws, 0], [ws, Infinity]).count();
		if (count <= LIMIT) return;
		const oldest = await db.results
			.where('[ws+at]')
			.between([ws, 0], [ws, Infinity])
			.limit(count - LIMIT)
			.primaryKeys();
		await db.results.bulkDelete(oldest);
	});
	await within(write, STORAGE_MS, undefined);
}
