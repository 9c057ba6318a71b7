/**
 * The support queue: requests of the statuses picked and of one assignee (or everyone, or
 * nobody), overdue first, then by due time; and how many each status holds under that
 * assignee, for the status buttons.
 */
import type { RequestRow } from '$lib/domain/record-types';
import { REQUEST_STATUSES, type RequestStatus } from '$lib/domain/record-types/request';
import { isOverdue } from '$lib/domain/requests/service-level';
import { fold } from '$lib/domain/fold';

/** Who the queue shows: everyone's, nobody's (to pick up), or one member's. */
export type AssigneeFilter =
	{ kind: 'anyone' } | { kind: 'nobody' } | { kind: 'member'; id: string };

export interface QueueFilter {
	statuses: ReadonlySet<RequestStatus>;
	assignee: AssigneeFilter;
	/** Words the row's search text holds. */
	query: string;
}

/** What a support lead opens the queue on: everything still being worked on, by anyone. */
export const WORKING_STATUSES: ReadonlySet<RequestStatus> = new Set(['new', 'open', 'waiting']);

function assigned(row: RequestRow, filter: AssigneeFilter): boolean {
	if (filter.kind === 'anyone') return true;
	if (filter.kind === 'nobody') return row.assigneeId === null;
	return row.assigneeId === filter.id;
}

export function statusCounts(
	rows: readonly RequestRow[],
	assignee: AssigneeFilter
): Record<RequestStatus, number> {
	const counts = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<
		RequestStatus,
		number
	>;
	for (const row of rows) if (assigned(row, assignee)) counts[row.status]++;
	return counts;
}

export function queueRows(
	rows: readonly RequestRow[],
	filter: QueueFilter,
	now: number
): RequestRow[] {
	const words = fold(filter.query).split(/\s+/).filter(Boolean);
	const shown = rows.filter(
		(r) =>
			filter.statuses.has(r.status) &&
			assigned(r, filter.assignee) &&
			words.every((w) => r.search.includes(w))
	);
	const late = new Map(shown.map((r) => [r.id, isOverdue(r, now)]));
	return shown.sort(
		(a, b) =>
			Number(late.get(b.id)) - Number(late.get(a.id)) ||
			(a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) ||
			(a.openedAt ?? 0) - (b.openedAt ?? 0) ||
			a.id.localeCompare(b.id)
	);
}
