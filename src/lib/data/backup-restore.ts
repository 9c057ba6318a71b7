/**
 * Restores a backup into a workspace (the page creates a new, empty one for it): members,
 * custom fields, settings and every record with its original id, creation and edit bookkeeping and
 * notes, written in chunks so a large backup does not freeze the page. The backup is parsed
 * and checked beforehand (domain/import/backup.ts); each record is validated on read as
 * every record is, so a damaged record is shown with a warning rather than dropped.
 */
import * as Y from 'yjs';
import {
	META_NOT_SETTINGS,
	RECORD_FILES,
	backupRecords,
	type Backup
} from '$lib/domain/export/backup';
import { RECORD_TYPES, type CollectionName } from '$lib/domain/record-types';
import {
	BOOKKEEPING_KEYS,
	SNAPSHOT_KEY,
	collectionOf,
	encodeSnapshot,
	type Collection,
	type RecordMap
} from './layout';
import { DEFAULT_CHUNK, yieldToPage, type ChunkOptions } from './import-run';
import { IMPORT } from './origins';
import { fromBase64 } from 'lib0/buffer';
import { hashOf } from '$lib/sync/blob-api';
import { fileKey } from './attached-files';
import { BACKUP_TRAIL, restoreTrail } from './stage-trail';
import type { Workspace } from './workspace.svelte';

/** How many records of each collection were restored ({ people, organizations, … }). */
export type RestoreResult = Record<CollectionName, number> & {
	/** Records left out because the workspace already had a record with that id. */
	skipped: number;
	/** Attached files put back in the file store. */
	files: number;
	/** Why files were not (their bytes were changed in the file, the store refused). */
	fileProblems: string[];
};

/** Keeps a restored file's bytes in the workspace's file store. */
export type KeepFile = (
	bytes: Uint8Array,
	type: string
) => Promise<{ ok: true } | { ok: false; message: string }>;

type Step = () => boolean;

function recordMap(record: Record<string, unknown>, textFields: readonly string[]): RecordMap {
	const { id: _id, [RECORD_FILES]: files, [BACKUP_TRAIL]: trail, ...rest } = record;
	const snapshot: Record<string, unknown> = {};
	const map: RecordMap = new Y.Map();
	for (const [key, value] of Object.entries(rest)) {
		if (textFields.includes(key)) continue;
		if (BOOKKEEPING_KEYS.has(key)) {
			if (value !== undefined && value !== null) map.set(key, value);
		} else snapshot[key] = value;
	}
	map.set(SNAPSHOT_KEY, encodeSnapshot(snapshot));
	// Text fields with content are made with the record, as the app makes notes given at
	// creation; an empty one is not made at all (record-texts.ts).
	for (const field of textFields) {
		const text = rest[field];
		if (typeof text === 'string' && text !== '') map.set(field, new Y.Text(text));
	}
	if (Array.isArray(files))
		for (const file of files) {
			if (typeof file !== 'object' || file === null) continue;
			const { hash, ...described } = file as Record<string, unknown>;
			if (typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))
				map.set(fileKey(hash), described);
		}
	restoreTrail(map, trail);
	return map;
}

function insertStep(
	collection: Collection,
	textFields: readonly string[],
	record: Record<string, unknown>
): Step {
	return () => {
		const id = record.id as string;
		if (collection.has(id)) return false;
		collection.set(id, recordMap(record, textFields));
		return true;
	};
}

export async function restoreBackup(
	ws: Workspace,
	backup: Backup,
	opts: ChunkOptions & { keepFile?: KeepFile } = {}
): Promise<RestoreResult> {
	const { layout, docs } = ws;
	const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
	const pause = opts.pause ?? yieldToPage;

	docs.core.transact(() => {
		for (const m of backup.members) {
			if (layout.members.has(m.id)) continue;
			const map = new Y.Map<unknown>();
			map.set('name', m.name);
			map.set('color', m.color);
			if (m.emails?.length) map.set('emails', [...m.emails]);
			if (typeof m.teamId === 'string' && m.teamId) map.set('team', m.teamId);
			layout.members.set(m.id, map);
		}
		for (const def of backup.customFields) {
			if (layout.customFields.has(def.id)) continue;
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(def)) if (k !== 'id') map.set(k, v);
			layout.customFields.set(def.id, map);
		}
		restoreSettings(ws, backup);
	}, IMPORT);

	// Types in registry order: a type before the types that point at it. A collection this build
	// does not declare (a newer app's backup) is not restored.
	const records = backupRecords(backup);
	const steps: { step: Step; collection: CollectionName; doc: string }[] = [];
	const result = { skipped: 0, files: 0, fileProblems: [] as string[] } as RestoreResult;
	for (const type of RECORD_TYPES) {
		const collection = collectionOf(layout, type);
		result[type.collection] = 0;
		for (const r of records[type.collection] ?? []) {
			steps.push({
				step: insertStep(collection, type.textFields, r),
				collection: type.collection,
				doc: collection.docNameOf(String(r.id))
			});
		}
	}
	const startedAt = Date.now();
	for (let done = 0; done < steps.length;) {
		const chunk = steps.slice(done, done + chunkSize);
		const written = chunk.map((s) => s.doc);
		docs.transact(
			written,
			() => {
				for (const { step, collection } of chunk) {
					if (!step()) result.skipped++;
					else result[collection]++;
				}
			},
			IMPORT
		);
		done += chunk.length;
		opts.onProgress?.({ done, total: steps.length, startedAt });
		if (done < steps.length) await pause();
		if (opts.cancelled?.()) break;
	}
	if (opts.keepFile && backup.files) await restoreFiles(backup.files, opts.keepFile, result);
	return result;
}

/**
 * The settings come along into a new workspace and leave an existing one's alone: a setting is
 * written only where the workspace has none — per key for `meta` (each service level, the
 * currency, each rate), and the pipelines only when it has no pipeline keys at all (half a
 * pipeline laid over another's would be neither).
 */
function restoreSettings(ws: Workspace, backup: Backup): void {
	const { meta, pipelines } = ws.layout;
	const settings = backup.settings;
	if (!settings) return;
	for (const [key, value] of Object.entries(settings.meta))
		if (!META_NOT_SETTINGS.includes(key) && !meta.has(key)) meta.set(key, value);
	if (pipelines.size === 0)
		for (const [key, value] of Object.entries(settings.pipelines)) pipelines.set(key, value);
	// Saved segments are whole values, one per key: each comes along unless one of its id is there.
	for (const [id, value] of Object.entries(settings.segments ?? {}))
		if (!ws.layout.segments.has(id)) ws.layout.segments.set(id, value);
}

/** Puts the backed-up bytes in the file store, each checked against its hash first. */
async function restoreFiles(
	files: Record<string, string>,
	keepFile: KeepFile,
	result: RestoreResult
): Promise<void> {
	for (const [hash, base64] of Object.entries(files)) {
		let bytes: Uint8Array;
		try {
			bytes = fromBase64(base64);
		} catch {
			result.fileProblems.push(`file ${hash.slice(0, 12)}… is not readable in the backup`);
			continue;
		}
		if ((await hashOf(bytes as Uint8Array<ArrayBuffer>)) !== hash) {
			result.fileProblems.push(`file ${hash.slice(0, 12)}… was changed in the backup`);
			continue;
		}
		const kept = await keepFile(bytes, '');
		if (kept.ok) result.files++;
		else result.fileProblems.push(kept.message);
	}
}
