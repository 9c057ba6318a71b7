/**
 * The board's index of deals (domain/pipelines/board-index.ts), one per workspace, kept from
 * the live collection's change events: a move or a teammate's edit patches the deals it
 * touched, and going back to the board finds the 22,000 deals already in order. Reactive
 * through the live collection's own (throttled) signal.
 */
import { deal, type DealRow } from '$lib/domain/record-types';
import { BoardIndex } from '$lib/domain/pipelines/board-index';
import type { LiveCollection } from '$lib/data/live-collection.svelte';
import type { Workspace } from '$lib/data/workspace.svelte';

/** Above this many changed deals at once (a load, an import) everything is indexed again. */
const PATCH_AT_MOST = 1_000;

class LiveBoard {
	readonly #index = new BoardIndex<DealRow>();
	#stale = true;

	constructor(private readonly live: LiveCollection<DealRow>) {
		live.onChange((changed) => {
			if (this.#stale) return;
			if (changed.size === 0 || changed.size > PATCH_AT_MOST) this.#stale = true;
			else for (const id of changed) this.#index.put(id, live.row(id));
		});
	}

	get index(): BoardIndex<DealRow> {
		this.live.subscribe();
		if (this.#stale) {
			this.#index.reset(this.live.rows);
			this.#stale = false;
		}
		return this.#index;
	}
}

const byWorkspace = new WeakMap<Workspace, LiveBoard>();

/** The workspace's deals as the board shows them (reactive). */
export function boardIndexOf(ws: Workspace): BoardIndex<DealRow> {
	let board = byWorkspace.get(ws);
	if (!board) byWorkspace.set(ws, (board = new LiveBoard(ws.live(deal))));
	return board.index;
}

/**
 * Builds the index while the page is idle (the deals list is open, the board not yet), so the
 * first board sorts nothing: its first visit cost ~115 ms with 22,000 deals, later ones ~45 ms.
 * Returns how to cancel.
 */
export function prepareBoardIndex(ws: Workspace): () => void {
	if (typeof requestIdleCallback !== 'function') return () => {};
	const handle = requestIdleCallback(() => boardIndexOf(ws), { timeout: 3_000 });
	return () => cancelIdleCallback(handle);
}
