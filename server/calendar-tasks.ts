// A member's open, dated tasks, read from a workspace's task shards for the calendar feed. The
// record layout and validation are the app's own (data/layout, the task declaration), so the
// feed reads what the app shows. A shard a room holds loaded is read from the room; any other
// is loaded from the store into a scratch document, read, and let go, one shard at a time, so
// memory follows the largest shard, not the workspace.
import * as Y from 'yjs';
import { NOTES_KEY, isDeleted, isStoredRecord, readRecord } from '../src/lib/data/layout.ts';
import { recordTextValue } from '../src/lib/data/record-texts.ts';
import { familyOf } from '../src/lib/data/shards.ts';
import { task as taskType, validateTask } from '../src/lib/domain/record-types/task.ts';
import { dueSortKey } from '../src/lib/domain/tasks/due.ts';
import { isCalendarTask, type CalendarTask } from '../src/lib/domain/tasks/ics.ts';
import type { WorkspaceStore } from './storage.ts';

/** Where the documents come from: rooms for the loaded ones, the store for the rest. */
export interface DocumentSource {
	store: WorkspaceStore;
	/** The document's state if a room holds it loaded and ready, else null. */
	liveDoc(workspaceId: string, doc: string): Y.Doc | null;
	/** Whether a room holds the document (loading or loaded): the store must keep it open. */
	hasRoom(workspaceId: string, doc: string): boolean;
}

export interface MemberTasks {
	tasks: CalendarTask[];
	/** Task shards read, and tasks looked at in them. */
	documents: number;
	scanned: number;
	/** Tasks left out past the limit (the earliest due). */
	dropped: number;
}

const COLLECTION = taskType.collection;

/**
 * The open tasks with a due date assigned to `memberId`, earliest due first; at most `limit`
 * (a calendar app chokes on more long before the relay does): past it the earliest go.
 */
export async function memberTasks(
	source: DocumentSource,
	workspaceId: string,
	memberId: string,
	limit: number
): Promise<MemberTasks> {
	const names = (await source.store.listDocuments(workspaceId)).filter(
		(name) => familyOf(name) === COLLECTION && name !== COLLECTION
	);
	const tasks: CalendarTask[] = [];
	let scanned = 0;
	for (const name of names) {
		const live = source.liveDoc(workspaceId, name);
		const doc = live ?? (await loadScratch(source.store, workspaceId, name));
		try {
			scanned += collect(doc, memberId, tasks);
		} finally {
			if (!live) {
				doc.destroy();
				if (!source.hasRoom(workspaceId, name)) releaseLater(source.store, workspaceId, name);
			}
		}
		// Let sync traffic through between shards.
		await new Promise((resolve) => setImmediate(resolve));
	}
	// Sorted, so the same tasks make the same bytes (and ETag) however the shards were read.
	tasks.sort(
		(a, b) => dueSortKey(a.fields).localeCompare(dueSortKey(b.fields)) || (a.id < b.id ? -1 : 1)
	);
	const dropped = Math.max(0, tasks.length - limit);
	return { tasks: tasks.slice(dropped), documents: names.length, scanned, dropped };
}

/**
 * Releases run one after another, after the answer: a release compacts a shard whose log has
 * grown (a worker thread, ~0.2 s at 400 tasks), which the feed need not wait for; and 256 of
 * them at once held 850 MB (bench/calendar-feed.ts).
 */
let releasing: Promise<void> = Promise.resolve();

function releaseLater(store: WorkspaceStore, workspaceId: string, name: string): void {
	releasing = releasing.then(() => store.release(workspaceId, name)).catch(() => {});
}

async function loadScratch(store: WorkspaceStore, workspaceId: string, name: string) {
	const updates = await store.load(workspaceId, name);
	const doc = new Y.Doc({ gc: true });
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return doc;
}

/** Adds the shard's matching tasks to `into`; returns how many tasks it holds. */
function collect(doc: Y.Doc, memberId: string, into: CalendarTask[]): number {
	const records = doc.getMap(COLLECTION) as Y.Map<unknown>;
	records.forEach((map, id) => {
		if (!isStoredRecord(map) || isDeleted(map)) return;
		const raw = readRecord(map);
		// Most tasks are someone else's: skip them before validating.
		if (typeof raw.assigneeId === 'string' && raw.assigneeId !== memberId) return;
		const fields = validateTask(raw).value;
		if (fields.assigneeId !== memberId || !isCalendarTask(fields)) return;
		into.push({
			id,
			fields,
			updatedAt: typeof raw.updatedAt === 'number' ? raw.updatedAt : 0,
			notes: recordTextValue(map, NOTES_KEY, { doc, id })
		});
	});
	return records.size;
}
