/**
 * My day kept from changes: one member's open tasks by bucket, each in due order (myDay),
 * updated per changed task — a binary search and a splice — instead of re-bucketing and
 * re-sorting all of them on every edit. A bucket none of whose tasks changed keeps its array,
 * so its list is not redrawn. The time moving on within the day only moves today's timed tasks
 * that have passed to Overdue; another day or zone is built again.
 */
import type { DueBucket } from './due';
import {
	BUCKETS,
	bucketsAt,
	compareEntries,
	entryOf,
	type DayGroups,
	type DueEntry,
	type TaskViewRow
} from './my-day';

interface Placed<T> {
	bucket: DueBucket;
	entry: DueEntry<T>;
}

/** Where `entry` is or would go in `list` (no two entries compare equal: ids break ties). */
function lowerBound<T extends TaskViewRow>(list: DueEntry<T>[], entry: DueEntry<T>): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (list[mid] !== entry && compareEntries(list[mid], entry) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export class DayBuckets<T extends TaskViewRow> {
	readonly #entries: Record<DueBucket, DueEntry<T>[]> = {
		overdue: [],
		today: [],
		upcoming: [],
		none: []
	};
	readonly #where = new Map<string, Placed<T>>();
	readonly #dirty = new Set<DueBucket>(BUCKETS);
	#groups: DayGroups<T> = { overdue: [], today: [], upcoming: [], none: [] };
	#now: number;
	#today: string;
	#bucketOf: (r: T) => DueBucket;

	constructor(
		readonly member: string,
		rows: Iterable<T>,
		now: number,
		today: string,
		readonly zone: string
	) {
		this.#now = now;
		this.#today = today;
		this.#bucketOf = bucketsAt(now, today, zone);
		for (const r of rows) {
			if (!this.#keeps(r)) continue;
			const placed = { bucket: this.#bucketOf(r), entry: entryOf(r) };
			this.#entries[placed.bucket].push(placed.entry);
			this.#where.set(r.id, placed);
		}
		for (const b of BUCKETS) this.#entries[b].sort(compareEntries);
	}

	#keeps(r: T): boolean {
		return r.assigneeId === this.member && r.status === 'open';
	}

	/** The task `id` is now `row` (undefined: deleted or gone from the view's rows). */
	put(id: string, row: T | undefined): void {
		const was = this.#where.get(id);
		if (was) {
			const list = this.#entries[was.bucket];
			const at = lowerBound(list, was.entry);
			list.splice(list[at] === was.entry ? at : list.indexOf(was.entry), 1);
			this.#where.delete(id);
			this.#dirty.add(was.bucket);
		}
		if (!row || !this.#keeps(row)) return;
		const placed = { bucket: this.#bucketOf(row), entry: entryOf(row) };
		const list = this.#entries[placed.bucket];
		list.splice(lowerBound(list, placed.entry), 0, placed.entry);
		this.#where.set(id, placed);
		this.#dirty.add(placed.bucket);
	}

	/**
	 * The time is now `now`, on the reader's day `today`. Later the same day only today's timed
	 * tasks can pass (an all-day task is overdue from the next day, an upcoming one is due after
	 * today ends): they move to Overdue. False when it cannot follow (another day, an earlier
	 * time): build it again.
	 */
	advance(now: number, today: string): boolean {
		if (today !== this.#today || now < this.#now) return false;
		if (now === this.#now) return true;
		this.#now = now;
		this.#bucketOf = bucketsAt(now, today, this.zone);
		const passed = this.#entries.today.filter((e) => e.t.dueAt !== null && e.t.dueAt < now);
		for (const e of passed) this.put(e.t.id, e.t);
		return true;
	}

	/** The buckets; an unchanged bucket is the same array as last time. */
	get groups(): DayGroups<T> {
		if (this.#dirty.size === 0) return this.#groups;
		const groups = { ...this.#groups };
		for (const b of this.#dirty) groups[b] = this.#entries[b].map((e) => e.t);
		this.#dirty.clear();
		return (this.#groups = groups);
	}
}
