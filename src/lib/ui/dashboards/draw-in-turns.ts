/**
 * Draws a dashboard's cards as their figures come in, a few per task: as many as fit in
 * `sliceMs` (work-slice.ts) — each drawn at once (flushed), so the slice is measured — then the
 * next task.
 * Eight cards drawn in one flush made one long task (113 ms at the size); one card per
 * task made a frame per card, and the frames (style, paint, commit of the whole board: ~80 ms
 * in a traced first render) cost more than the cards (~30 ms).
 */
import { WorkSlice } from './work-slice';

export const DRAW_SLICE_MS = 16;

export interface DrawTurns {
	/** A card may be ready: draws it (and any other) in the next task, if none is due. */
	wake(): void;
	stop(): void;
}

/** `next` names a card ready to be drawn (undefined: none); `draw` draws it there and then
 * (Svelte: in `flushSync`). */
export function drawInTurns(
	next: () => string | undefined,
	draw: (id: string) => void,
	sliceMs = DRAW_SLICE_MS
): DrawTurns {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	const turn = () => {
		const slice = new WorkSlice(sliceMs);
		try {
			let id = next();
			while (id !== undefined && !stopped) {
				draw(id);
				id = slice.roomForAnother() ? next() : undefined;
			}
		} finally {
			// A wake while drawing (its effects ran) waited for this: the rest in the next task.
			timer = null;
			if (!stopped && next() !== undefined) timer = setTimeout(turn, 0);
		}
	};
	return {
		wake() {
			if (timer === null && !stopped) timer = setTimeout(turn, 0);
		},
		stop() {
			stopped = true;
			if (timer !== null) clearTimeout(timer);
			timer = null;
		}
	};
}
