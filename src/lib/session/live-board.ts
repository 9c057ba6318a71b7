/**
 * The board's index of deals (domain/pipelines/board-index.ts), one per workspace, kept from
 * the live collection's change events: a move or a teammate's edit patches the deals it
 * touched, and going back to the board finds the 22,000 deals already in order. Reactive
 * through the live collection's own (throttled) signal.
 */
import { deal, type DealRow } from '$lib/domain/record-types';
import { BoardIndex } from '$lib/domain/pipelines/board-index';
import { NO_FILTERS } from '$lib/domain/pipelines/board';
import { DEFAULT_PIPELINE_ID, pipelineOf } from '$lib/domain/pipelines/pipeline';
import { pipelinesOf } from '$lib/data/pipelines';
import type { LiveCollection } from '$lib/data/live-collection.svelte';
import type { Workspace } from '$lib/data/workspace.svelte';

/** Above this many changed deals at once (a load, an import) everything is indexed again. */
const PATCH_AT_MOST = 1_000;

class LiveBoard {
	readonly #index = new BoardIndex<DealRow>();
	#stale = true;
	/** How many pages want the index ready before the board opens (prepare()). */
	#wanted = 0;
	#idle: number | null = null;

	constructor(
		private readonly ws: Workspace,
		private readonly live: LiveCollection<DealRow>
	) {
		live.onChange((changed) => {
			if (this.#stale) return;
			// The rows going live after a warm open name every deal, but keep the cached row
			// objects: only the rows that are new objects need patching.
			const fresh: string[] = [];
			for (const id of changed)
				if (live.row(id) !== this.#index.row(id) && fresh.push(id) > PATCH_AT_MOST) break;
			if (changed.size === 0 || fresh.length > PATCH_AT_MOST) {
				this.#stale = true;
				this.#prepareSoon();
			} else for (const id of fresh) this.#index.put(id, live.row(id));
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

	/** Keeps the index built in idle time (also after a load or an import makes it stale). */
	prepare(): () => void {
		this.#wanted++;
		this.#prepareSoon();
		return () => {
			if (--this.#wanted > 0 || this.#idle === null) return;
			cancelIdleCallback(this.#idle);
			this.#idle = null;
		};
	}

	#prepareSoon(): void {
		if (this.#wanted === 0 || this.#idle !== null || typeof requestIdleCallback !== 'function')
			return;
		this.#idle = requestIdleCallback(
			() => {
				this.#idle = null;
				// Cached rows are about to go live (and be patched): index the live ones.
				if (!this.ws.loaded) return this.#retryLater();
				const index = this.index;
				// The default board's filter options and column totals too: its first frame
				// only reads them (their first build was ~30 ms of the first board).
				const pipelines = pipelinesOf(this.ws).list;
				const known = new Set(pipelines.map((p) => p.id));
				const pipeline = pipelineOf(pipelines, DEFAULT_PIPELINE_ID);
				index.options(pipeline, known);
				index.columns(pipeline, known, NO_FILTERS);
			},
			{ timeout: 3_000 }
		);
	}

	#retryLater(): void {
		setTimeout(() => this.#prepareSoon(), 500);
	}
}

const byWorkspace = new WeakMap<Workspace, LiveBoard>();

function boardOf(ws: Workspace): LiveBoard {
	let board = byWorkspace.get(ws);
	if (!board) byWorkspace.set(ws, (board = new LiveBoard(ws, ws.live(deal))));
	return board;
}

/** The workspace's deals as the board shows them (reactive). */
export function boardIndexOf(ws: Workspace): BoardIndex<DealRow> {
	return boardOf(ws).index;
}

/**
 * Builds the index while the page is idle (the deals list is open, the board not yet), and
 * again whenever a load or an import leaves it stale, so the first board sorts nothing: its
 * first visit cost ~115 ms with 22,000 deals, later ones ~45 ms. Returns how to stop.
 */
export function prepareBoardIndex(ws: Workspace): () => void {
	return boardOf(ws).prepare();
}
