/**
 * Writing service requests with what their changes imply (domain/requests/lifecycle.ts): a new
 * request is due by its priority's service level, a new priority moves the due time, a status
 * stamps resolution and closing, and the first reply logged on a request stamps its first
 * response — each in the same undo step as the change that caused it.
 */
import { request, type RequestFields } from '$lib/domain/record-types/request';
import type { InteractionFields } from '$lib/domain/record-types/interaction';
import type { RequestPriority, RequestStatus } from '$lib/domain/record-types/request';
import {
	firstResponsePatch,
	openedRequest,
	priorityPatch,
	statusPatch
} from '$lib/domain/requests/lifecycle';
import { serviceLevelsOf } from './service-levels';
import type { Workspace } from './workspace.svelte';

/** Opens a request now; returns its id. */
export function openRequest(
	ws: Workspace,
	fields: Partial<RequestFields>,
	now = Date.now()
): string {
	return ws.repo(request).create(openedRequest(fields, serviceLevelsOf(ws).current, now));
}

export function changePriority(
	ws: Workspace,
	id: string,
	priority: RequestPriority,
	now = Date.now()
): void {
	const repo = ws.repo(request);
	const current = repo.get(id)?.record;
	if (!current || current.priority === priority) return;
	repo.update(id, priorityPatch(current, priority, serviceLevelsOf(ws).current, now));
}

export function changeStatus(
	ws: Workspace,
	id: string,
	status: RequestStatus,
	now = Date.now()
): void {
	const repo = ws.repo(request);
	const current = repo.get(id)?.record;
	if (!current || current.status === status) return;
	repo.update(id, statusPatch(current, status, now));
}

/**
 * Called as an interaction linked to a request is logged (inside the same undo group): a reply
 * sets the request's first response when it has none, or an earlier one.
 */
export function noteReply(
	ws: Workspace,
	logged: Pick<InteractionFields, 'requestId' | 'kind' | 'direction' | 'occurredAt'>
): void {
	if (!logged.requestId) return;
	const repo = ws.repo(request);
	const current = repo.get(logged.requestId)?.record;
	const patch = current ? firstResponsePatch(current, logged) : null;
	if (patch) repo.update(logged.requestId, patch);
}
