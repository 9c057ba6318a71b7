/**
 * A list's first page, shown before the rest of its rows are read: a warm open paints the rows
 * the list's default view puts first from a small entry of the row cache, while the whole cache
 * (7 MB of JSON at 10k people) is decoded in slices after the paint.
 *
 * The first page travels as a marked empty rows array: everything that reads a collection's rows
 * (segments, dashboards, the command palette) sees no rows yet, exactly as on a device without a
 * cache, while a list asks `firstPageOf(rows)` for what to paint and the total to count.
 */
import { compareSortKeys, sortKey, type SortDir, type SortKey } from './sort';

export interface FirstPage<T> {
	/** The first rows, in the order the list's default view shows them. */
	rows: T[];
	/** How many rows there are in all. */
	total: number;
}

/** How many rows a first page holds: more than a tall screen shows (36 px rows). */
export const FIRST_PAGE_ROWS = 60;

const pages = new WeakMap<readonly unknown[], FirstPage<unknown>>();

/** An empty rows array that stands for `total` rows, of which `first` come first. */
export function pendingRows<T>(first: T[], total: number): T[] {
	const rows: T[] = [];
	pages.set(rows, { rows: first, total });
	return rows;
}

/** The first page `rows` stands for, or null for rows that are all there. */
export function firstPageOf<T>(rows: readonly T[]): FirstPage<T> | null {
	return (pages.get(rows) as FirstPage<T> | undefined) ?? null;
}

/** A declared default sort (record-types: `list.sort`). */
export interface DefaultSort {
	field: string;
	dir: SortDir;
}

interface Ranked<T> {
	row: T;
	by: SortKey | null;
	name: SortKey;
	id: string;
}

/**
 * Keeps the `size` rows a list's default view shows first: by the declared sort if any (empty
 * values last), then the order every device shares (the name as a sort compares it, then the id:
 * ui/records/list-state.ts `sharedOrder`). One pass: a row is compared with the last one kept.
 */
export class FirstRows<T extends { id: string; name?: string }> {
	readonly #kept: Ranked<T>[] = [];

	constructor(
		private readonly sort: DefaultSort | null | undefined,
		private readonly size = FIRST_PAGE_ROWS
	) {}

	add(row: T): void {
		const r: Ranked<T> = {
			row,
			by: this.sort ? sortKey((row as Record<string, unknown>)[this.sort.field]) : null,
			name: sortKey(row.name ?? ''),
			id: row.id
		};
		const kept = this.#kept;
		if (kept.length === this.size && this.#compare(r, kept[kept.length - 1]) >= 0) return;
		let at = kept.length;
		while (at > 0 && this.#compare(r, kept[at - 1]) < 0) at--;
		kept.splice(at, 0, r);
		if (kept.length > this.size) kept.pop();
	}

	get rows(): T[] {
		return this.#kept.map((r) => r.row);
	}

	#compare(a: Ranked<T>, b: Ranked<T>): number {
		if (a.by && b.by) {
			const c = compareSortKeys(a.by, b.by, this.sort!.dir);
			if (c !== 0) return c;
		}
		const c = compareSortKeys(a.name, b.name, 'asc');
		if (c !== 0) return c;
		return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
	}
}
