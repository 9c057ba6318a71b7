/**
 * The reverse index of one declared relation (a person's organizationId: the people of each
 * organization), kept from the source type's live rows as they change. Every relation of
 * every record type is indexed the same way (workspace.svelte.ts wires them from the
 * declarations), so no type hand-wires another.
 */
import type { Relation } from '$lib/domain/record-types';

export class RelationIndex {
	private readonly byTarget = new Map<string, Set<string>>();
	private readonly targetOf = new Map<string, string>();

	constructor(readonly relation: Relation) {}

	/**
	 * Takes the current target of each changed source record (undefined: none, or the record is
	 * gone) and adds to `touched` every target whose set of sources changed.
	 */
	update(
		ids: Iterable<string>,
		targetNow: (id: string) => string | null | undefined,
		touched: Set<string>
	): void {
		for (const id of ids) {
			const before = this.targetOf.get(id);
			const after = targetNow(id) ?? undefined;
			if (before === after) continue;
			if (before) {
				this.byTarget.get(before)?.delete(id);
				touched.add(before);
			}
			if (after) {
				let set = this.byTarget.get(after);
				if (!set) this.byTarget.set(after, (set = new Set()));
				set.add(id);
				this.targetOf.set(id, after);
				touched.add(after);
			} else this.targetOf.delete(id);
		}
	}

	/** The source records pointing at `target`. */
	sourcesOf(target: string): ReadonlySet<string> {
		return this.byTarget.get(target) ?? EMPTY;
	}

	count(target: string): number {
		return this.byTarget.get(target)?.size ?? 0;
	}
}

const EMPTY: ReadonlySet<string> = new Set();
