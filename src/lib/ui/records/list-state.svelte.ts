/**
 * A list screen's view state: search text, filters and sort, and the rows they leave.
 * Sorting runs only when the rows or the sort change; filtering (which keeps the order) runs on
 * every keystroke, so typing stays at one linear pass over the rows.
 */
import type { RelationshipKind } from '$lib/domain/records';
import { filterRows } from '$lib/domain/filters';
import { sortRowsBy, type SortDir } from '$lib/domain/sort';

export type { SortDir };

export interface ListRow {
	id: string;
	kind: RelationshipKind;
	ownerId: string | null;
	tags: string[];
	search: string;
}

/** The owner filter's value for "nobody owns it". */
export const NO_OWNER = '(nobody)';

export class ListState<T extends ListRow> {
	query = $state('');
	kinds = $state<RelationshipKind[]>([]);
	/** '' for anyone, NO_OWNER for nobody, else a member id. */
	ownerId = $state('');
	tag = $state('');
	sortKey = $state<string | null>(null);
	sortDir = $state<SortDir>('asc');

	readonly #rows: () => T[];
	readonly #sortValue: (key: string) => (row: T) => unknown;

	/** `sortValue` gives a column's sort value (e.g. the owner's name rather than the id). */
	constructor(rows: () => T[], sortValue: (key: string) => (row: T) => unknown) {
		this.#rows = rows;
		this.#sortValue = sortValue;
	}

	readonly sorted: T[] = $derived.by(() => {
		const rows = this.#rows();
		const key = this.sortKey;
		return key ? sortRowsBy(rows, this.#sortValue(key), this.sortDir) : rows;
	});

	readonly shown: T[] = $derived.by(() =>
		filterRows(this.sorted, {
			query: this.query,
			kinds: this.kinds,
			ownerIds: this.ownerId === NO_OWNER ? [null] : this.ownerId ? [this.ownerId] : [],
			tags: this.tag ? [this.tag] : []
		})
	);

	/** Every tag in use, for the tag filter; recomputed only when rows change. */
	readonly allTags: string[] = $derived.by(() => {
		const tags = new Set<string>();
		for (const row of this.#rows()) for (const t of row.tags) tags.add(t);
		return [...tags].sort((a, b) => a.localeCompare(b));
	});

	/** A header click: a new column sorts ascending, the same column flips direction. */
	sortBy(key: string): void {
		if (this.sortKey === key) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
		else {
			this.sortKey = key;
			this.sortDir = 'asc';
		}
	}
}
