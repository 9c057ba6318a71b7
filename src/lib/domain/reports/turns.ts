/**
 * A report's first pass over many rows, in turns. A dashboard computes its reports with a
 * deadline (`inTurns`, ui/dashboards/live-reports); a first pass that finds the deadline passed
 * stops where it is (contributions.ts and goal-deals-ledger.ts keep the place), and the report,
 * run again in a later task with the same rows, goes on from there. Cold, the first pass over 20,000 deals held one
 * task for 20–32 ms at the size, and with a scavenge in it, tasks of 55–80 ms. Outside
 * `inTurns` (report pages, the bench, tests) a pass runs to its end.
 */

/** Thrown through a report's code when its time is up; not an Error: no stack is captured. */
class Unfinished {}
const UNFINISHED = new Unfinished();

let deadline = Infinity;

/** A pass over rows looks at the clock once per this many rows. */
const ROWS_PER_LOOK = 256;

/** Whether the current turn's time is up (never, outside `inTurns`). */
function timeIsUp(): boolean {
	return deadline !== Infinity && performance.now() >= deadline;
}

/**
 * Whether a pass begun at row `from` may stop before row `i`: it has counted some rows, this is
 * one at which it looks at the clock, and the turn's time is up.
 */
export function mayStopAt(i: number, from: number): boolean {
	return i > from && i % ROWS_PER_LOOK === 0 && timeIsUp();
}

/** Ends this turn: `inTurns` returns null, and the caller runs the report again later. */
export function endTurn(): never {
	throw UNFINISHED;
}

/** Runs `run` with a deadline: its value, or null if a pass stopped at the deadline. */
export function inTurns<T>(until: number, run: () => T): { value: T } | null {
	const outer = deadline;
	deadline = until;
	try {
		return { value: run() };
	} catch (error) {
		if (error === UNFINISHED) return null;
		throw error;
	} finally {
		deadline = outer;
	}
}
