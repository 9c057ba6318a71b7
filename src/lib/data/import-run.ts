/**
 * Writes a planned import into the document on the main thread, in chunks: one transaction
 * (IMPORT origin, so undo and the history log leave it alone) per chunk of rows, yielding to
 * the page between chunks so it stays responsive and can show progress. Cancel stops after
 * the current chunk; what was written stays part of the batch and can be reverted.
 */
import * as Y from 'yjs';
import { RECORD_TYPES, recordType, type CollectionName } from '$lib/domain/record-types';
import {
	CUSTOM_PREFIX,
	NOTES_KEY,
	collectionOf,
	readField,
	readRecord,
	type StoredRecord
} from './layout';
import { recordTextValue } from './record-texts';
import { batchMap, previousMap, startBatch, type PreviousValues } from './import-batch';
import type { ImportPlan, PlannedRow } from './import-plan';
import { updatePatch } from './import-update';
import { IMPORT } from './origins';
import { RecordWriter, type Author } from './record-writer';
import type { Workspace } from './workspace.svelte';

export interface ChunkProgress {
	done: number;
	total: number;
	startedAt: number;
}

export interface ChunkOptions {
	/** Rows per transaction; without it the size adapts so a chunk takes about CHUNK_TARGET_MS. */
	chunkSize?: number;
	onProgress?(p: ChunkProgress): void;
	/** Checked after every chunk. */
	cancelled?(): boolean;
	/** How to give the page a turn between chunks (tests pass a plain microtask). */
	pause?(): Promise<void>;
}

export interface RunOptions extends ChunkOptions {
	fileName: string;
}

export interface RunResult {
	importId: string;
	created: number;
	createdOrganizations: number;
	/** Records of other types made along (an order import's people and products), by collection. */
	createdOther?: Record<string, number>;
	updated: number;
	/** Rows matching an existing record that already had their values ("update existing"). */
	unchanged?: number;
	cancelled: boolean;
}

/** The kind of an imported person or organization whose row gives none. */
export const UNSTATED_KIND = 'other';

export const DEFAULT_CHUNK = 1000;
/** A chunk this long still lets the page answer a click without a noticeable wait. */
export const CHUNK_TARGET_MS = 120;
const MIN_CHUNK = 250;
const MAX_CHUNK = 4000;

/** The next chunk's size from how long the last one took: halve when slow, double when quick. */
export function nextChunkSize(size: number, tookMs: number): number {
	if (tookMs > CHUNK_TARGET_MS * 1.5) return Math.max(MIN_CHUNK, Math.floor(size / 2));
	if (tookMs < CHUNK_TARGET_MS / 3) return Math.min(MAX_CHUNK, size * 2);
	return size;
}

/** A turn for the page: rendering and input run before the next chunk. */
export function yieldToPage(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (typeof scheduler?.yield === 'function') return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A writer for every collection, tagged with this member; records get `importId`. */
export function importWriters(ws: Workspace): Record<CollectionName, RecordWriter<object>> {
	const author: Author = { memberId: ws.me, now: Date.now };
	const writers = {} as Record<CollectionName, RecordWriter<object>>;
	for (const type of RECORD_TYPES) {
		const collection = collectionOf(ws.layout, type);
		writers[type.collection] = new RecordWriter<object>(
			collection,
			author,
			type.empty,
			type.trailed ?? null
		);
	}
	return writers;
}

export async function runImport(
	ws: Workspace,
	plan: ImportPlan,
	opts: RunOptions
): Promise<RunResult> {
	let chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
	const pause = opts.pause ?? yieldToPage;
	const importId = startBatch(ws, {
		fileName: opts.fileName,
		entity: plan.entity,
		mode: plan.mode,
		total: plan.rows.length,
		skipped: plan.skipped
	});
	const batch = batchMap(ws.docs.core, importId)!;
	const previous = previousMap(ws.docs.core, importId)!;
	const writers = importWriters(ws);
	const type = recordType(plan.entity);
	if (!type) throw new Error(`cannot import records of type "${plan.entity}"`);
	const writer = writers[type.collection as CollectionName];
	const collection = collectionOf(ws.layout, type);
	const organizations = ws.layout.collections.organizations;
	const createdHere = new Set<string>();
	const hasKind = 'kind' in (type.empty() as object);
	const result: RunResult = {
		importId,
		created: 0,
		createdOrganizations: 0,
		updated: 0,
		cancelled: false
	};
	const startedAt = Date.now();

	const writeRow = (p: PlannedRow) => {
		if (p.newOrganization) {
			writers.organizations.insert(p.newOrganization.id, {
				name: p.newOrganization.name,
				kind: UNSTATED_KIND,
				importId
			} as never);
			result.createdOrganizations++;
		}
		if (p.action === 'create') {
			const { organizationName: _name, ...fields } = p.fields;
			const record: Record<string, unknown> = { ...fields, importId };
			// A file that does not say what someone is makes no leads or clients of them.
			if (hasKind && !('kind' in fields)) record.kind = UNSTATED_KIND;
			if (p.organizationId) record.organizationId = p.organizationId; // planned for people only
			writer.insert(p.id, record as never);
			createdHere.add(p.id);
			result.created++;
			return;
		}
		const map = collection.get(p.id);
		if (!map) return;
		if (update(map, p, createdHere.has(p.id) ? null : previous)) result.updated++;
		else result.unchanged = (result.unchanged ?? 0) + 1;
	};

	const update = (map: StoredRecord, p: PlannedRow, prev: Y.Map<PreviousValues> | null) => {
		const doc = collection.shardOf(p.id)?.doc;
		const notes = recordTextValue(map, NOTES_KEY, { doc, id: p.id });
		const patch = updatePatch(readRecord(map), notes, p.fields, p.organizationId);
		const keys = [
			...Object.keys(patch.fields),
			...Object.keys(patch.custom).map((id) => CUSTOM_PREFIX + id)
		];
		if (keys.length === 0 && !patch.notes) return false;
		let appended = '';
		if (patch.notes) appended = notes.length > 0 ? `\n${patch.notes}` : patch.notes;
		if (prev) {
			const before: PreviousValues = prev.get(p.id) ?? {
				collection: type.collection as CollectionName,
				fields: {}
			};
			const fields = { ...before.fields };
			for (const key of keys) if (!(key in fields)) fields[key] = readField(map, key) ?? null;
			const notesAppended = (before.notesAppended ?? '') + appended;
			prev.set(p.id, notesAppended ? { ...before, fields, notesAppended } : { ...before, fields });
		}
		writer.update(p.id, patch.fields as never);
		for (const [id, value] of Object.entries(patch.custom)) writer.setCustom(p.id, id, value);
		// At the end of its notes; a record without notes gets them now (record-texts.ts), a
		// buggy peer's plain string under the key as their start.
		const into = appended ? writer.ensureText(p.id, NOTES_KEY) : null;
		into?.insert(into.length, appended);
		return true;
	};

	let done = 0;
	try {
		while (done < plan.rows.length) {
			const chunk = plan.rows.slice(done, done + chunkSize);
			const chunkStart = performance.now();
			const docs = chunk.map((p) => collection.docNameOf(p.id));
			for (const p of chunk)
				if (p.newOrganization) docs.push(organizations.docNameOf(p.newOrganization.id));
			ws.docs.transact(
				docs,
				() => {
					for (const p of chunk) writeRow(p);
					batch.set('created', result.created);
					batch.set('createdOrganizations', result.createdOrganizations);
					batch.set('updated', result.updated);
				},
				IMPORT
			);
			done += chunk.length;
			if (opts.chunkSize === undefined) {
				chunkSize = nextChunkSize(chunkSize, performance.now() - chunkStart);
			}
			opts.onProgress?.({ done, total: plan.rows.length, startedAt });
			if (done < plan.rows.length) {
				await pause();
				if (opts.cancelled?.()) {
					result.cancelled = true;
					break;
				}
			}
		}
	} finally {
		ws.docs.core.transact(() => {
			batch.set('status', result.cancelled || done < plan.rows.length ? 'cancelled' : 'done');
			batch.set('finishedAt', Date.now());
		}, IMPORT);
	}
	return result;
}
