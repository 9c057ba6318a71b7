/**
 * The tasks the task views and reminders look at: the open ones, and the ones closed in the
 * last 8 days (Team's "done this week"). Kept per workspace from the live collection's change
 * events, so an edit costs the records it touched, not a scan of every task (100k: ~17 ms a
 * scan, three scans per edit). Reactive through the live collection's own (throttled) signal.
 */
import { task, type TaskRow } from '$lib/domain/record-types';
import type { LiveCollection } from '$lib/data/live-collection.svelte';
import type { Workspace } from '$lib/data/workspace.svelte';

const KEEP_CLOSED_MS = 8 * 86_400_000;

class ActiveTasks {
	#rows = new Map<string, TaskRow>();
	#array: TaskRow[] | null = null;
	#since = 0;

	constructor(private readonly live: LiveCollection<TaskRow>) {
		this.#rescan();
		live.onChange((changed) => {
			if (changed.size === 0 || changed.size > 1_000) this.#rescan();
			else for (const id of changed) this.#put(id, live.row(id));
			this.#array = null;
		});
	}

	#keep(r: TaskRow): boolean {
		return r.status === 'open' || (r.completedAt !== null && r.completedAt >= this.#since);
	}

	#put(id: string, r: TaskRow | undefined): void {
		if (r && this.#keep(r)) this.#rows.set(id, r);
		else this.#rows.delete(id);
	}

	#rescan(): void {
		this.#rows.clear();
		this.#since = Date.now() - KEEP_CLOSED_MS;
		for (const r of this.live.rows) if (this.#keep(r)) this.#rows.set(r.id, r);
		this.#array = null;
	}

	get rows(): TaskRow[] {
		this.live.subscribe();
		return (this.#array ??= [...this.#rows.values()]);
	}
}

const byWorkspace = new WeakMap<Workspace, ActiveTasks>();

export function activeTasks(ws: Workspace): TaskRow[] {
	let active = byWorkspace.get(ws);
	if (!active) byWorkspace.set(ws, (active = new ActiveTasks(ws.live(task))));
	return active.rows;
}
