/**
 * A member's My day, kept per workspace from the task rows' change events (DayBuckets): a Done
 * click costs the task it changed, not re-bucketing and re-sorting the member's open tasks
 * (~5 ms a click with 100k tasks), and showing My day again costs the changes since it was
 * last shown. Reactive through the live collection's (throttled) signal.
 */
import { task, type TaskRow } from '$lib/domain/record-types';
import { DayBuckets } from '$lib/domain/tasks/day-buckets';
import type { DayGroups } from '$lib/domain/tasks/my-day';
import type { LiveCollection } from '$lib/data/live-collection.svelte';
import type { Workspace } from '$lib/data/workspace.svelte';
import { activeTasks } from './active-tasks';

/** More changes than this between two reads (a sync, an import): built again. */
const REBUILD_OVER = 1_000;

class MemberDay {
	#day: DayBuckets<TaskRow> | null = null;
	#pending = new Set<string>();
	#stale = true;

	constructor(
		private readonly ws: Workspace,
		private readonly live: LiveCollection<TaskRow>,
		private readonly member: string
	) {
		live.onChange((changed) => {
			if (this.#stale) return;
			if (changed.size === 0 || this.#pending.size + changed.size > REBUILD_OVER) {
				this.#stale = true;
				this.#pending.clear();
			} else for (const id of changed) this.#pending.add(id);
		});
	}

	groups(now: number, today: string, zone: string): DayGroups<TaskRow> {
		this.live.subscribe();
		let day = this.#day;
		if (this.#stale || !day || day.zone !== zone || !day.advance(now, today)) {
			day = this.#day = new DayBuckets(this.member, activeTasks(this.ws), now, today, zone);
			this.#stale = false;
		} else for (const id of this.#pending) day.put(id, this.live.row(id));
		this.#pending.clear();
		return day.groups;
	}
}

const byWorkspace = new WeakMap<Workspace, Map<string, MemberDay>>();

/** `member`'s open tasks by bucket at `now`; an unchanged bucket is the same array as before. */
export function myDayOf(
	ws: Workspace,
	member: string,
	now: number,
	today: string,
	zone: string
): DayGroups<TaskRow> {
	let members = byWorkspace.get(ws);
	if (!members) byWorkspace.set(ws, (members = new Map()));
	let day = members.get(member);
	if (!day) members.set(member, (day = new MemberDay(ws, ws.live(task), member)));
	return day.groups(now, today, zone);
}
