/**
 * The list's rows, cached on the device so the first screen paints before the whole
 * workspace document has loaded (DESIGN.md: at 100k people the document alone takes ~2 s).
 * Rebuildable: a missing or stale cache only costs time; the document stays the truth.
 */
import type { LocalDb } from './local-db';

const SAVE_DELAY_MS = 2_000;

/** What is left out of the cache and how a cached row is made whole again. */
export interface RowCacheCodec<TRow, TCached> {
	toCached(row: TRow): TCached;
	fromCached(cached: TCached): TRow;
}

export class RowCache<TRow, TCached = TRow> {
	private timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly db: LocalDb,
		private readonly key: string,
		private readonly codec: RowCacheCodec<TRow, TCached>
	) {}

	async load(): Promise<TRow[] | null> {
		try {
			const entry = await this.db.rowCache.get(this.key);
			return entry ? (JSON.parse(entry.json) as TCached[]).map(this.codec.fromCached) : null;
		} catch {
			return null; // a damaged cache is just rebuilt
		}
	}

	/** Saves once the rows have been quiet for a moment (typing does not rewrite 100k rows). */
	saveSoon(rows: () => TRow[]): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.save(rows());
		}, SAVE_DELAY_MS);
	}

	async save(rows: TRow[]): Promise<void> {
		try {
			await this.db.rowCache.put({
				key: this.key,
				json: JSON.stringify(rows.map(this.codec.toCached)),
				count: rows.length,
				savedAt: Date.now()
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
