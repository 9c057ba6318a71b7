/**
 * When to write a cache that is rebuilt from the rows: once they have been quiet for a moment
 * (typing does not rewrite 100k rows), and not sooner after the last write than a multiple of
 * what that write took. Each write re-encodes every row (seconds of slices at 100k people); with
 * an interaction logged every second or two (10k people, 100k interactions), quiet-only saving
 * spent a fifth of both pages' time re-encoding (profiled: bench/RESULTS.md, "Logging an
 * interaction"). A late save only costs the next open a little more rebuilding: the document
 * stays the truth.
 */
export interface SavePacingOptions {
	/** Quiet needed after the last change. */
	quietMs: number;
	/** The gap after a save is at least this many times its duration… */
	durationFactor: number;
	/** …and at most this long, however slow the save was. */
	maxGapMs: number;
}

export const ROW_CACHE_PACING: SavePacingOptions = {
	quietMs: 2_000,
	durationFactor: 10,
	maxGapMs: 60_000
};

export class SavePacing {
	private lastEnd = -Infinity;
	private lastDuration = 0;

	constructor(private readonly options: SavePacingOptions = ROW_CACHE_PACING) {}

	/** The earliest time a save may start, given a change at `now`. */
	dueAfterChange(now: number): number {
		const { quietMs, durationFactor, maxGapMs } = this.options;
		const gap = Math.min(this.lastDuration * durationFactor, maxGapMs);
		return Math.max(now + quietMs, this.lastEnd + gap);
	}

	/**
	 * Whether a save already due at `due` may stay there on a change at `now`: it may when it
	 * still leaves the quiet delay, so a steady stream of changes during the gap after a slow
	 * save does not push it further each time.
	 */
	keeps(due: number, now: number): boolean {
		return due >= now + this.options.quietMs;
	}

	saved(start: number, end: number): void {
		this.lastEnd = end;
		this.lastDuration = Math.max(0, end - start);
	}
}
