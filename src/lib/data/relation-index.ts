/**
 * The reverse index of one declared relation (a person's organizationId: the people of each
 * organization; an interaction's personIds: the interactions of each person), kept from the
 * source type's live rows as they change. Every relation of every record type is indexed the
 * same way (workspace.svelte.ts wires them from the declarations), so no type hand-wires another.
 */
import type { Relation } from '$lib/domain/record-types';

/** What a source row holds in the relation's field: one id, several (`many`), or none. */
export type Targets = string | readonly string[] | null | undefined;

/**
 * One source or target is kept as the id itself, a set or list only from the second: most
 * records point at one record, and most are pointed at by one or none (a person by this
 * month's few calls) — a list of one costs ~28 bytes of the page's heap, a set of one ~76, and
 * the 1M-interaction workspace indexes ~300k sources.
 */
type OneOrMore<T> = string | T;

export class RelationIndex {
	private readonly byTarget = new Map<string, OneOrMore<Set<string>>>();
	private readonly targetsOf = new Map<string, OneOrMore<readonly string[]>>();

	constructor(readonly relation: Relation) {}

	/**
	 * Takes the current targets of each changed source record (undefined: none, or the record
	 * is gone) and adds to `touched` every target whose set of sources changed.
	 */
	update(ids: Iterable<string>, targetsNow: (id: string) => Targets, touched: Set<string>): void {
		for (const id of ids) {
			const before = this.targetsOf.get(id);
			const after = targetsNow(id);
			if (sameTargets(before, after)) continue;
			const now = asList(after);
			for (const target of listOf(before)) {
				if (now.includes(target)) continue;
				this.removeSource(target, id);
				touched.add(target);
			}
			for (const target of now) {
				if (includes(before, target)) continue;
				this.addSource(target, id);
				touched.add(target);
			}
			if (now.length === 0) this.targetsOf.delete(id);
			else this.targetsOf.set(id, now.length === 1 ? now[0] : now);
		}
	}

	/** The source records pointing at `target` (a set made for the call when there is one). */
	sourcesOf(target: string): ReadonlySet<string> {
		const sources = this.byTarget.get(target);
		if (sources === undefined) return EMPTY;
		return typeof sources === 'string' ? new Set([sources]) : sources;
	}

	/** Calls `fn` with each source record pointing at `target`, making nothing (rows' builds). */
	forEachSource(target: string, fn: (id: string) => void): void {
		const sources = this.byTarget.get(target);
		if (typeof sources === 'string') fn(sources);
		else sources?.forEach((id) => fn(id));
	}

	/** The targets the source record `id` points at, as last indexed. */
	targetsOfSource(id: string): readonly string[] {
		return listOf(this.targetsOf.get(id));
	}

	count(target: string): number {
		const sources = this.byTarget.get(target);
		if (sources === undefined) return 0;
		return typeof sources === 'string' ? 1 : sources.size;
	}

	private addSource(target: string, id: string): void {
		const sources = this.byTarget.get(target);
		if (sources === undefined) this.byTarget.set(target, id);
		else if (typeof sources !== 'string') sources.add(id);
		else if (sources !== id) this.byTarget.set(target, new Set([sources, id]));
	}

	private removeSource(target: string, id: string): void {
		const sources = this.byTarget.get(target);
		if (sources === id) this.byTarget.delete(target);
		else if (typeof sources !== 'string' && sources?.delete(id) && sources.size === 1)
			this.byTarget.set(target, sources.values().next().value as string);
	}
}

const EMPTY: ReadonlySet<string> = new Set();
const NONE: readonly string[] = [];

function asList(targets: Targets): readonly string[] {
	if (!targets) return NONE;
	if (typeof targets === 'string') return [targets];
	return targets.filter((t) => typeof t === 'string' && t !== '');
}

function listOf(kept: OneOrMore<readonly string[]> | undefined): readonly string[] {
	if (kept === undefined) return NONE;
	return typeof kept === 'string' ? [kept] : kept;
}

function includes(kept: OneOrMore<readonly string[]> | undefined, target: string): boolean {
	return typeof kept === 'string' ? kept === target : (kept?.includes(target) ?? false);
}

/** Whether a row's targets are the ones kept, checked without making a list (most are). */
function sameTargets(kept: OneOrMore<readonly string[]> | undefined, now: Targets): boolean {
	if (typeof now === 'string' || !now) {
		const one = now || undefined;
		return typeof kept === 'string' || kept === undefined ? kept === one : false;
	}
	const list = asList(now);
	const before = listOf(kept);
	return list.length === before.length && list.every((x, i) => x === before[i]);
}
