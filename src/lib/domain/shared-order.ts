/**
 * The order every device shares for a list's rows: by name (as a sort compares it: folded,
 * trimmed, empty last), then by id. Rows arrive in the order the device's documents hold them,
 * which differs between devices; every list sort is stable over this order, so equal values
 * show in the same order everywhere.
 *
 * Three ways to it: `sharedOrder` sorts at once; `reorder` merges an edit into the order of a
 * moment ago (linear); `sharedOrderInSlices` sorts between frames and marks the result, so a
 * list handed it takes it as it is (`isInSharedOrder`) — a warm open's 100k cached rows sorted
 * in the list's derivation held the page ~430 ms in one task.
 */
import { fold } from './fold';

/** What a list needs of a row; the filters read the fields their type declares. */
export interface ListRow {
	id: string;
	/** What the shared default order sorts by (then the id); a row without it sorts by id. */
	name?: string;
	/** The folded haystack from searchText. */
	search: string;
}

/** Where a long loop may pause (data/slices.ts `Slices`). */
export interface Pauses {
	due(): boolean;
	pause(): Promise<void>;
}

/** By name (as a sort compares it: folded, trimmed, empty last), then by id. */
export function sharedOrder<T extends ListRow>(rows: readonly T[]): T[] {
	// As sharedOrderInSlices, in one step: positions sorted by keys read from an array.
	const n = rows.length;
	const keys = new Array<string>(n);
	for (let i = 0; i < n; i++) keys[i] = nameKey(rows[i]);
	const at = new Int32Array(n);
	for (let i = 0; i < n; i++) at[i] = i;
	at.sort((x, y) => compareShared(rows[x], rows[y], keys[x], keys[y]));
	return inOrderOf(rows, at, keys);
}

/** The rows at positions `at`, in that order, with their keys kept for later merges. */
function inOrderOf<T extends ListRow>(
	rows: readonly T[],
	at: ArrayLike<number>,
	keys: string[]
): T[] {
	const n = at.length;
	const out = new Array<T>(n);
	const outKeys = new Array<string>(n);
	for (let i = 0; i < n; i++) {
		out[i] = rows[at[i]];
		outKeys[i] = keys[at[i]];
	}
	orderKeys.set(out, outKeys);
	return out;
}

/**
 * Each ordered array's name keys, position by position: a merge's binary searches read them
 * directly instead of looking each row's key up by row object (17 lookups a search at 100k).
 */
const orderKeys = new WeakMap<readonly unknown[], string[]>();

function keysOf<T extends ListRow>(ordered: readonly T[]): string[] {
	let keys = orderKeys.get(ordered);
	if (!keys) orderKeys.set(ordered, (keys = ordered.map(nameKey)));
	return keys;
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

/**
 * A row's folded name, made afresh: the keys of ordered rows are kept beside them (orderKeys),
 * so only rows new to a list are folded. A cache per row object (a WeakMap) held every row ever
 * listed: each of a new device's merges of thousands of arrivals grew a 100k-entry table
 * (5–10 ms in Node for 12,000 rows, against 1–3 ms to fold them), and the collector walks
 * such a table's entries on every major collection.
 */
function nameKey(r: ListRow): string {
	return fold((r.name ?? '').trim());
}

/** What changed from one array of a list's rows to the next, as their maker noted it. */
interface RowsDelta {
	from: readonly unknown[];
	removed: readonly unknown[];
	added: readonly unknown[];
}

/**
 * Each noted array's delta from the array before it, for the last few arrays: a list reads
 * its rows when it renders, and another reader in between (the people count, a saved cache)
 * makes the collection an array the list never saw. With one step kept, the list then compared
 * both arrays whole (two sets of 100k and a walk: traced in a new device's first sync).
 */
const deltas = new WeakMap<readonly unknown[], RowsDelta>();

/** Steps kept behind the newest array: each keeps its array (a pointer per row) alive. */
const STEPS_KEPT = 4;

/**
 * Notes that `rows` is `from` without `removed` and with `added` (row objects; an edited row is
 * its old object removed and its new one added), so reorder() merges only those instead of
 * comparing both arrays whole (25–60 ms for one edit at 100k rows). LiveCollection notes every
 * array it makes. The last STEPS_KEPT steps are kept: a longer chain would keep every older
 * array alive.
 */
export function noteRowsDelta<T extends object>(
	rows: readonly T[],
	from: readonly T[],
	removed: readonly T[],
	added: readonly T[]
): void {
	deltas.set(rows, { from, removed, added });
	let oldest: readonly unknown[] = rows;
	for (let step = 0; step < STEPS_KEPT; step++) {
		const delta = deltas.get(oldest);
		if (!delta) return;
		oldest = delta.from;
	}
	deltas.delete(oldest);
}

/**
 * What was noted as changed from `from` to `rows` (noteRowsDelta), over the steps between them,
 * or null if it was not (or not within the steps kept).
 */
export function notedDelta<T extends object>(
	rows: readonly T[],
	from: readonly T[]
): { removed: readonly T[]; added: readonly T[] } | null {
	const steps: RowsDelta[] = [];
	let at: readonly unknown[] = rows;
	while (steps.length < STEPS_KEPT) {
		const delta = deltas.get(at);
		if (!delta) return null;
		steps.push(delta);
		if (delta.from === from) break;
		at = delta.from;
	}
	if (steps.at(-1)!.from !== from) return null;
	if (steps.length === 1) return steps[0] as { removed: readonly T[]; added: readonly T[] };
	// The steps one after the other: a row added and removed again since is in neither.
	const removed = new Set<unknown>();
	const added = new Set<unknown>();
	for (let i = steps.length - 1; i >= 0; i--) {
		for (const r of steps[i].removed) if (!added.delete(r)) removed.add(r);
		for (const r of steps[i].added) if (!removed.delete(r)) added.add(r);
	}
	return { removed: [...removed], added: [...added] } as {
		removed: readonly T[];
		added: readonly T[];
	};
}

/**
 * The shared order of `rows` from the order of `before` (rows of the same list a moment ago):
 * rows gone are dropped and rows new or changed (new objects) merged in, so an edit at 100k
 * rows is a linear pass, not a sort — a pass over pointers when the delta between the two
 * arrays was noted (noteRowsDelta), however many were added (a new device's list grows by
 * thousands between two readings: sorting only those is still less than sorting all). Without
 * a noted delta, null when more than a quarter is new: sort afresh.
 */
export function reorder<T extends ListRow>(
	before: readonly T[],
	ordered: readonly T[],
	rows: readonly T[]
): T[] | null {
	const delta = notedDelta(rows, before);
	if (delta) return mergeDelta(ordered, delta.removed, delta.added);
	const was = new Set(before);
	const added = rows.filter((r) => !was.has(r));
	// The same rows (a warm open's live rows taking over from the cached ones): the same order,
	// the very array, so what was derived from it holds.
	if (added.length === 0 && rows.length === before.length) return ordered as T[];
	if (added.length > Math.max(256, rows.length / 4)) return null;
	// Not noted: the delta found by comparing the two arrays, then merged as a noted one.
	const now = new Set(rows);
	return mergeDelta(
		ordered,
		before.filter((r) => !now.has(r)),
		added
	);
}

/**
 * `ordered` without `removed`, with `added` merged in at their places. A row replaced by one
 * of the same id and name (an edit of another field, or its organization's name arriving)
 * takes the old one's place; the others are found by binary search (the rows are unique by
 * id, so each has one place), then one pass copies the rest. A new device's 100k list, its
 * people rebuilt by thousands as their organizations arrived, spent 40–55 ms per merge
 * searching and sorting rows that had not moved.
 */
function mergeDelta<T extends ListRow>(
	ordered: readonly T[],
	removed: readonly T[],
	added: readonly T[]
): T[] {
	const gone = new Set(removed);
	// A row added and replaced again since (both noted) is in neither.
	const fresh = gone.size === 0 ? added : added.filter((r) => !gone.has(r));
	if (gone.size === 0 && fresh.length === 0) return ordered as T[];
	const keys = keysOf(ordered);
	const freshById = new Map<string, T>();
	for (const r of fresh) freshById.set(r.id, r);
	let base = ordered;
	const drop: number[] = [];
	for (const at of placesOf(ordered, keys, gone)) {
		const r = ordered[at];
		const next = freshById.get(r.id);
		if (next !== undefined && next.name === r.name) {
			if (base === ordered) base = ordered.slice();
			(base as T[])[at] = next;
			freshById.delete(r.id);
		} else drop.push(at);
	}
	const coming = sharedOrder(freshById.size === fresh.length ? fresh : [...freshById.values()]);
	if (drop.length === 0 && coming.length === 0) {
		if (base !== ordered) orderKeys.set(base, keys);
		return base as T[];
	}
	drop.sort((a, b) => a - b);
	const comingKeys = orderKeys.get(coming)!;
	const n = base.length - drop.length + coming.length;
	const out = new Array<T>(n);
	const outKeys = new Array<string>(n);
	let o = 0;
	let d = 0;
	let i = 0;
	const copyUpTo = (end: number) => {
		for (; i < end; i++) {
			if (d < drop.length && drop[d] === i) d++;
			else {
				out[o] = base[i];
				outKeys[o++] = keys[i];
			}
		}
	};
	for (let f = 0; f < coming.length; f++) {
		// Places are in order: each search gallops on from where the last one ended. A replaced
		// row compares as the one it replaced (same id, same key), so `ordered` is searched.
		copyUpTo(gallop(ordered, keys, coming[f], comingKeys[f], i));
		out[o] = coming[f];
		outKeys[o++] = comingKeys[f];
	}
	copyUpTo(base.length);
	orderKeys.set(out, outKeys);
	return out;
}

/**
 * Where the rows of `gone` are in `ordered` (those that are: one may never have made it in):
 * by binary search, or for many of them (a tenth of the rows rebuilt as their organizations
 * arrived) by one pass, cheaper than thousands of searches.
 */
function placesOf<T extends ListRow>(
	ordered: readonly T[],
	keys: readonly string[],
	gone: ReadonlySet<T>
): number[] {
	const at: number[] = [];
	if (gone.size * 32 > ordered.length) {
		for (let i = 0; i < ordered.length; i++) if (gone.has(ordered[i])) at.push(i);
		return at;
	}
	for (const r of gone) {
		const i = placeOf(ordered, keys, r, nameKey(r), 0, ordered.length);
		if (ordered[i] === r) at.push(i);
	}
	return at;
}

/**
 * The first position from `from` whose row does not come before `r`, looked for near `from`
 * first: the 1st, 3rd, 7th, 15th … row on, then a binary search within the last step.
 * Sorted rows merged into a list land about n/m rows apart, so a place costs ~2·log(n/m)
 * comparisons of keys close together in memory instead of log(n) across the whole list: a new
 * device's 100k list took 12,000 arrivals in one merge (~35 ms of binary searches).
 */
function gallop<T extends ListRow>(
	ordered: readonly T[],
	keys: readonly string[],
	r: T,
	k: string,
	from: number
): number {
	const n = ordered.length;
	let lo = from;
	let step = 1;
	while (lo + step <= n && compareShared(ordered[lo + step - 1], r, keys[lo + step - 1], k) < 0) {
		lo += step;
		step *= 2;
	}
	return placeOf(ordered, keys, r, k, lo, Math.min(lo + step - 1, n));
}

/**
 * The first position in [lo, hi] whose row does not come before `r` (key `k`), by binary search:
 * every row before `lo` comes before `r`, and the row at `hi` (if any) does not.
 */
function placeOf<T extends ListRow>(
	ordered: readonly T[],
	keys: readonly string[],
	r: T,
	k: string,
	lo: number,
	hi: number
): number {
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compareShared(ordered[mid], r, keys[mid], k) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Arrays known to be in the shared order (made by sharedOrderInSlices, never changed after). */
const inOrder = new WeakSet<readonly unknown[]>();

export function isInSharedOrder(rows: readonly unknown[]): boolean {
	return inOrder.has(rows);
}

/** Rows per chunk sorted in one step (a few ms at most), before the chunks are merged. */
const CHUNK = 2_048;

/**
 * The same order as sharedOrder(rows), a new array, sorted in steps with pauses between (a
 * merge sort of sorted chunks: every step is a chunk's sort or a stretch of a merge), and marked
 * for isInSharedOrder.
 */
export async function sharedOrderInSlices<T extends ListRow>(
	rows: readonly T[],
	slices: Pauses
): Promise<T[]> {
	// Row positions are sorted, comparing keys read from arrays by position (with the keys in a
	// Map by row, each comparison's two lookups made the sort ~2.5× slower at 100k rows).
	const n = rows.length;
	const keys = new Array<string>(n);
	for (let i = 0; i < n; i++) {
		keys[i] = nameKey(rows[i]);
		if ((i & 1023) === 1023 && slices.due()) await slices.pause();
	}
	const compare = (x: number, y: number) => compareShared(rows[x], rows[y], keys[x], keys[y]);
	let from = new Int32Array(n);
	for (let i = 0; i < n; i++) from[i] = i;
	for (let at = 0; at < n; at += CHUNK) {
		from.subarray(at, at + CHUNK).sort(compare);
		if (slices.due()) await slices.pause();
	}
	for (let width = CHUNK; width < n; width *= 2) {
		const to = new Int32Array(n);
		for (let left = 0; left < n; left += 2 * width) {
			const mid = Math.min(left + width, n);
			const end = Math.min(left + 2 * width, n);
			let i = left;
			let j = mid;
			let k = left;
			while (i < mid && j < end) {
				// Stable: on a tie the left run's row first (ties are the same row only).
				to[k++] = compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
				if ((k & 1023) === 0 && slices.due()) await slices.pause();
			}
			while (i < mid) to[k++] = from[i++];
			while (j < end) to[k++] = from[j++];
		}
		from = to;
		if (slices.due()) await slices.pause();
	}
	const out = inOrderOf(rows, from, keys);
	inOrder.add(out);
	return out;
}
