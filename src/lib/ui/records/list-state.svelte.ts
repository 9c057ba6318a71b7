/**
 * A list screen's view state: search text, the record type's filters and sort, and the rows they
 * leave. Sorting runs only when the rows or the sort change; filtering (which keeps the order)
 * runs on every keystroke, so typing stays at one linear pass over the rows.
 *
 * Rows arrive in the order the device's documents hold them, which differs between devices: the
 * rows are first put in one order every device shares (by name, then id), and every sort is
 * stable over it, so equal values (a sort by kind) show in the same order everywhere too.
 */
import { filterRows } from '$lib/domain/filters';
import { fold } from '$lib/domain/fold';
import type { AnyRecordType, ListFilterDeclaration } from '$lib/domain/record-types/declaration';
import { BUILTIN_FIELDS, type SegmentFields } from '$lib/domain/segments/definition';
import { sortRowsBy, type SortDir } from '$lib/domain/sort';
import type { ListView } from './list-url';

export type { SortDir };

/** What a list needs of a row; the filters read the fields their type declares. */
export interface ListRow {
	id: string;
	/** What the shared default order sorts by (then the id); a row without it sorts by id. */
	name?: string;
	/** The folded haystack from searchText. */
	search: string;
}

/** What a list shows of a record type: its filters and the segment fields they test. */
export type ListedType = Pick<AnyRecordType, 'segmentFields' | 'list'>;

/**
 * By name (as a sort compares it: folded, trimmed), then by id: one sort by name, then each run of
 * equal names (few and short in real data) ordered by id.
 */
export function sharedOrder<T extends ListRow>(rows: readonly T[]): T[] {
	const out = sortRowsBy(rows, (r) => r.name ?? '', 'asc');
	const byId = (a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	let start = 0;
	let key = out.length ? nameKey(out[0]) : '';
	for (let i = 1; i <= out.length; i++) {
		const next = i < out.length ? nameKey(out[i]) : null;
		if (next === key) continue;
		if (i - start > 1) {
			const run = out.slice(start, i).sort(byId);
			for (let k = 0; k < run.length; k++) out[start + k] = run[k];
		}
		start = i;
		key = next ?? '';
	}
	return out;
}

/** The shared order's comparison of two rows (what sharedOrder's sort and runs amount to). */
function compareShared<T extends ListRow>(a: T, b: T, ka: string, kb: string): number {
	if (ka !== kb) {
		if (ka === '') return 1; // unnamed last, as a sort puts empty values
		if (kb === '') return -1;
		return ka < kb ? -1 : 1;
	}
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Each row's folded name, made once per row object (an edit builds a new row). */
const nameKeys = new WeakMap<ListRow, string>();
function nameKey(r: ListRow): string {
	let k = nameKeys.get(r);
	if (k === undefined) nameKeys.set(r, (k = fold((r.name ?? '').trim())));
	return k;
}

/**
 * The shared order of `rows` from the order of `before` (rows of the same list a moment ago):
 * rows gone are dropped and rows new or changed (new objects) merged in, so an edit at 100k
 * rows is a linear pass, not a sort. Null when more than a quarter is new: sort afresh.
 */
export function reorder<T extends ListRow>(
	before: readonly T[],
	ordered: readonly T[],
	rows: readonly T[]
): T[] | null {
	const was = new Set(before);
	const added = rows.filter((r) => !was.has(r));
	if (added.length > Math.max(256, rows.length / 4)) return null;
	const now = new Set(rows);
	const keys = new Map(added.map((r) => [r, nameKey(r)]));
	added.sort((a, b) => compareShared(a, b, keys.get(a)!, keys.get(b)!));
	const out: T[] = [];
	let j = 0;
	for (const r of ordered) {
		if (!now.has(r)) continue;
		if (j < added.length) {
			const k = nameKey(r);
			while (j < added.length && compareShared(added[j], r, keys.get(added[j])!, k) < 0) {
				out.push(added[j++]);
			}
		}
		out.push(r);
	}
	while (j < added.length) out.push(added[j++]);
	return out;
}

/** A one-at-a-time filter's value for "the field is empty" (an owner filter's "Nobody"). */
export const NONE = '(nobody)';

export class ListState<T extends ListRow> {
	query = $state('');
	/** Per filter (by field): the values picked; null stands for "the field is empty". */
	picked: Record<string, (string | null)[]> = $state({});
	sortKey = $state<string | null>(null);
	sortDir = $state<SortDir>('asc');

	/** The filters the type declares, in the toolbar's order. */
	readonly filters: readonly ListFilterDeclaration[];
	readonly #fields: SegmentFields;
	readonly #rows: () => T[];
	readonly #sortValue: (key: string) => (row: T) => unknown;

	/**
	 * `sortValue` gives a column's sort value (e.g. the owner's name rather than the id); `type`
	 * the record type's declaration, whose `list.filters` the list offers.
	 */
	constructor(
		rows: () => T[],
		sortValue: (key: string) => (row: T) => unknown,
		type: ListedType = { segmentFields: BUILTIN_FIELDS }
	) {
		this.#rows = rows;
		this.#sortValue = sortValue;
		this.#fields = type.segmentFields;
		this.filters = type.list?.filters ?? [];
		this.clear();
		if (type.list?.sort) {
			this.sortKey = type.list.sort.field;
			this.sortDir = type.list.sort.dir;
		}
	}

	/** The last shared order and the rows it was made of: a read with the same rows reuses it. */
	#base: { rows: T[]; ordered: T[] } | null = null;

	/** The rows in the order every device shares: by name, then by id. */
	#shared(): T[] {
		const rows = this.#rows();
		const base = this.#base;
		if (base?.rows !== rows) {
			const ordered = (base && reorder(base.rows, base.ordered, rows)) ?? sharedOrder(rows);
			this.#base = { rows, ordered };
		}
		return this.#base!.ordered;
	}

	readonly sorted: T[] = $derived.by(() => {
		const rows = this.#shared();
		const key = this.sortKey;
		return key ? sortRowsBy(rows, this.#sortValue(key), this.sortDir) : rows;
	});

	readonly shown: T[] = $derived.by(() =>
		filterRows(this.sorted, { query: this.query, values: this.picked }, this.#fields)
	);

	/**
	 * The values the rows hold, per filter offering them ('in-rows': every tag in use), sorted;
	 * recomputed only when the rows change.
	 */
	readonly inRows: Readonly<Record<string, string[]>> = $derived.by(() => {
		const fields = this.filters.filter((f) => f.values === 'in-rows').map((f) => f.field);
		if (!fields.length) return {};
		const sets = fields.map(() => new Set<string>());
		for (const row of this.#rows()) {
			for (let i = 0; i < fields.length; i++) {
				const v = (row as unknown as Record<string, unknown>)[fields[i]];
				if (Array.isArray(v)) {
					for (const x of v) if (typeof x === 'string' && x !== '') sets[i].add(x);
				} else if (typeof v === 'string' && v !== '') sets[i].add(v);
			}
		}
		return Object.fromEntries(
			fields.map((f, i) => [f, [...sets[i]].sort((a, b) => a.localeCompare(b))])
		);
	});

	/** Whether the search or any filter narrows the rows. */
	get filtered(): boolean {
		return this.query !== '' || this.filters.some((f) => this.picked[f.field]?.length);
	}

	/** The view as the URL keeps it (list-url.ts). */
	get view(): ListView {
		return {
			query: this.query,
			picked: this.picked,
			sortKey: this.sortKey,
			sortDir: this.sortDir
		};
	}

	/** Shows the view a URL names; filters the type does not declare are ignored. */
	apply(view: ListView): void {
		this.query = view.query;
		this.picked = Object.fromEntries(
			this.filters.map((f) => [f.field, view.picked[f.field] ?? []])
		);
		this.sortKey = view.sortKey;
		this.sortDir = view.sortDir;
	}

	/** No search, nothing picked. */
	clear(): void {
		this.query = '';
		this.picked = Object.fromEntries(this.filters.map((f) => [f.field, []]));
	}

	/** A one-at-a-time filter's value, as its <select> holds it: '' (any), NONE, or the value. */
	one(field: string): string {
		const v = this.picked[field]?.[0];
		return v === undefined ? '' : v === null ? NONE : v;
	}

	setOne(field: string, value: string): void {
		this.picked[field] = value === '' ? [] : value === NONE ? [null] : [value];
	}

	/** A multi-select filter's values. */
	many(field: string): string[] {
		return (this.picked[field] ?? []).filter((v) => v !== null);
	}

	setMany(field: string, values: string[]): void {
		this.picked[field] = values;
	}

	/** A header click: a new column sorts ascending, the same column flips direction. */
	sortBy(key: string): void {
		if (this.sortKey === key) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
		else {
			this.sortKey = key;
			this.sortDir = 'asc';
		}
	}
}
