/**
 * A row holds the ids of the records it points at (a task's person, a deal's organization):
 * parsed from a snapshot or from the row cache, each is a string of its own, while the target's
 * document keys its record by another copy of it. The row takes the document's instead (~48
 * bytes a row and relation: 100k tasks' people ~4.5 MB). Values stay equal; only which copy of
 * the string the row holds changes.
 */
import { RELATIONS, recordType, type AnyRecordType } from '$lib/domain/record-types';
import type { Collection } from './layout';

/** Gives a type's rows, in place, the targets' own copies of the ids their relations hold. */
export function relationIdSharer(
	type: AnyRecordType,
	collectionOf: (type: AnyRecordType) => Collection
): (row: object) => void {
	const relations = RELATIONS.filter((r) => r.from === type && !r.many).map((r) => ({
		field: r.field,
		target: collectionOf(recordType(r.to)!)
	}));
	return (row) => {
		const values = row as Record<string, unknown>;
		for (const { field, target } of relations) {
			const id = values[field];
			if (typeof id === 'string' && id !== '') values[field] = target.heldId(id) ?? id;
		}
	};
}
