/**
 * The tasks the task views and reminders look at: the open ones, and the ones closed in the
 * last 8 days (Team's "done this week"); and, for the reminders, a member's open tasks with a
 * reminder. Kept per workspace from the live collection's change events, so an edit costs the
 * records it touched, not a scan of every task (100k: ~17 ms a scan, three scans per edit).
 * Reactive through the live collection's own (throttled) signal; an array is made again only
 * when one of its tasks changed, so a reader deriving from it sees the same array otherwise.
 */
import { task, type TaskRow } from '$lib/domain/record-types';
import type { LiveCollection } from '$lib/data/live-collection.svelte';
import type { Workspace } from '$lib/data/workspace.svelte';

const KEEP_CLOSED_MS = 8 * 86_400_000;

/** More changed ids than this at once (a sync, an import): one rescan instead. */
const RESCAN_OVER = 1_000;

class KeptTasks {
	#rows = new Map<string, TaskRow>();
	#array: TaskRow[] | null = null;
	#keep: (r: TaskRow) => boolean;

	/** `keeping()` is asked again at each rescan (a window that moves with the time). */
	constructor(
		private readonly live: LiveCollection<TaskRow>,
		private readonly keeping: () => (r: TaskRow) => boolean
	) {
		this.#keep = keeping();
		this.#rescan();
		live.onChange((changed) => {
			if (changed.size === 0 || changed.size > RESCAN_OVER) this.#rescan();
			else for (const id of changed) this.#put(id, live.row(id));
		});
	}

	#put(id: string, r: TaskRow | undefined): void {
		if (r && this.#keep(r)) {
			if (this.#rows.get(id) === r) return;
			this.#rows.set(id, r);
		} else if (!this.#rows.delete(id)) return;
		this.#array = null;
	}

	#rescan(): void {
		this.#rows.clear();
		this.#keep = this.keeping();
		for (const r of this.live.rows) if (this.#keep(r)) this.#rows.set(r.id, r);
		this.#array = null;
	}

	get rows(): TaskRow[] {
		this.live.subscribe();
		return (this.#array ??= [...this.#rows.values()]);
	}
}

interface Kept {
	active: KeptTasks;
	reminders: Map<string, KeptTasks>;
}

const byWorkspace = new WeakMap<Workspace, Kept>();

function keptOf(ws: Workspace): Kept {
	let kept = byWorkspace.get(ws);
	if (!kept) {
		const since = () => Date.now() - KEEP_CLOSED_MS;
		const active = new KeptTasks(ws.live(task), () => {
			const from = since();
			return (r) => r.status === 'open' || (r.completedAt !== null && r.completedAt >= from);
		});
		byWorkspace.set(ws, (kept = { active, reminders: new Map() }));
	}
	return kept;
}

export function activeTasks(ws: Workspace): TaskRow[] {
	return keptOf(ws).active.rows;
}

/** The member's open tasks with a reminder (the few the clock and the notices look at). */
export function remindingTasks(ws: Workspace, member: string): TaskRow[] {
	const { reminders } = keptOf(ws);
	let kept = reminders.get(member);
	if (!kept) {
		const keep = (r: TaskRow) =>
			r.reminderAt !== null && r.status === 'open' && r.assigneeId === member;
		reminders.set(member, (kept = new KeptTasks(ws.live(task), () => keep)));
	}
	return kept.rows;
}
