/**
 * What a local transaction edited, as the user sees it: the entries of the document's root
 * types it touched ("people.a7" → the record ids). Typing in one record's name is one edit
 * however many keystrokes it takes; creating two people is two (confirmation-counter.ts).
 */
import type * as Y from 'yjs';

/** The touched root entries of a transaction, sorted and joined: equal for the same records. */
export function editKey(transaction: Y.Transaction): string {
	const keys = new Set<string>();
	for (const [type, changed] of transaction.changed) {
		if (type._item === null) {
			// A root type: its changed keys are the entries (null: a list's content changed).
			for (const key of changed) keys.add(key ?? '');
			continue;
		}
		const entry = rootEntry(type._item);
		if (entry !== null) keys.add(entry);
	}
	return [...keys].sort().join('\n');
}

/** The key, under its root type, of the entry holding the item's type (a record's map, its notes). */
function rootEntry(start: Y.Item): string | null {
	let item: Y.Item | null = start;
	while (item !== null) {
		const parent: Y.Item | null = (item.parent as { _item: Y.Item | null })._item;
		if (parent === null) return item.parentSub;
		item = parent;
	}
	return null;
}
