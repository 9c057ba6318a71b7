/**
 * The existing records an import finds by name: for every importable type that declares
 * `import.sameName` (organizations by name), its records by name key, read once per plan.
 * A row repeats such a record, or links to it (a person's organization), in constant time.
 */
import { importableTypes, type ImportableType } from '$lib/domain/import/targets';
import { collectionOf, isDeleted, readField } from './layout';
import { buildWorkspaceIndex, type WorkspaceIndex } from './import-existing';
import type { Workspace } from './workspace.svelte';

/** Type name → name key → the id of the first record with that name. */
export type NameIndexes = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** What a plan compares its rows with. */
export interface PlanIndex extends Pick<WorkspaceIndex, 'entity' | 'contacts' | 'nameOf'> {
	names: NameIndexes;
}

export function buildNameIndexes(
	ws: Workspace,
	types: readonly ImportableType[] = importableTypes()
): NameIndexes {
	const out = new Map<string, Map<string, string>>();
	for (const type of types) {
		const sameName = type.import.sameName;
		if (!sameName) continue;
		const byKey = new Map<string, string>();
		collectionOf(ws.layout, type).forEach((map, id) => {
			if (isDeleted(map)) return;
			const name = readField(map, sameName.field);
			if (typeof name !== 'string' || name.trim() === '') return;
			const key = sameName.key(name);
			if (!byKey.has(key)) byKey.set(key, id);
		});
		out.set(type.name, byKey);
	}
	return out;
}

/** The workspace's records as an import of `entity` compares its rows with them. */
export function buildPlanIndex(ws: Workspace, entity: string): PlanIndex {
	const { contacts, nameOf } = buildWorkspaceIndex(ws, entity);
	return { entity, contacts, nameOf, names: buildNameIndexes(ws) };
}
