/**
 * The list's rows, cached on the device so the first screen paints before the whole
 * workspace document has loaded (at 100k people the document alone takes seconds: README, "Performance").
 * Rebuildable: a missing or stale cache only costs time; the document stays the truth.
 *
 * Rows are stored as JSON arrays of values in `keys` order: parsing arrays and building the
 * objects is faster than parsing 100k objects with their keys repeated, and the rows keep their
 * search haystack, so search is whole once they are in. The first page the list shows is stored
 * on its own, so a warm open paints it before the rest (7 MB at 10k people) is decoded.
 */
import { within } from './bounded';
import { intern, internAll, NO_VALUES, REPEATED_FIELDS } from './intern';
import { RepeatedColumns } from './repeated-columns';
import type { LocalDb, RowCacheEntry } from './local-db';
import { FirstRows, type DefaultSort, type FirstPage } from '$lib/domain/first-page';
import { Slices } from './slices';
import { takePrefetched } from './row-cache-prefetch';
import { SavePacing } from './save-pacing';

/** A cache read slower than this is given up: the document alone opens the workspace. */
const READ_LIMIT_MS = 3_000;
const FORMAT = 3;

interface Stored {
	v: typeof FORMAT;
	keys: string[];
	/** The columns whose values repeat (repeated-columns.ts): shared once read back. Caches
	 * written before it was stored intern REPEATED_FIELDS. */
	repeated?: string[];
	rows: unknown[][];
}

/**
 * Two entries per type, written together in one transaction with the same stamp:
 * - the first page, at `key` (`<workspace>:<type>`, what static/prefetch-rows.js reads ahead):
 *   the rows the list's default view shows first, as encodeRows' text, and the total;
 * - every row, at `<workspace>#<type>` (outside the prefetched range): the rows as texts of
 *   ROWS_PER_PART rows each, so they decode a part at a time between frames.
 */
interface FirstEntry extends RowCacheEntry {
	json: string;
	stamp: string;
}

interface RowsEntry extends RowCacheEntry {
	v: typeof FORMAT;
	keys: string[];
	/** JSON arrays of rows (each an array of values in `keys` order); Blobs when large. */
	parts: (string | Blob)[];
	repeated: string[];
	stamp: string;
}

/** Rows as taken from the documents, and their snapshots (Y.encodeSnapshot by name) then. */
export interface RowSnapshot<TRow> {
	rows: TRow[];
	docSnapshots: Record<string, Uint8Array>;
}

export interface CachedRows<TRow> {
	rows: TRow[];
	/**
	 * The document snapshots the rows reflect, when this build wrote them: only records changed
	 * after them need building again. Null when unknown (then every row is built again).
	 */
	docSnapshots: Record<string, Uint8Array> | null;
}

/** The first page of a type's cached rows, and which save it came from. */
export interface CachedFirstPage<TRow> extends FirstPage<TRow> {
	stamp: string;
}

export class RowCache<TRow extends { id: string; name?: string }> {
	private timer: ReturnType<typeof setTimeout> | null = null;
	/** When the timer's save starts (performance.now() time). */
	private due = 0;
	/** What the timer's save takes, as last given. */
	private take: (() => RowSnapshot<TRow> | null) | null = null;
	private slices: (() => Slices) | undefined;
	private readonly pacing = new SavePacing();
	/** The save under way: the next one waits for it, so two never interleave. */
	private saving: Promise<void> = Promise.resolve();
	private readonly rowsKey: string;
	/** The prefetch found no entry: the device has no cache of this type (nothing to read). */
	private missing = false;

	constructor(
		private readonly db: LocalDb,
		private readonly key: string,
		private readonly build: string,
		/** The list's declared default sort: the first page holds what it puts first. */
		private readonly sort: DefaultSort | null = null
	) {
		this.rowsKey = key.replace(':', '#');
	}

	/**
	 * The first page, if this build wrote it: a small read (prefetched while the modules load)
	 * and a decode of a few dozen rows, so the list paints before the rest is read.
	 */
	async loadFirst(): Promise<CachedFirstPage<TRow> | null> {
		try {
			const prefetched = await takePrefetched(this.key);
			this.missing = prefetched === null;
			const entry = (
				prefetched === undefined
					? await within(this.db.rowCache.get(this.key), READ_LIMIT_MS, null)
					: prefetched
			) as Partial<FirstEntry> | null;
			if (!entry || entry.build !== this.build || typeof entry.stamp !== 'string') return null;
			if (typeof entry.json !== 'string' || typeof entry.count !== 'number') return null;
			const rows = decodeRows<TRow>(entry.json);
			return rows && { rows, total: entry.count, stamp: entry.stamp };
		} catch {
			return null; // a damaged cache is just rebuilt
		}
	}

	/**
	 * Every row, decoded a part at a time with pauses between (`slices`); null if missing,
	 * damaged, of another format, or not of the save the first page shown came from (`stamp`).
	 */
	async load(slices = new Slices(), stamp?: string): Promise<CachedRows<TRow> | null> {
		try {
			// Both entries are written together: with no first page on the device, no rows either
			// (and the database is not opened, so not created, to find out).
			if (this.missing || (await takePrefetched(this.key)) === null) return null;
			const entry = (await within(
				this.db.rowCache.get(this.rowsKey),
				READ_LIMIT_MS,
				null
			)) as Partial<RowsEntry> | null;
			if (entry?.v !== FORMAT || !Array.isArray(entry.keys) || !Array.isArray(entry.parts))
				return null;
			if (stamp !== undefined && entry.stamp !== stamp) return null;
			const rows: TRow[] = [];
			for (const part of entry.parts) {
				const text = typeof part === 'string' ? part : await part.text();
				const decoded = decodePart<TRow>(entry.keys, JSON.parse(text), entry.repeated);
				if (!decoded) return null;
				for (const row of decoded) rows.push(row);
				if (slices.due()) await slices.pause();
			}
			if (rows.length !== entry.count) return null;
			const current = entry.build === this.build && isSnapshots(entry.docSnapshots);
			return { rows, docSnapshots: current ? entry.docSnapshots! : null };
		} catch {
			return null; // a damaged cache is just rebuilt
		}
	}

	/**
	 * Saves once the rows have been quiet for a moment and the last save is far enough behind
	 * (SavePacing), encoding them in slices between frames. A change only moves the due time:
	 * the timer, when it fires early, waits the rest (a new device's first sync called this
	 * thousands of times, each clearing and setting a timer: ~15 ms of its first seconds).
	 * `take` gives null while the rows do not yet reflect their documents (rows waiting to be
	 * rebuilt): nothing is saved then, and the rows' change, once rebuilt, asks again.
	 */
	saveSoon(take: () => RowSnapshot<TRow> | null, slices?: () => Slices): void {
		const now = performance.now();
		this.take = take;
		this.slices = slices;
		if (this.timer && this.pacing.keeps(this.due, now)) return;
		this.due = this.pacing.dueAfterChange(now);
		if (!this.timer) this.saveAtDue();
	}

	private saveAtDue(): void {
		this.timer = setTimeout(
			() => {
				if (this.due - performance.now() > 1) return this.saveAtDue();
				this.timer = null;
				const take = this.take!;
				const slices = this.slices;
				this.saving = this.saving.then(async () => {
					const snapshot = take();
					if (!snapshot) return;
					const start = performance.now();
					await this.save(snapshot, slices?.());
					this.pacing.saved(start, performance.now());
				});
			},
			Math.max(0, this.due - performance.now())
		);
	}

	async save({ rows, docSnapshots }: RowSnapshot<TRow>, slices = new Slices()): Promise<void> {
		try {
			const first = new FirstRows<TRow>(this.sort);
			const repeating = new RepeatedColumns(rows.length);
			const { keys, parts } = await encodePartsInSlices(rows, slices, (row) => {
				first.add(row);
				repeating.add(row);
			});
			const repeated = repeating.names();
			const savedAt = Date.now();
			const stamp = `${savedAt}-${Math.random().toString(36).slice(2)}`;
			const common = { count: rows.length, savedAt, build: this.build, stamp };
			const head: FirstEntry = {
				key: this.key,
				json: encodeRows(first.rows, repeated),
				...common
			};
			const all: RowsEntry = {
				key: this.rowsKey,
				json: '',
				v: FORMAT,
				keys,
				parts,
				repeated,
				docSnapshots,
				...common
			};
			await this.db.transaction('rw', this.db.rowCache, () =>
				this.db.rowCache.bulkPut([head, all])
			);
			this.missing = false;
		} catch {
			// quota or a closed database: the cache is an optimisation, the document is kept
		}
	}

	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}

/** The rows as one JSON text; `repeated`: the columns to share once read (repeated-columns.ts). */
export function encodeRows<TRow extends object>(
	rows: readonly TRow[],
	repeated: string[] = []
): string {
	const keys = rows.length ? Object.keys(rows[0]) : [];
	const stored: Stored = {
		v: FORMAT,
		keys,
		repeated,
		rows: rows.map((row) => keys.map((k) => (row as Record<string, unknown>)[k]))
	};
	return JSON.stringify(stored);
}

/**
 * Rows encoded per chunk between slices: small enough to fit in what a frame of a drag leaves
 * idle (chunks of 500 deal rows still cost a drag frames; 2,000 held a frame).
 */
const ROWS_PER_CHUNK = 250;
/**
 * Rows per stored part: one part is parsed and made rows in one step of a slice when read
 * (1,000 people: ~700 kB of JSON).
 */
export const ROWS_PER_PART = 1_000;

/**
 * Above this many characters the parts are stored as Blobs: the database keeps a Blob by
 * reference, while strings are copied on the page when written and again when read — the 20k
 * deals' 7.6 M characters took 261 ms in one task to read back, after the warm open's paint
 * (the threshold was 8 M, set when the whole cache was read before the paint and a Blob's own
 * disk read delayed it; the paint now comes from the first page's small entry). Reading 1 M
 * characters back is ~35 ms.
 */
const BLOB_ABOVE_CHARS = 1_000_000;

/**
 * The rows as JSON texts of ROWS_PER_PART rows each (arrays of values in `keys` order), made a
 * chunk of rows at a time with pauses between (at 100k rows one JSON.stringify held the page
 * ~460 ms); Blobs once the whole is large. `each` sees every row on the way.
 */
export async function encodePartsInSlices<TRow extends object>(
	rows: readonly TRow[],
	slices: Slices,
	each: (row: TRow) => void = () => {}
): Promise<{ keys: string[]; parts: (string | Blob)[] }> {
	const keys = rows.length ? Object.keys(rows[0]) : [];
	const parts: (string | Blob)[] = [];
	let part: string[] = [];
	let length = 0;
	let large = false;
	const close = async () => {
		const text = `[${part.join(',')}]`;
		part = [];
		length += text.length;
		parts.push(large ? new Blob([text]) : text);
		if (!large && length > BLOB_ABOVE_CHARS) {
			large = true;
			for (let i = 0; i < parts.length; i++) {
				if (typeof parts[i] === 'string') parts[i] = new Blob([parts[i]]);
				if (slices.due()) await slices.pause();
			}
		}
	};
	for (let at = 0; at < rows.length; at += ROWS_PER_CHUNK) {
		const chunk = rows.slice(at, at + ROWS_PER_CHUNK);
		for (const row of chunk) each(row);
		const values = chunk.map((row) => keys.map((k) => (row as Record<string, unknown>)[k]));
		part.push(JSON.stringify(values).slice(1, -1));
		if ((at + ROWS_PER_CHUNK) % ROWS_PER_PART === 0) await close();
		if (slices.due()) await slices.pause();
	}
	if (part.length) await close();
	return { keys, parts };
}

/** The rows, or null for anything that is not this format (an older cache is rebuilt). */
export function decodeRows<TRow extends object>(json: string): TRow[] | null {
	const stored = JSON.parse(json) as Partial<Stored> | null;
	if (stored?.v !== FORMAT || !Array.isArray(stored.keys)) return null;
	return decodePart(stored.keys, stored.rows, stored.repeated);
}

/**
 * Rows from arrays of values in `keys` order; the values of `repeatedKeys` interned (intern.ts),
 * strings and lists of strings (REPEATED_FIELDS and `tags` for a cache that does not say).
 */
function decodePart<TRow extends object>(
	keys: string[],
	rows: unknown,
	repeatedKeys: unknown
): TRow[] | null {
	if (!Array.isArray(rows)) return null;
	const shared = isStrings(repeatedKeys) ? repeatedKeys : [...REPEATED_FIELDS, 'tags'];
	const repeated = keys.map((k) => shared.includes(k));
	const out = new Array<TRow>(rows.length);
	// Each row a copy of one object holding every key: added one computed key at a time, a row
	// of over 12 keys fell into V8's dictionary mode (hash-table properties): at 100k people
	// ~1.6 kB a row instead of ~0.3 (+130 MB of heap on a warm open), and 3× slower to make.
	const template = Object.fromEntries(keys.map((k) => [k, undefined]));
	for (let r = 0; r < rows.length; r++) {
		const values = rows[r] as unknown[];
		const row: Record<string, unknown> = { ...template };
		for (let k = 0; k < keys.length; k++) {
			const v = values[k];
			if (!repeated[k]) row[keys[k]] = typeof v === 'string' ? v : sharedIfEmpty(v);
			else if (typeof v === 'string') row[keys[k]] = intern(v);
			else if (isStrings(v)) row[keys[k]] = internAll(v);
			else row[keys[k]] = sharedIfEmpty(v);
		}
		out[r] = row as TRow;
	}
	return out;
}

function isStrings(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** One empty object for every cached row: JSON.parse makes each row's `[]` and `{}` anew (no
 * interests, no custom fields — most people), 16–28 bytes each; live rows share empty lists. */
const NO_FIELDS: Record<string, never> = {};

/** `value`, or the one shared empty list or object in place of an empty one. */
function sharedIfEmpty(value: unknown): unknown {
	if (Array.isArray(value)) return value.length === 0 ? NO_VALUES : value;
	if (typeof value !== 'object' || value === null) return value;
	for (const _key in value) return value;
	return NO_FIELDS;
}

function isSnapshots(value: unknown): value is Record<string, Uint8Array> {
	return (
		typeof value === 'object' &&
		value !== null &&
		Object.values(value).every((v) => v instanceof Uint8Array)
	);
}
