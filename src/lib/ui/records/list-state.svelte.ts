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
import type { AnyRecordType, ListFilterDeclaration } from '$lib/domain/record-types/declaration';
import { BUILTIN_FIELDS, type SegmentFields } from '$lib/domain/segments/definition';
import {
	isInSharedOrder,
	notedDelta,
	reorder,
	sharedOrder,
	type ListRow
} from '$lib/domain/shared-order';
import { countInSlices, ValuesInRows } from '$lib/domain/values-in-rows';
import { sortRowsBy, type SortDir } from '$lib/domain/sort';
import type { ListView } from './list-url';

export type { SortDir };
export { reorder, sharedOrder, type ListRow };

/** What a list shows of a record type: its filters and the segment fields they test. */
export type ListedType = Pick<AnyRecordType, 'segmentFields' | 'list'>;

/** Lists of more rows count their values in use over several tasks (100k people's tags: ~50 ms). */
const COUNT_AT_ONCE = 10_000;

/** Resolves in a later task (after input and rendering waiting now). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

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
			// Rows put in this order beforehand, between frames (a warm open's cached rows: at 100k
			// the sort here held the page 430 ms), are taken as they are.
			const ordered = isInSharedOrder(rows)
				? rows
				: ((base && reorder(base.rows, base.ordered, rows)) ?? sharedOrder(rows));
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

	/** The values in use (inRows) and the rows and shared order they were counted from. */
	#tally: { rows: T[]; ordered: T[]; values: ValuesInRows } | null = null;
	/** Whether a count over several tasks is under way (#countLater). */
	#counting = false;
	/** Moves when a count over several tasks is done, so inRows takes it. */
	#counted = $state(0);

	/**
	 * The values the rows hold, per filter offering them ('in-rows': every tag in use), sorted;
	 * counted again only when the rows change (not when the same rows come in a new array: 77 ms
	 * at 100k people), and then by what changed when that was noted (noteRowsDelta).
	 */
	readonly inRows: Readonly<Record<string, string[]>> = $derived.by(() => {
		const fields = this.filters.filter((f) => f.values === 'in-rows').map((f) => f.field);
		if (!fields.length) return {};
		void this.#counted;
		const ordered = this.#shared();
		const rows = this.#base!.rows;
		const tally = this.#tally;
		if (tally?.ordered === ordered)
			tally.rows = rows; // the same rows, in a new array
		else {
			const delta = tally && notedDelta(rows, tally.rows);
			if (tally && delta) {
				tally.values.change(delta.removed, delta.added);
				this.#tally = { rows, ordered, values: tally.values };
			} else if (ordered.length > COUNT_AT_ONCE) {
				this.#countLater(fields, rows, ordered);
				return tally?.values.values() ?? {}; // the values last counted, until then
			} else this.#tally = { rows, ordered, values: new ValuesInRows(fields, ordered) };
		}
		return this.#tally!.values.values();
	});

	/**
	 * Counts the values of `ordered` over several tasks, then has inRows take them (and what
	 * changed since, by the noted delta). One count at a time, each finished: rows that keep
	 * changing (a new device's first sync) cannot keep it from ever ending.
	 */
	#countLater(fields: string[], rows: T[], ordered: T[]): void {
		if (this.#counting) return;
		this.#counting = true;
		void countInSlices(fields, ordered, nextTask).then((values) => {
			this.#counting = false;
			this.#tally = { rows, ordered, values };
			this.#counted++;
		});
	}

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
