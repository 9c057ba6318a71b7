/**
 * Merging two records that are the same person (or organization): every value of both is
 * kept — lists are united, a conflicting value of the other record is written into the kept
 * record's notes — links to the other record move to the kept one, and the other is
 * soft-deleted. One transaction, so one undo step.
 */
import { mergeOrganizations, mergePeople } from '$lib/domain/merge';
import { describeValue } from '$lib/domain/history';
import type { Doc } from 'yjs';
import { LOCAL_EDIT } from './origins';
import type { OrganizationRepository, PeopleRepository } from './types';
import type { UndoController } from './undo.svelte';

/**
 * What a merge needs of a workspace. Not the Workspace type: the Workspace calls this module,
 * and naming it here made the two import each other.
 */
export interface MergeScope {
	readonly doc: Doc;
	readonly undo: Pick<UndoController, 'stopCapturing'>;
	readonly people: PeopleRepository;
	readonly organizations: OrganizationRepository;
}

export function mergeRecords(
	ws: MergeScope,
	entity: 'person' | 'organization',
	keepId: string,
	otherId: string
): void {
	if (keepId === otherId) return;
	const repo = entity === 'person' ? ws.people : ws.organizations;
	const keep = repo.get(keepId);
	const other = repo.get(otherId);
	if (!keep || !other) return;
	ws.undo.stopCapturing();
	ws.doc.transact(() => {
		const { merged, conflicts } =
			entity === 'person'
				? mergePeople(keep.record as never, other.record as never)
				: mergeOrganizations(keep.record as never, other.record as never);
		const { custom, ...fields } = merged as { custom: Record<string, unknown> };
		repo.update(keepId, fields as never);
		for (const [fieldId, value] of Object.entries(custom)) repo.setCustom(keepId, fieldId, value as never);

		const notes = repo.notes(keepId);
		const lines = conflicts.map(
			(c) => `${c.field}: ${describeValue(c.other)} (from the merged record)`
		);
		const otherNotes = repo.notes(otherId).current.trim();
		if (otherNotes) lines.push(otherNotes);
		if (lines.length > 0) {
			const current = notes.current;
			notes.set(`${current}${current ? '\n\n' : ''}Merged from a duplicate:\n${lines.join('\n')}`);
		}
		if (entity === 'organization') {
			const members = ws.organizations.peopleOf(otherId).map((p) => p.id);
			ws.people.bulkUpdate(members, { organizationId: keepId });
		}
		repo.remove(otherId);
	}, LOCAL_EDIT);
	ws.undo.stopCapturing();
}
