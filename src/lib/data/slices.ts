/**
 * Long work in slices: a loop asks `due()` between small steps and, when its slice of the frame
 * is used up, awaits `pause()`, so the page keeps painting and answering input (no task over
 * 50 ms at 100k records). Without a way to yield (tests, Node), it never pauses.
 */
export class Slices {
	private until: number;

	constructor(
		private readonly yieldToBrowser: (() => Promise<void>) | null = null,
		private readonly sliceMs = 12
	) {
		this.until = performance.now() + sliceMs;
	}

	/** Whether this slice is used up (cheap: call it between steps of a few microseconds). */
	due(): boolean {
		return this.yieldToBrowser !== null && performance.now() >= this.until;
	}

	/** Lets the browser run, then starts a new slice. */
	async pause(): Promise<void> {
		await this.yieldToBrowser?.();
		this.until = performance.now() + this.sliceMs;
	}
}
