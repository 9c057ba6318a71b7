/**
 * The activities' kept times (domain/reports/activity-times.ts), one per workspace, kept from
 * the interaction rows' change events as My day is (my-day.ts): a call logged, arriving from a
 * teammate or edited moves its one time; many changes at once (months opened for a period, a
 * sync, an import) build them again from the rows when next read.
 */
import { interaction, type InteractionRow } from '$lib/domain/record-types';
import { ActivityTimes, type ActivityInput } from '$lib/domain/reports/activity-times';
import type { LiveCollection } from '$lib/data/live-collection.svelte';
import type { Workspace } from '$lib/data/workspace.svelte';

/** More changes than this between two reads: built again (one sort beats 1,000 splices). */
const REBUILD_OVER = 1_000;

class KeptTimes {
	#times: ActivityTimes | null = null;
	readonly #pending = new Set<string>();

	constructor(private readonly live: LiveCollection<InteractionRow>) {
		live.onChange((changed) => {
			if (this.#times === null) return;
			if (changed.size === 0 || this.#pending.size + changed.size > REBUILD_OVER) {
				this.#times = null;
				this.#pending.clear();
			} else for (const id of changed) this.#pending.add(id);
		});
	}

	/** The times of the live rows as they are now. */
	read(): ActivityTimes {
		let times = this.#times;
		if (times === null) {
			times = this.#times = new ActivityTimes(this.live.rows);
			indexInIdle(times);
		} else for (const id of this.#pending) times.put(id, this.live.row(id));
		this.#pending.clear();
		return times;
	}
}

/** Indexes the rows by id a few ms at a time while the page is idle, so the first edit does
 * not (without idle callbacks, the first edit does it). */
function indexInIdle(times: ActivityTimes): void {
	if (typeof requestIdleCallback !== 'function') return;
	const step = (deadline: IdleDeadline) => {
		if (!times.indexSome(Math.min(8, Math.max(1, deadline.timeRemaining()))))
			requestIdleCallback(step, { timeout: 1_000 });
	};
	requestIdleCallback(step, { timeout: 1_000 });
}

const kept = new WeakMap<Workspace, KeptTimes>();

/** The workspace's activity times, up to date with its interaction rows. */
export function activityTimesOf(ws: Workspace): ActivityTimes {
	let k = kept.get(ws);
	if (!k) kept.set(ws, (k = new KeptTimes(ws.live(interaction))));
	return k.read();
}

/** The input with the workspace's activity times, read only when a report asks for them. */
export function withActivityTimes<T extends object>(ws: Workspace, input: T): T & ActivityInput {
	Object.defineProperty(input, 'activityTimes', {
		get: () => activityTimesOf(ws),
		enumerable: false,
		configurable: true
	});
	return input as T & ActivityInput;
}
