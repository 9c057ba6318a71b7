/**
 * Rows rebuilt at once when few, in slices between tasks when many. Two kinds of change go
 * through it in the browser: rows that show a related record's value (a person's organization
 * name) when that value changes — a new device receives the organizations after their people,
 * and each organization shard rebuilt ~10,000 people's rows in the task that applied it (50–115
 * ms at 100k people, bench/sync.bench.ts) — and rows of records that others changed (the relay,
 * another tab): a new device's first sync applies a shard of ~800 people per message, and
 * building their rows in the same task held it 10–45 ms past the apply. This device's own edits
 * and loads never wait here (live-collection.svelte.ts). A row queued here reads its
 * record as it is when rebuilt, so a later edit is never undone; a queued row shows the old value
 * for the few tasks until then.
 */
import { Slices } from './slices';

/** More rows than this are rebuilt in slices. */
export const AT_ONCE = 256;
/** Rows rebuilt between two checks of the slice's time. */
const STEP = 128;

export interface Rebuildable {
	rebuild(ids: Iterable<string>): void;
}

export class SlicedRebuilds {
	readonly #queued = new Map<Rebuildable, Set<string>>();
	#draining = false;
	#stopped = false;

	constructor(
		/** Lets the browser run (a task boundary); null rebuilds everything at once (tests, Node). */
		private readonly yieldToBrowser: (() => Promise<void>) | null,
		private readonly sliceMs = 8,
		/** More rows than this are rebuilt in slices. */
		readonly atOnce = AT_ONCE
	) {}

	/** Rebuilds `ids` of `rows`: now when few and nothing waits, else after the queued ones. */
	rebuild(rows: Rebuildable, ids: Set<string>): void {
		if (this.#stopped || ids.size === 0) return;
		if (this.yieldToBrowser === null || (ids.size <= this.atOnce && this.#queued.size === 0)) {
			rows.rebuild(ids);
			return;
		}
		let queued = this.#queued.get(rows);
		if (!queued) this.#queued.set(rows, (queued = new Set()));
		for (const id of ids) queued.add(id);
		if (!this.#draining) void this.#drain();
	}

	/** Whether rows of `rows` wait to be rebuilt. */
	waits(rows: Rebuildable): boolean {
		return this.#queued.has(rows);
	}

	/** Rebuilds nothing more (the workspace is closed). */
	stop(): void {
		this.#stopped = true;
		this.#queued.clear();
	}

	async #drain(): Promise<void> {
		this.#draining = true;
		try {
			const slices = new Slices(this.yieldToBrowser, this.sliceMs);
			await slices.pause(); // the task that queued them ends first
			while (!this.#stopped && this.#queued.size > 0) {
				const [rows, ids] = this.#queued.entries().next().value!;
				const step: string[] = [];
				for (const id of ids) {
					step.push(id);
					ids.delete(id);
					if (step.length === STEP) break;
				}
				if (ids.size === 0) this.#queued.delete(rows);
				rows.rebuild(step);
				if (slices.due()) await slices.pause();
			}
		} finally {
			this.#draining = false;
		}
	}
}
