/**
 * Restores a backup into a workspace (the page creates a new, empty one for it): members,
 * custom fields and every record with its original id, creation and edit bookkeeping and
 * notes, written in chunks so a large backup does not freeze the page. The backup is parsed
 * and checked beforehand (domain/import/backup.ts); each record is validated on read as
 * every record is, so a damaged record is shown with a warning rather than dropped.
 */
import * as Y from 'yjs';
import type { Backup } from '$lib/domain/export/backup';
import {
	BOOKKEEPING_KEYS,
	NOTES_KEY,
	SNAPSHOT_KEY,
	encodeSnapshot,
	type Collection,
	type RecordMap
} from './layout';
import { DEFAULT_CHUNK, yieldToPage, type ChunkOptions } from './import-run';
import { IMPORT } from './origins';
import type { Workspace } from './workspace.svelte';

export interface RestoreResult {
	people: number;
	organizations: number;
	/** Records left out because the workspace already had a record with that id. */
	skipped: number;
}

type Step = () => boolean;

function recordMap(record: Record<string, unknown>): RecordMap {
	const { id: _id, notes, ...rest } = record;
	const snapshot: Record<string, unknown> = {};
	const map: RecordMap = new Y.Map();
	for (const [key, value] of Object.entries(rest)) {
		if (BOOKKEEPING_KEYS.has(key)) {
			if (value !== undefined && value !== null) map.set(key, value);
		} else snapshot[key] = value;
	}
	map.set(SNAPSHOT_KEY, encodeSnapshot(snapshot));
	map.set(NOTES_KEY, new Y.Text(typeof notes === 'string' ? notes : ''));
	return map;
}

function insertStep(collection: Collection, record: Record<string, unknown>): Step {
	return () => {
		const id = record.id as string;
		if (collection.has(id)) return false;
		collection.set(id, recordMap(record));
		return true;
	};
}

export async function restoreBackup(
	ws: Workspace,
	backup: Backup,
	opts: ChunkOptions = {}
): Promise<RestoreResult> {
	const { layout, doc } = ws;
	const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
	const pause = opts.pause ?? yieldToPage;

	doc.transact(() => {
		for (const m of backup.members) {
			if (layout.members.has(m.id)) continue;
			const map = new Y.Map<unknown>();
			map.set('name', m.name);
			map.set('color', m.color);
			layout.members.set(m.id, map);
		}
		for (const def of backup.customFields) {
			if (layout.customFields.has(def.id)) continue;
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(def)) if (k !== 'id') map.set(k, v);
			layout.customFields.set(def.id, map);
		}
	}, IMPORT);

	const steps: Step[] = [
		...backup.organizations.map((r) => insertStep(layout.organizations, r)),
		...backup.people.map((r) => insertStep(layout.people, r))
	];
	const result: RestoreResult = { people: 0, organizations: 0, skipped: 0 };
	const organizations = backup.organizations.length;
	const startedAt = Date.now();
	for (let done = 0; done < steps.length; ) {
		const from = done;
		const chunk = steps.slice(done, done + chunkSize);
		doc.transact(() => {
			chunk.forEach((step, i) => {
				if (!step()) result.skipped++;
				else if (from + i < organizations) result.organizations++;
				else result.people++;
			});
		}, IMPORT);
		done += chunk.length;
		opts.onProgress?.({ done, total: steps.length, startedAt });
		if (done < steps.length) await pause();
		if (opts.cancelled?.()) break;
	}
	return result;
}
