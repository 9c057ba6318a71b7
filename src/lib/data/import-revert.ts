/**
 * Reverting an import in one step: the records it created are soft-deleted (as a person's
 * delete is: a peer's concurrent edit is kept and the record can be restored), the records it
 * updated get their previous values back, and the batch is marked reverted. Works from any
 * device, since the batch and the records' `importId` are in the shared document.
 */
import {
	RECORD_TYPES,
	recordTypeOfCollection,
	type CollectionName
} from '$lib/domain/record-types';
import {
	CUSTOM_PREFIX,
	collectionOf,
	isDeleted,
	NOTES_KEY,
	readField,
	type Collection
} from './layout';
import { recordTexts } from './record-texts';
import { batchMap, previousMap, readBatch, type PreviousValues } from './import-batch';
import { DEFAULT_CHUNK, importWriters, yieldToPage, type ChunkOptions } from './import-run';
import { IMPORT } from './origins';
import type { Workspace } from './workspace.svelte';

export type RevertResult =
	{ ok: true; removed: number; restored: number } | { ok: false; message: string };

type Step = () => void;

/** The ids of live records an import created, in one pass over a collection. */
function createdBy(collection: Collection, importId: string): string[] {
	const ids: string[] = [];
	collection.forEach((map, id) => {
		if (!isDeleted(map) && readField(map, 'importId') === importId) ids.push(id);
	});
	return ids;
}

export async function revertImport(
	ws: Workspace,
	importId: string,
	opts: ChunkOptions = {}
): Promise<RevertResult> {
	const batch = batchMap(ws.docs.core, importId);
	if (!batch) return { ok: false, message: 'This import is not in the workspace.' };
	if (readBatch(importId, batch).status === 'reverted') {
		return { ok: false, message: 'This import was already reverted.' };
	}
	const chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
	const pause = opts.pause ?? yieldToPage;
	const writers = importWriters(ws);
	const steps: Step[] = [];
	/** The document each step writes to, so a chunk is one transaction per document. */
	const stepDocs: string[] = [];

	// Records pointing at others first (people, then the organizations an import created).
	for (const type of [...RECORD_TYPES].reverse()) {
		const writer = writers[type.collection];
		const collection = collectionOf(ws.layout, type);
		for (const id of createdBy(collection, importId)) {
			steps.push(() => writer.remove(id));
			stepDocs.push(collection.docNameOf(id));
		}
	}
	const removed = steps.length;
	previousMap(ws.docs.core, importId)?.forEach((prev, id) => {
		const type = recordTypeOfCollection(prev.collection ?? 'people');
		if (!type) return; // a collection this build does not know: left as it is
		steps.push(() => restore(ws, id, prev, writers));
		stepDocs.push(collectionOf(ws.layout, type).docNameOf(id));
	});

	const startedAt = Date.now();
	for (let done = 0; done < steps.length;) {
		const chunk = steps.slice(done, done + chunkSize);
		const docs = stepDocs.slice(done, done + chunkSize);
		ws.docs.transact(docs, () => chunk.forEach((step) => step()), IMPORT);
		done += chunk.length;
		opts.onProgress?.({ done, total: steps.length, startedAt });
		if (done < steps.length) await pause();
	}
	ws.docs.core.transact(() => {
		batch.set('status', 'reverted');
		batch.set('revertedAt', Date.now());
		batch.set('revertedBy', ws.me);
	}, IMPORT);
	return { ok: true, removed, restored: steps.length - removed };
}

function restore(
	ws: Workspace,
	id: string,
	prev: PreviousValues,
	writers: ReturnType<typeof importWriters>
): void {
	// An entry without a collection comes from the first imports, which were of people.
	const type = recordTypeOfCollection(prev.collection ?? 'people');
	if (!type) return; // a collection this build does not know: left as it is
	const writer = writers[type.collection as CollectionName];
	const collection = collectionOf(ws.layout, type);
	if (!collection.get(id) || typeof prev.fields !== 'object' || prev.fields === null) return;
	const plain: Record<string, unknown> = {};
	const empty = type.empty() as Record<string, unknown>;
	for (const [key, value] of Object.entries(prev.fields)) {
		if (key.startsWith(CUSTOM_PREFIX)) {
			writer.setCustom(id, key.slice(CUSTOM_PREFIX.length), (value ?? null) as never);
		} else if (value !== null) plain[key] = value;
		// None before (a potential value): none again, where none is how the field is empty.
		else if (empty[key] === null) plain[key] = null;
	}
	writer.update(id, plain as never);
	const appended = prev.notesAppended;
	if (!appended) return;
	// Only the imported text goes; what anyone wrote around it since stays. It was appended to
	// the record's last text (record-texts.ts).
	const record = collection.get(id)!; // read again: the update may have made a settled text a map
	const place = { doc: collection.shardOf(id)?.doc, id };
	for (const text of recordTexts(record, NOTES_KEY, place).reverse()) {
		const at = text.toString().lastIndexOf(appended);
		if (at < 0) continue;
		text.delete(at, appended.length);
		return;
	}
}
