/**
 * A task's share of piecewise work (cards drawn, charts made): another piece is started only if,
 * costing what the last one did, it ends within the slice. Checking the clock before each piece
 * alone let a task run a whole piece past its slice: a chart of 23 ms begun at 15 ms made a
 * 38 ms frame, and with the canvases' paint and commit, tasks of 55–96 ms at the issue's size.
 * The first piece of a task always runs, however long.
 */
export class WorkSlice {
	readonly #started: number;
	#last: number;

	constructor(private readonly ms: number) {
		this.#started = this.#last = performance.now();
	}

	/** Call after each piece: whether one more, as long as the last, fits in the slice. */
	roomForAnother(): boolean {
		const now = performance.now();
		const cost = now - this.#last;
		this.#last = now;
		return now - this.#started + cost <= this.ms;
	}
}
