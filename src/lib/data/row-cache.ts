/**
 * The list's rows, cached on the device so the first screen paints before the whole
 * workspace document has loaded (at 100k people the document alone takes seconds: README, "Performance").
 * Rebuildable: a missing or stale cache only costs time; the document stays the truth.
 *
 * Stored as one JSON string of `{ v, keys, rows }`, each row an array of values in `keys` order:
 * parsing arrays and building the objects is faster than parsing 100k objects with their keys
 * repeated, and the rows keep their search haystack, so search is whole from the first paint.
 */
import { within } from './bounded';
import { intern, internAll, REPEATED_FIELDS } from './intern';
import type { LocalDb } from './local-db';
import { Slices } from './slices';
import { takePrefetched } from './row-cache-prefetch';

const SAVE_DELAY_MS = 2_000;
/** A cache read slower than this is given up: the document alone opens the workspace. */
const READ_LIMIT_MS = 3_000;
const FORMAT = 2;

interface Stored {
	v: typeof FORMAT;
	keys: string[];
	rows: unknown[][];
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

export class RowCache<TRow extends object> {
	private timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly db: LocalDb,
		private readonly key: string,
		private readonly build: string
	) {}

	async load(): Promise<CachedRows<TRow> | null> {
		try {
			const prefetched = await takePrefetched(this.key);
			const entry =
				prefetched === undefined
					? await within(this.db.rowCache.get(this.key), READ_LIMIT_MS, null)
					: prefetched;
			const json = typeof entry?.json === 'string' ? entry.json : await entry?.json.text();
			const rows = entry && json !== undefined ? decodeRows<TRow>(json) : null;
			if (!entry || !rows) return null;
			const current = entry.build === this.build && isSnapshots(entry.docSnapshots);
			return { rows, docSnapshots: current ? entry.docSnapshots! : null };
		} catch {
			return null; // a damaged cache is just rebuilt
		}
	}

	/**
	 * Saves once the rows have been quiet for a moment (typing does not rewrite 100k rows),
	 * encoding them in slices between frames.
	 */
	saveSoon(take: () => RowSnapshot<TRow>, slices?: () => Slices): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.save(take(), slices?.());
		}, SAVE_DELAY_MS);
	}

	async save({ rows, docSnapshots }: RowSnapshot<TRow>, slices = new Slices()): Promise<void> {
		try {
			await this.db.rowCache.put({
				key: this.key,
				json: await encodeRowsInSlices(rows, slices),
				count: rows.length,
				savedAt: Date.now(),
				docSnapshots,
				build: this.build
			});
		} catch {
			// quota or a closed database: the cache is an optimisation, the document is kept
		}
	}

	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}

export function encodeRows<TRow extends object>(rows: readonly TRow[]): string {
	const keys = rows.length ? Object.keys(rows[0]) : [];
	const stored: Stored = {
		v: FORMAT,
		keys,
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
 * Above this many characters the cache is stored as a Blob: the database keeps a Blob by
 * reference instead of copying the string on the page (at 100k rows, 40 MB: ~280 ms in one
 * task), while reading a Blob back is a disk read of its own (a 4 MB one took ~100 ms more to
 * open 10k people warm than a string).
 */
const BLOB_ABOVE_CHARS = 8_000_000;

/**
 * encodeRows' text, made a chunk of rows at a time with pauses between (at 100k rows one
 * JSON.stringify held the page ~460 ms); a string, or a Blob when it is large. A large one
 * becomes Blobs chunk by chunk as it grows: one Blob of the whole 10 MB text took 62 ms in one
 * task, while joining Blobs copies nothing on the page.
 */
export async function encodeRowsInSlices<TRow extends object>(
	rows: readonly TRow[],
	slices: Slices
): Promise<string | Blob> {
	const keys = rows.length ? Object.keys(rows[0]) : [];
	const parts: (string | Blob)[] = [`{"v":${FORMAT},"keys":${JSON.stringify(keys)},"rows":[`];
	let length = (parts[0] as string).length;
	let large = false;
	for (let at = 0; at < rows.length; at += ROWS_PER_CHUNK) {
		const chunk = rows
			.slice(at, at + ROWS_PER_CHUNK)
			.map((row) => keys.map((k) => (row as Record<string, unknown>)[k]));
		const text = (at > 0 ? ',' : '') + JSON.stringify(chunk).slice(1, -1);
		length += text.length;
		parts.push(large ? new Blob([text]) : text);
		if (!large && length > BLOB_ABOVE_CHARS) {
			large = true;
			for (let i = 0; i < parts.length; i++) {
				if (typeof parts[i] === 'string') parts[i] = new Blob([parts[i]]);
				if (slices.due()) await slices.pause();
			}
		}
		if (slices.due()) await slices.pause();
	}
	parts.push(']}');
	if (large) return new Blob(parts, { type: 'application/json' });
	return (parts as string[]).join('');
}

/** The rows, or null for anything that is not this format (an older cache is rebuilt). */
export function decodeRows<TRow extends object>(json: string): TRow[] | null {
	const stored = JSON.parse(json) as Partial<Stored> | null;
	if (stored?.v !== FORMAT || !Array.isArray(stored.keys) || !Array.isArray(stored.rows))
		return null;
	const { keys, rows } = stored;
	const repeated = keys.map((k) => REPEATED_FIELDS.includes(k));
	const tags = keys.indexOf('tags');
	const out = new Array<TRow>(rows.length);
	for (let r = 0; r < rows.length; r++) {
		const values = rows[r];
		const row: Record<string, unknown> = {};
		for (let k = 0; k < keys.length; k++) {
			const v = values[k];
			row[keys[k]] = repeated[k] && typeof v === 'string' ? intern(v) : v;
		}
		if (tags >= 0 && Array.isArray(values[tags])) row.tags = internAll(values[tags] as string[]);
		out[r] = row as TRow;
	}
	return out;
}

function isSnapshots(value: unknown): value is Record<string, Uint8Array> {
	return (
		typeof value === 'object' &&
		value !== null &&
		Object.values(value).every((v) => v instanceof Uint8Array)
	);
}
