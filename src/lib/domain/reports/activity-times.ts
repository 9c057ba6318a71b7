/**
 * Activities per member kept from changes: for each member and kind (call, meeting, e-mail) the
 * times of their activities in order, and the times of every activity with a member (the
 * total's, once however many members), so a week's figure is two binary searches in any zone
 * and a call logged puts one time in its place — instead of counting the 250,000 interactions
 * of twelve open months again (59 ms on a quiet machine). The session keeps one per workspace
 * from the interaction rows' change events (session/activity-times.ts), as My day's buckets are
 * kept; the activities report counts with it when it is on the input, else over the rows.
 */
import type { InteractionRow } from '../record-types';
import type { Span } from './report';

/** The kinds counted, by index (activities.ts names them). */
export const ACTIVITY_KIND_INDEX: Readonly<Record<string, number>> = {
	call: 0,
	meeting: 1,
	email: 2
};
const KINDS = 3;

export type ActivityRow = Pick<InteractionRow, 'id' | 'kind' | 'occurredAt' | 'memberIds'>;

/** Sorted times in a growable typed array: counts by binary search, one time moved per edit. */
class Times {
	data: Float64Array;
	length: number;

	constructor(values: number[]) {
		this.data = Float64Array.from(values).sort();
		this.length = values.length;
	}

	/** The first index whose time is ≥ t. */
	lowerBound(t: number): number {
		let lo = 0;
		let hi = this.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.data[mid] < t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	countIn(span: Span): number {
		return span.to > span.from ? this.lowerBound(span.to) - this.lowerBound(span.from) : 0;
	}

	insert(t: number): void {
		if (this.length === this.data.length) {
			const grown = new Float64Array(Math.max(16, this.data.length * 2));
			grown.set(this.data);
			this.data = grown;
		}
		const at = this.lowerBound(t);
		this.data.copyWithin(at + 1, at, this.length);
		this.data[at] = t;
		this.length++;
	}

	remove(t: number): void {
		const at = this.lowerBound(t);
		if (at >= this.length || this.data[at] !== t) return;
		this.data.copyWithin(at, at + 1, this.length);
		this.length--;
	}
}

/** Whether the row counts: an activity kind, a time, a member. */
function counts(row: ActivityRow): boolean {
	return (
		ACTIVITY_KIND_INDEX[row.kind] !== undefined &&
		Number.isFinite(row.occurredAt) &&
		row.memberIds.length > 0
	);
}

/** Calls `visit` with each member the row counts for, once (a member named twice once). */
function eachMember(row: ActivityRow, visit: (member: string) => void): void {
	const members = row.memberIds;
	for (let k = 0; k < members.length; k++)
		if (k === 0 || members.indexOf(members[k]) === k) visit(members[k]);
}

export class ActivityTimes {
	readonly #byMember = new Map<string, Times[]>();
	/** One time per member beyond the first of an activity: the total subtracts them. */
	#extra: Times;
	/** The rows counted by id, as they were put (an edit is a new row, never a changed one):
	 * made from `#unindexed` in slices (`indexSome`) or at the first put — a map of 250,000 ids
	 * costs more than the counting itself, and a page's first render needs only the counts. */
	readonly #placed = new Map<string, ActivityRow>();
	#unindexed: ActivityRow[] | null;
	#next = 0;

	constructor(rows: Iterable<ActivityRow>) {
		const counted: ActivityRow[] = [];
		const extra: number[] = [];
		const byMember = new Map<string, number[][]>();
		for (const row of rows) {
			if (!counts(row)) continue;
			counted.push(row);
			const at = row.occurredAt;
			const kind = ACTIVITY_KIND_INDEX[row.kind];
			let first = true;
			eachMember(row, (m) => {
				let kinds = byMember.get(m);
				if (!kinds) byMember.set(m, (kinds = Array.from({ length: KINDS }, () => [])));
				kinds[kind].push(at);
				if (!first) extra.push(at);
				first = false;
			});
		}
		this.#unindexed = counted;
		this.#extra = new Times(extra);
		for (const [m, kinds] of byMember)
			this.#byMember.set(
				m,
				kinds.map((times) => new Times(times))
			);
	}

	/** Indexes counted rows by id for about `ms`; true when all are (then puts cost no more). */
	indexSome(ms: number): boolean {
		const rows = this.#unindexed;
		if (!rows) return true;
		const until = performance.now() + ms;
		while (this.#next < rows.length) {
			const end = Math.min(rows.length, this.#next + 2_000);
			// No put comes between slices: a put indexes the rest first.
			for (; this.#next < end; this.#next++)
				this.#placed.set(rows[this.#next].id, rows[this.#next]);
			if (performance.now() >= until) break;
		}
		if (this.#next < rows.length) return false;
		this.#unindexed = null;
		return true;
	}

	/** The interaction `id` is now `row` (undefined: deleted or gone from the rows). */
	put(id: string, row: ActivityRow | undefined): void {
		this.indexSome(Infinity);
		const was = this.#placed.get(id);
		if (was) {
			const kind = ACTIVITY_KIND_INDEX[was.kind];
			let first = true;
			eachMember(was, (m) => {
				this.#byMember.get(m)?.[kind].remove(was.occurredAt);
				if (!first) this.#extra.remove(was.occurredAt);
				first = false;
			});
			this.#placed.delete(id);
		}
		if (!row || !counts(row)) return;
		const kind = ACTIVITY_KIND_INDEX[row.kind];
		this.#placed.set(id, row);
		let first = true;
		eachMember(row, (m) => {
			let kinds = this.#byMember.get(m);
			if (!kinds)
				this.#byMember.set(m, (kinds = Array.from({ length: KINDS }, () => new Times([]))));
			kinds[kind].insert(row.occurredAt);
			if (!first) this.#extra.insert(row.occurredAt);
			first = false;
		});
	}

	/** Every member with an activity at any time (some may have none in a given span). */
	members(): IterableIterator<string> {
		return this.#byMember.keys();
	}

	/** How many activities of `kind` (its index) `member` took part in within the span. */
	count(member: string, kind: number, span: Span): number {
		return this.#byMember.get(member)?.[kind].countIn(span) ?? 0;
	}

	/** How many activities with a member fall in the span, each once. */
	total(span: Span): number {
		let sum = 0;
		for (const kinds of this.#byMember.values()) for (const t of kinds) sum += t.countIn(span);
		return sum - this.#extra.countIn(span);
	}
}

/** What a report input may carry besides rows: the kept times of the rows' interactions. */
export interface ActivityInput {
	/**
	 * The times of exactly the interactions of `rows.interaction` (or of a newer state of the
	 * same collection, whose rows a computation follows shortly), kept from changes.
	 */
	activityTimes?: ActivityTimes;
}
