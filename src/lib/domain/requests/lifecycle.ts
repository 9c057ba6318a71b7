/**
 * What changing a request writes besides the change itself: a new priority moves the due time;
 * a status stamps when it was resolved or closed (a reopened request is not resolved any more);
 * the first outgoing reply logged on it stamps the first response. Pure: the data layer writes
 * the patch these return in the same step as the change.
 */
import type { InteractionFields } from '../record-types/interaction';
import type { RequestFields, RequestPriority, RequestStatus } from '../record-types/request';
import { dueTime, type ServiceLevels } from './service-level';

/** The fields of a new request opened `now`: due by its priority's service level. */
export function openedRequest(
	fields: Partial<RequestFields>,
	levels: ServiceLevels,
	now: number
): Partial<RequestFields> {
	const openedAt = fields.openedAt ?? now;
	const priority = fields.priority ?? 'normal';
	return {
		status: 'new',
		...fields,
		priority,
		openedAt,
		dueAt: dueTime(openedAt, priority, levels)
	};
}

/** The due time after a change of priority (from when it was opened, else from now). */
export function priorityPatch(
	current: Pick<RequestFields, 'openedAt'>,
	priority: RequestPriority,
	levels: ServiceLevels,
	now: number
): Partial<RequestFields> {
	const openedAt = current.openedAt ?? now;
	return { priority, openedAt, dueAt: dueTime(openedAt, priority, levels) };
}

/** The stamps a change of status writes. */
export function statusPatch(
	current: Pick<RequestFields, 'status' | 'resolvedAt' | 'closedAt'>,
	status: RequestStatus,
	now: number
): Partial<RequestFields> {
	const patch: Partial<RequestFields> = { status };
	if (status === current.status) return patch;
	// Closing a request nobody marked resolved resolves it too: the time to resolution is known.
	if (status === 'resolved' || status === 'closed') patch.resolvedAt = current.resolvedAt ?? now;
	else patch.resolvedAt = null;
	patch.closedAt = status === 'closed' ? (current.closedAt ?? now) : null;
	return patch;
}

/** Whether the interaction answers the customer: it went out and is not an internal note. */
export function isReply(i: Pick<InteractionFields, 'kind' | 'direction'>): boolean {
	return i.direction === 'out' && i.kind !== 'note';
}

/**
 * The first response a reply sets, or null when it sets none: the request has an earlier one
 * already. A reply dated before the request opened (logged late, wrong date) counts from the
 * opening.
 */
export function firstResponsePatch(
	current: Pick<RequestFields, 'openedAt' | 'firstResponseAt'>,
	reply: Pick<InteractionFields, 'kind' | 'direction' | 'occurredAt'>
): Partial<RequestFields> | null {
	if (!isReply(reply)) return null;
	const at = Math.max(reply.occurredAt, current.openedAt ?? reply.occurredAt);
	if (current.firstResponseAt !== null && current.firstResponseAt <= at) return null;
	return { firstResponseAt: at };
}
