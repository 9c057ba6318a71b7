/**
 * Merging two records that are the same person (or organization): every value of both is
 * kept — lists are united, a conflicting value of the other record is written into the kept
 * record's notes — links to the other record move to the kept one, and the other is
 * soft-deleted. One undo step (the records may live in different documents: undo.svelte.ts).
 */
import { describeValue } from '$lib/domain/history';
import { relationsTo, type AnyRecordType, type Relation } from '$lib/domain/record-types';
import type { CustomValue } from '$lib/domain/records';
import type { HistoryLog } from './history-log';
import type { Repository } from './types';
import type { UndoController } from './undo.svelte';

/**
 * What a merge needs of a workspace. Not the Workspace type: the Workspace calls this module,
 * and naming it here made the two import each other.
 */
export interface MergeScope {
	readonly undo: Pick<UndoController, 'group'>;
	/** The repository of a record type. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	repo(type: AnyRecordType): Repository<any, any, any>;
	/** The ids of the records whose `relation` points at `target`. */
	sourcesOf(relation: Relation, target: string): ReadonlySet<string>;
	/** Where the kept record's history says a duplicate was merged into it. */
	readonly history: Pick<HistoryLog, 'note'>;
}

export function mergeRecords(
	ws: MergeScope,
	type: AnyRecordType,
	keepId: string,
	otherId: string
): void {
	if (keepId === otherId) return;
	const repo = ws.repo(type);
	const keep = repo.get(keepId);
	const other = repo.get(otherId);
	if (!keep || !other) return;
	ws.undo.group(() => {
		const { merged, conflicts } = type.merge(keep.record, other.record);
		// A type may have no custom fields (a deal).
		const { custom, ...fields } = merged as { custom?: Record<string, CustomValue> };
		repo.update(keepId, fields);
		for (const [fieldId, value] of Object.entries(custom ?? {}))
			repo.setCustom(keepId, fieldId, value);

		const notes = repo.notes(keepId);
		const label = (field: string) =>
			(type.labels as Record<string, string | undefined>)[field] ?? field;
		const lines = conflicts.map(
			(c) => `${label(c.field)}: ${describeValue(c.other)} (from the merged record)`
		);
		const otherNotes = repo.notes(otherId).current.trim();
		if (otherNotes) lines.push(otherNotes);
		if (lines.length > 0) {
			const current = notes.current;
			notes.set(`${current}${current ? '\n\n' : ''}Merged from a duplicate:\n${lines.join('\n')}`);
		}
		// Whatever pointed at the other record (an organization's people) points at the kept one.
		for (const relation of relationsTo(type)) {
			const sources = [...ws.sourcesOf(relation, otherId)];
			if (sources.length === 0) continue;
			const from = ws.repo(relation.from);
			if (!relation.many) from.bulkUpdate(sources, { [relation.field]: keepId });
			else
				for (const id of sources) {
					// The other's place in the list goes to the kept record, once.
					const ids = (from.get(id)?.record as Record<string, string[]> | undefined)?.[
						relation.field
					];
					if (!ids) continue;
					const moved = [...new Set(ids.map((x) => (x === otherId ? keepId : x)))];
					from.update(id, { [relation.field]: moved });
				}
		}
		repo.remove(otherId);
		ws.history.note(keepId, 'merged', otherId, type.displayName(other.record));
	});
}
