/**
 * The reverse index of one declared relation (a person's organizationId: the people of each
 * organization; an interaction's personIds: the interactions of each person), kept from the
 * source type's live rows as they change. Every relation of every record type is indexed the
 * same way (workspace.svelte.ts wires them from the declarations), so no type hand-wires another.
 */
import type { Relation } from '$lib/domain/record-types';

/** What a source row holds in the relation's field: one id, several (`many`), or none. */
export type Targets = string | readonly string[] | null | undefined;

export class RelationIndex {
	private readonly byTarget = new Map<string, Set<string>>();
	private readonly targetsOf = new Map<string, readonly string[]>();

	constructor(readonly relation: Relation) {}

	/**
	 * Takes the current targets of each changed source record (undefined: none, or the record
	 * is gone) and adds to `touched` every target whose set of sources changed.
	 */
	update(ids: Iterable<string>, targetsNow: (id: string) => Targets, touched: Set<string>): void {
		for (const id of ids) {
			const before = this.targetsOf.get(id) ?? NONE;
			const after = asList(targetsNow(id));
			if (sameList(before, after)) continue;
			for (const target of before) {
				if (after.includes(target)) continue;
				this.byTarget.get(target)?.delete(id);
				touched.add(target);
			}
			for (const target of after) {
				if (before.includes(target)) continue;
				let set = this.byTarget.get(target);
				if (!set) this.byTarget.set(target, (set = new Set()));
				set.add(id);
				touched.add(target);
			}
			if (after.length > 0) this.targetsOf.set(id, after);
			else this.targetsOf.delete(id);
		}
	}

	/** The source records pointing at `target`. */
	sourcesOf(target: string): ReadonlySet<string> {
		return this.byTarget.get(target) ?? EMPTY;
	}

	/** The targets the source record `id` points at, as last indexed. */
	targetsOfSource(id: string): readonly string[] {
		return this.targetsOf.get(id) ?? NONE;
	}

	count(target: string): number {
		return this.byTarget.get(target)?.size ?? 0;
	}
}

const EMPTY: ReadonlySet<string> = new Set();
const NONE: readonly string[] = [];

function asList(targets: Targets): readonly string[] {
	if (!targets) return NONE;
	if (typeof targets === 'string') return [targets];
	return targets.filter((t) => typeof t === 'string' && t !== '');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}
