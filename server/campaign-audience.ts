// Who of a frozen recipient list may still be written to when the relay gets to them: a send
// made offline may reach the relay days later, and someone may unsubscribe (or lose consent, or
// be deleted) meanwhile. Read from the people shards as the app stores them (data/layout), from
// a room when one holds the shard, else from the store one shard at a time, like the calendar
// feed reads tasks.
import * as Y from 'yjs';
import { isDeleted, isStoredRecord, readField } from '../src/lib/data/layout.ts';
import { person } from '../src/lib/domain/record-types/person.ts';
import { UNSUBSCRIBED_AT, personDoc } from './campaign-records.ts';
import type { DocumentSource } from './calendar-tasks.ts';

/** Why a recipient is not written to after all, or null to send. */
export type Holdback = string | null;

export async function holdbacks(
	source: DocumentSource,
	workspaceId: string,
	personIds: Iterable<string>
): Promise<Map<string, Holdback>> {
	const byShard = new Map<string, string[]>();
	for (const id of personIds) {
		const name = personDoc(id);
		byShard.set(name, [...(byShard.get(name) ?? []), id]);
	}
	const out = new Map<string, Holdback>();
	for (const [name, ids] of byShard) {
		const live = source.liveDoc(workspaceId, name);
		const doc = live ?? (await loadScratch(source, workspaceId, name));
		try {
			const records = doc.getMap(person.collection) as Y.Map<unknown>;
			for (const id of ids) out.set(id, holdbackOf(records.get(id)));
		} finally {
			if (!live) {
				doc.destroy();
				if (!source.hasRoom(workspaceId, name)) {
					void source.store.release(workspaceId, name).catch(() => {});
				}
			}
		}
	}
	return out;
}

function holdbackOf(map: unknown): Holdback {
	// A person the shard does not hold (a peer's shard not synced yet): the freeze decided.
	if (!isStoredRecord(map)) return null;
	const record = map;
	if (isDeleted(record)) return 'Not sent: the person was deleted after the campaign was sent.';
	if (readField(record, UNSUBSCRIBED_AT)) {
		return 'Not sent: unsubscribed after the campaign was sent.';
	}
	if (readField(record, 'consent') !== 'granted') {
		return 'Not sent: marketing consent withdrawn after the campaign was sent.';
	}
	return null;
}

async function loadScratch(source: DocumentSource, workspaceId: string, name: string) {
	const updates = await source.store.load(workspaceId, name);
	const doc = new Y.Doc({ gc: true });
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return doc;
}
