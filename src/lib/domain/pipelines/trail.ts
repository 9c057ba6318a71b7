/**
 * A deal's stage trail as its list row carries it: [when it entered, the stage id][], in time
 * order, starting with where it started at its creation. Built from the moves kept on the deal
 * (data/stage-trail.ts). A deal with no recorded move (written before the trail existed, or
 * never moved) entered its current stage when it was created; a deal whose first recorded move
 * came from stage X started at X.
 */

/** One recorded stage change. */
export interface TrailMove {
	at: number;
	/** Member id. */
	by: string;
	from: string | null;
	to: string;
}

/** [entered at (ms), stage id]. */
export type TrailStep = readonly [at: number, stage: string];

/** The row's trail: the start at `createdAt`, then each move (`moves` in time order). */
export function compactTrail(
	createdAt: number,
	currentStage: string,
	moves: readonly TrailMove[],
	intern: (s: string) => string = (s) => s
): TrailStep[] {
	const start = moves[0]?.from ?? currentStage;
	const out: TrailStep[] = [[createdAt, intern(start)]];
	for (const m of moves) out.push([m.at, intern(m.to)]);
	return out;
}
