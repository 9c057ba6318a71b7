/**
 * When to tell a collection's reactive readers (a list sorting and filtering 100k rows) of a
 * change: at once after a quiet moment, so one edit shows without delay; while changes keep
 * coming, at most once per gap, which doubles each time changes filled it (up to a longest
 * gap) and starts again after a quiet moment; and as soon as changes stop, so the last of a
 * stream shows without waiting out the gap. A reader's pass has a cost of its own however
 * little changed: a new device receiving 100k people spent 10 of its 26 s re-reading its list
 * every 50 ms.
 *
 * Rows coming or going (a change that `resized` the collection) stop on their own account: once
 * none came or went for a quiet moment, readers are told even while rows keep changing in place.
 * A new device's last people shard was otherwise shown up to a longest gap late, behind the
 * stream of its people's rows rebuilt to show their organizations' names as those arrived.
 */

/** The first gap (one frame or so)… */
export const READERS_GAP_MS = 50;
/**
 * …and the longest: a list filling from the relay shows its progress a few times a second. Not
 * longer for a larger list: a reader merges what changed into its order (shared-order.ts), so
 * its pass grows with the rows that came in a gap, and a new device's 100k list taking 0.5 s of
 * them (~6,000 rows) held the page 70–90 ms.
 */
export const READERS_LONGEST_GAP_MS = 300;
/** No change for this long: the stream has stopped, tell at once. */
export const READERS_QUIET_MS = 50;

export class ReaderPacing {
	private lastTold = -Infinity;
	private lastChange = -Infinity;
	/** The last change that added or removed rows. */
	private lastResize = -Infinity;
	private gapMs = READERS_GAP_MS;
	/** When a scheduled telling is due at the latest. */
	private deadline = Infinity;

	/**
	 * A change at `now`: how long to wait before telling readers (0: at once; else ask `due`
	 * then). Call told() when they are told.
	 */
	delay(now: number, resized = false): number {
		this.changed(now, resized);
		const since = now - this.lastTold;
		if (since >= 2 * this.gapMs) this.gapMs = READERS_GAP_MS;
		if (since >= this.gapMs) return 0;
		const wait = this.gapMs - since;
		this.gapMs = Math.min(2 * this.gapMs, READERS_LONGEST_GAP_MS);
		this.deadline = now + wait;
		return Math.min(wait, READERS_QUIET_MS);
	}

	/** Another change at `now` while a telling is scheduled. */
	changed(now: number, resized = false): void {
		this.lastChange = now;
		if (resized) this.lastResize = now;
	}

	/**
	 * A scheduled telling at `now`: 0 if it is due (its gap is over, changes stopped a quiet
	 * moment ago, or rows stopped coming and going a quiet moment ago), else how much longer
	 * to wait.
	 */
	due(now: number): number {
		const quietFor = now - this.lastChange;
		if (quietFor >= READERS_QUIET_MS || now >= this.deadline) return 0;
		const untoldResize = this.lastResize > this.lastTold;
		const sizeQuietFor = now - this.lastResize;
		if (untoldResize && sizeQuietFor >= READERS_QUIET_MS) return 0;
		return Math.min(
			this.deadline - now,
			READERS_QUIET_MS - quietFor,
			untoldResize ? READERS_QUIET_MS - sizeQuietFor : Infinity
		);
	}

	told(now: number): void {
		this.lastTold = now;
		this.deadline = Infinity;
	}
}
