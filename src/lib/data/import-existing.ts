/**
 * What an import compares its rows with: the workspace's current records, indexed once per
 * import (e-mail and phone keys as duplicate detection uses them, organizations by name), so
 * each row is checked in constant time whatever the workspace's size.
 */
import * as Y from 'yjs';
import { addToIndex, emptyIndex, type DuplicateIndex } from '$lib/domain/import/existing';
import type { ImportEntity } from '$lib/domain/import/targets';
import type { LabelledValue } from '$lib/domain/records';
import { recordType } from '$lib/domain/record-types';
import { collectionOf, isDeleted, readField, type Collection } from './layout';
import type { Workspace } from './workspace.svelte';

export interface WorkspaceIndex {
	entity: ImportEntity;
	/** Existing records of the imported entity, by e-mail and phone. */
	contacts: DuplicateIndex;
	/** A record's display name, for "same e-mail as …". */
	nameOf(id: string): string;
}

function contactList(v: unknown): LabelledValue[] {
	if (!Array.isArray(v)) return [];
	return v.filter(
		(x): x is LabelledValue =>
			typeof x === 'object' && x !== null && typeof (x as LabelledValue).value === 'string'
	);
}

function indexContacts(collection: Collection): DuplicateIndex {
	const index = emptyIndex();
	collection.forEach((map, id) => {
		if (isDeleted(map)) return;
		addToIndex(index, id, {
			emails: contactList(readField(map, 'emails')),
			phones: contactList(readField(map, 'phones'))
		});
	});
	return index;
}

export function buildWorkspaceIndex(ws: Workspace, entity: ImportEntity): WorkspaceIndex {
	const type = recordType(entity);
	if (!type) throw new Error(`cannot import records of type "${entity}"`);
	return {
		entity,
		contacts: indexContacts(collectionOf(ws.layout, type)),
		nameOf(id) {
			const noun = type.nouns[0];
			return ws.live(type).row(id)?.name || `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
		}
	};
}

/**
 * A fingerprint of the documents' state: equal stamps mean no change at all (from anyone),
 * so a plan made earlier is still right and need not be made again.
 */
export function workspaceStamp(ws: Workspace): string {
	const parts: string[] = [];
	for (const [name, doc] of ws.docs.entries())
		parts.push(`${name}:${Y.encodeStateVector(doc).join(',')}`);
	return parts.join(';');
}
