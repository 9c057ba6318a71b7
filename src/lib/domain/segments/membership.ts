/**
 * A segment's members kept up to date by re-testing only the records that changed: a person
 * edited, a customer whose purchases were recomputed, a deal or task moved. Each change names
 * ids; only those are tested again. What depends on "now" (within the last N days) is tested
 * again in full on a coarse tick (reset), as is everything when the definition changes.
 */
import type { SegmentPredicate, SegmentRow } from './context';

export class SegmentMembership<R extends SegmentRow & { id: string }> {
	#members = new Set<string>();
	#test: SegmentPredicate;

	constructor(test: SegmentPredicate, rows: Iterable<R>) {
		this.#test = test;
		this.reset(test, rows);
	}

	get members(): ReadonlySet<string> {
		return this.#members;
	}

	get size(): number {
		return this.#members.size;
	}

	has(id: string): boolean {
		return this.#members.has(id);
	}

	/** Every row tested again, with a new test (a new definition, a new `now`). */
	reset(test: SegmentPredicate, rows: Iterable<R>): void {
		this.#test = test;
		const next = new Set<string>();
		for (const r of rows) if (test(r)) next.add(r.id);
		this.#members = next;
	}

	/**
	 * The ids' rows tested again (`rowOf` gives undefined for a record that is gone); returns
	 * whether any joined or left.
	 */
	update(ids: Iterable<string>, rowOf: (id: string) => R | undefined): boolean {
		let changed = false;
		for (const id of ids) {
			const row = rowOf(id);
			const now = row !== undefined && this.#test(row);
			if (now === this.#members.has(id)) continue;
			if (now) this.#members.add(id);
			else this.#members.delete(id);
			changed = true;
		}
		return changed;
	}
}
