/**
 * A report's figures kept from one rows array to the next (issue #17: one edit costs what it
 * changes). Each row contributes values to named buckets (a month's won amount, a stage's open
 * deals); the buckets hold who contributed what. The live lists rebuild only the rows of the
 * records that changed, so a row whose object is the same as last time contributes the same:
 * a new rows array is compared by identity (a pointer per row, no values read), and only the
 * new, changed and gone rows are taken out and put in again. Anything else the contributions
 * depend on (filters, pipelines, rates, zone) is the context: a new context counts every row
 * again, as a full pass would.
 */
import { Tally } from './tally';
import { endTurn, mayStopAt } from './turns';

/** One contribution: `value` to the bucket named `bucket` (a row names a bucket at most once). */
export type Entry = readonly [bucket: string, value: number];

interface Bucket {
	/** Row id → value, in the order the rows came. */
	members: Map<string, number>;
	/** Sum and ids as last read; null once a member came, went or changed. */
	sum: number | null;
	ids: string[] | null;
}

/** The names `prefix0 … prefix{n-1}` of a report's indexed buckets, made once per sync, so a
 * row names its bucket without building a string. */
export function bucketNames(prefix: string, n: number): string[] {
	return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** What a row that adds to no bucket contributes: one shared empty list, no garbage per row. */
export const NOTHING: readonly Entry[] = [];

export class Contributions<Row extends { id: string }> {
	#context: readonly unknown[] | null = null;
	#rows: readonly Row[] | null = null;
	/**
	 * Each id of the last rows → its row, made only when a sync finds a row out of its place:
	 * the first sync of 20,000 deals keeps no map of them (each report's first render made one,
	 * garbage the collector copied), and an edit that keeps the order needs none.
	 */
	#byId: Map<string, Row> | null = null;
	readonly #entries = new Map<string, readonly Entry[]>();
	readonly #buckets = new Map<string, Bucket>();
	/** A first pass stopped when its turn's time was up (turns.ts): its rows, and where to go on. */
	#cut: { rows: readonly Row[]; next: number } | null = null;
	/** Rows contributed again by the last sync (the whole list after a new context). */
	lastCounted = 0;

	constructor(private readonly contribute: (row: Row) => readonly Entry[]) {}

	/**
	 * Brings the buckets up to `rows`. `context` lists what `contribute` reads besides the row
	 * (compared item by item with ===); `contribute` may close over it, read only after this.
	 */
	sync(rows: readonly Row[], context: readonly unknown[]): void {
		if (!sameContext(this.#context, context)) {
			this.#context = context;
			this.#rows = null;
			this.#byId = null;
			this.#cut = null;
			this.#entries.clear();
			this.#buckets.clear();
		}
		if (rows === this.#rows) {
			this.lastCounted = 0;
			return;
		}
		const before = this.#rows;
		const cut = this.#cut;
		this.#cut = null;
		if (before === null || cut?.rows === rows) {
			// Nothing kept yet: every row is new, none was there to take out. In turns, the pass
			// stops once its turn's time is up and goes on from there when given the same rows;
			// given others (an edit came between turns), the rows counted so far are what it
			// keeps, and the others are synced to them as an edit's are.
			const from = cut?.rows === rows ? cut.next : 0;
			for (let i = from; i < rows.length; i++) {
				if (mayStopAt(i, from)) {
					this.#rows = rows.slice(0, i);
					this.#cut = { rows, next: i };
					endTurn();
				}
				this.#add(rows[i].id, this.contribute(rows[i]));
			}
			this.#rows = rows;
			this.lastCounted = rows.length;
			return;
		}
		this.#rows = rows;
		let counted = 0;
		// The live lists keep their order: most rows are the previous array's at the same place,
		// a pointer compare; the others are looked up by id.
		let byId = this.#byId;
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i];
			const was = before[i];
			if (was === row) continue;
			// An edited record in its place (the usual edit) needs no lookup; a row out of its
			// place does.
			if (was?.id !== row.id) {
				// The rows before this one are in their places: theirs replace the old ones.
				byId ??= this.#byId = indexById(before, rows, i);
				if (byId.get(row.id) === row) continue;
			}
			byId?.set(row.id, row);
			this.#put(row.id, this.contribute(row));
			counted++;
		}
		// Some rows are gone (a record deleted, a month let go of): what they added goes too.
		if (byId === null) {
			// Every row is in its place: the ones past the new end are gone.
			for (let i = rows.length; i < before.length; i++) {
				this.#put(before[i].id, NOTHING);
				counted++;
			}
		} else if (byId.size > rows.length) {
			const live = new Set<string>();
			for (const row of rows) live.add(row.id);
			for (const id of [...byId.keys()])
				if (!live.has(id)) {
					byId.delete(id);
					this.#put(id, NOTHING);
					counted++;
				}
		}
		this.lastCounted = counted;
	}

	/** What the rows added to the bucket. */
	sum(name: string): number {
		const b = this.#buckets.get(name);
		if (!b) return 0;
		if (b.sum === null) {
			let s = 0;
			for (const v of b.members.values()) s += v;
			b.sum = s;
		}
		return b.sum;
	}

	/** The ids of the rows in the bucket, in the order they came (the same array until it changes). */
	ids(name: string): readonly string[] {
		const b = this.#buckets.get(name);
		if (!b) return NO_IDS;
		return (b.ids ??= [...b.members.keys()]);
	}

	/** The buckets the row of that id is in, with what it added (none: NOTHING). */
	entriesOf(id: string): readonly Entry[] {
		return this.#entries.get(id) ?? NOTHING;
	}

	/** How many rows are in the bucket. */
	count(name: string): number {
		return this.#buckets.get(name)?.members.size ?? 0;
	}

	/** Whether the row of that id is in the bucket. */
	has(name: string, id: string): boolean {
		return this.#buckets.get(name)?.members.has(id) ?? false;
	}

	/** The buckets whose name starts with `prefix`, in the order they were first filled. */
	*names(prefix: string): IterableIterator<string> {
		for (const [name, b] of this.#buckets)
			if (b.members.size > 0 && name.startsWith(prefix)) yield name;
	}

	/** The row last seen with that id. */
	row(id: string): Row | undefined {
		if (this.#rows === null) return undefined;
		return (this.#byId ??= indexById(this.#rows, this.#rows, 0)).get(id);
	}

	/** A first contribution: no bucket holds the row yet. */
	#add(id: string, entries: readonly Entry[]): void {
		if (entries.length === 0) return;
		for (const [name, value] of entries) {
			let b = this.#buckets.get(name);
			if (!b) this.#buckets.set(name, (b = { members: new Map(), sum: null, ids: null }));
			b.members.set(id, value);
			b.sum = null;
			b.ids = null;
		}
		this.#entries.set(id, entries);
	}

	#put(id: string, entries: readonly Entry[]): void {
		const before = this.#entries.get(id) ?? NOTHING;
		for (const [name] of before) {
			// Still in this bucket: its value is set in place below, keeping the row's position.
			if (entries.some(([n]) => n === name)) continue;
			const b = this.#buckets.get(name);
			if (!b) continue;
			b.members.delete(id);
			b.sum = null;
			b.ids = null;
		}
		for (const [name, value] of entries) {
			let b = this.#buckets.get(name);
			if (!b) this.#buckets.set(name, (b = { members: new Map(), sum: null, ids: null }));
			if (b.members.has(id) && Object.is(b.members.get(id), value)) continue;
			const had = b.members.has(id);
			b.members.set(id, value);
			b.sum = null;
			if (!had) b.ids = null;
		}
		if (entries.length) this.#entries.set(id, entries);
		else this.#entries.delete(id);
	}
}

const NO_IDS: readonly string[] = [];

/**
 * A Tally of `size` buckets named by `name(i)`: each one's count of rows (or, with `amount`,
 * the sum of their values) and their ids — what a full pass counting into a Tally makes.
 */
export function tallyOf<Row extends { id: string }>(
	kept: Contributions<Row>,
	size: number,
	name: (i: number) => string,
	amount: boolean
): Tally {
	const t = new Tally(size);
	const ids = t.ids as (readonly string[])[];
	for (let i = 0; i < size; i++) {
		const n = name(i);
		t.values[i] = amount ? kept.sum(n) : kept.count(n);
		ids[i] = kept.ids(n);
	}
	return t;
}

/** Each id → its row: `now`'s first `upTo` rows (in their places), then `before`'s. */
function indexById<Row extends { id: string }>(
	before: readonly Row[],
	now: readonly Row[],
	upTo: number
): Map<string, Row> {
	const byId = new Map<string, Row>();
	for (let i = 0; i < before.length; i++) {
		const row = i < upTo ? now[i] : before[i];
		byId.set(row.id, row);
	}
	return byId;
}

function sameContext(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
	return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}
