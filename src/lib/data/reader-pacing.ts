/**
 * When to tell a collection's reactive readers (a list sorting and filtering 100k rows) of a
 * change: at once after a quiet moment, so one edit shows without delay; while changes keep
 * coming, at most once per gap, which doubles each time changes filled it (up to a length that
 * grows with the rows) and starts again after a quiet moment. A reader's pass grows with the
 * rows: a new device receiving 100k people spent 10 of its 26 s re-reading its list every 50 ms,
 * and one receiving 10k re-sorted it for each of ~800 documents before there was any gap.
 */

/** The first gap (one frame or so)… */
export const READERS_GAP_MS = 50;
/** …and the longest, per row held (100k rows: 0.5 s); never under two first gaps. */
export const READERS_GAP_MS_PER_ROW = 0.005;

export class ReaderPacing {
	private lastTold = -Infinity;
	private gapMs = READERS_GAP_MS;

	/**
	 * How long to wait before telling readers of a change at `now` (0: at once); `rows` is how
	 * many the collection holds. Call told() when they are told.
	 */
	delay(now: number, rows: number): number {
		const since = now - this.lastTold;
		if (since >= 2 * this.gapMs) this.gapMs = READERS_GAP_MS;
		if (since >= this.gapMs) return 0;
		const wait = this.gapMs - since;
		const longest = Math.max(2 * READERS_GAP_MS, rows * READERS_GAP_MS_PER_ROW);
		this.gapMs = Math.min(2 * this.gapMs, longest);
		return wait;
	}

	told(now: number): void {
		this.lastTold = now;
	}
}
