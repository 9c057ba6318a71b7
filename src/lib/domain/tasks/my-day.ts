/**
 * The task views' arithmetic: one member's tasks grouped by when they are due (My day), and
 * per member counts (Team). Both scan the rows once and bucket only what they keep: with 100k
 * tasks in the workspace a view is rebuilt on every edit, within a frame.
 */
import { addDays, dueBucket, dueInstant, dueSortKey, type Due, type DueBucket } from './due';

export interface TaskViewRow extends Due {
	id: string;
	name: string;
	status: string;
	priority: string;
	assigneeId: string | null;
	completedAt: number | null;
}

export const BUCKETS = ['overdue', 'today', 'upcoming', 'none'] as const;
export const BUCKET_LABELS: Record<DueBucket, string> = {
	overdue: 'Overdue',
	today: 'Today',
	upcoming: 'Upcoming',
	none: 'No date'
};

/** Titles in the reader's alphabet (one collator: localeCompare builds one per call). */
const titles = new Intl.Collator();

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** A task with its sort key made once (not twice a comparison). */
export interface DueEntry<T> {
	t: T;
	key: string;
	rank: number;
}

export function entryOf<T extends TaskViewRow>(t: T): DueEntry<T> {
	return { t, key: dueSortKey(t), rank: PRIORITY_RANK[t.priority] ?? 2 };
}

export function compareEntries(a: DueEntry<TaskViewRow>, b: DueEntry<TaskViewRow>): number {
	return (
		(a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
		a.rank - b.rank ||
		titles.compare(a.t.name, b.t.name) ||
		(a.t.id < b.t.id ? -1 : 1)
	);
}

/** Due order; on the same due time, the more urgent first; then by title. */
export function compareTasks(a: TaskViewRow, b: TaskViewRow): number {
	return compareEntries(entryOf(a), entryOf(b));
}

/** The tasks in compareTasks' order, each task's due key made once (not twice a comparison). */
export function inDueOrder<T extends TaskViewRow>(tasks: readonly T[]): T[] {
	return tasks
		.map(entryOf)
		.sort(compareEntries)
		.map((e) => e.t);
}

export type DayGroups<T> = Record<DueBucket, T[]>;

/** A member's open tasks by bucket, each in due order. */
export function myDay<T extends TaskViewRow>(
	rows: readonly T[],
	member: string,
	now: number,
	today: string,
	zone: string
): DayGroups<T> {
	const groups: DayGroups<T> = { overdue: [], today: [], upcoming: [], none: [] };
	const bucketOf = bucketsAt(now, today, zone);
	for (const r of rows) {
		if (r.assigneeId !== member || r.status !== 'open') continue;
		groups[bucketOf(r)].push(r);
	}
	for (const b of BUCKETS) groups[b] = inDueOrder(groups[b]);
	return groups;
}

/**
 * An open task's bucket for a reader at `now` whose day is `today` (dueBucket). A timed task
 * is today's when it falls before the reader's tomorrow begins: one zone computation per
 * view, not one per task (dueBucket's dayInZone).
 */
export function bucketsAt(now: number, today: string, zone: string): (r: Due) => DueBucket {
	const tomorrow = dueInstant(addDays(today, 1), '00:00', zone);
	return (r) => {
		if (r.dueDate === null) return 'none';
		if (r.dueAt === null) return dueBucket(r, now, today, zone);
		return r.dueAt < now ? 'overdue' : r.dueAt < tomorrow ? 'today' : 'upcoming';
	};
}

export interface MemberLoad {
	open: number;
	overdue: number;
	doneThisWeek: number;
}

/**
 * Open, overdue and done-since-`weekStart` counts per assignee ('' for nobody). Overdue needs
 * no zone arithmetic here: a timed task by its instant, an all-day one by its day.
 */
export function teamLoad(
	rows: readonly TaskViewRow[],
	now: number,
	today: string,
	weekStart: number
): Map<string, MemberLoad> {
	const load = new Map<string, MemberLoad>();
	for (const r of rows) {
		const key = r.assigneeId ?? '';
		let m = load.get(key);
		if (!m) load.set(key, (m = { open: 0, overdue: 0, doneThisWeek: 0 }));
		if (r.status === 'open') {
			m.open++;
			if (r.dueDate !== null && (r.dueAt !== null ? r.dueAt < now : r.dueDate < today)) m.overdue++;
		} else if (r.status === 'done' && r.completedAt !== null && r.completedAt >= weekStart)
			m.doneThisWeek++;
	}
	return load;
}

/** The start (ms) of the ISO week (Monday 00:00) holding `day` in the reader's zone, as a day. */
export function weekStartDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	const back = (d.getUTCDay() + 6) % 7;
	d.setUTCDate(d.getUTCDate() - back);
	return d.toISOString().slice(0, 10);
}

/** Snoozing: tomorrow, or next Monday ("next week"), from the reader's `today`. */
export function snoozeDays(today: string): { tomorrow: string; nextWeek: string } {
	const d = new Date(`${today}T00:00:00Z`);
	const tomorrow = new Date(d);
	tomorrow.setUTCDate(d.getUTCDate() + 1);
	const nextWeek = new Date(d);
	nextWeek.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
	return {
		tomorrow: tomorrow.toISOString().slice(0, 10),
		nextWeek: nextWeek.toISOString().slice(0, 10)
	};
}
