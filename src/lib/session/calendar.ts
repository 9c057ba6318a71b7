/**
 * The current member's tasks in their calendar: a .ics file made on this device from the open
 * workspace (works offline), and the private subscription link the relay serves. Pages reach
 * the relay's calendar API ($lib/sync/calendar-api) and the task records only through here.
 */
import { recordType, task, type AnyRecordType } from '$lib/domain/record-types';
import type { TaskFields } from '$lib/domain/record-types/task';
import { ICS_MIME, tasksCalendar, type CalendarTask } from '$lib/domain/tasks/ics';
import * as api from '$lib/sync/calendar-api';
import { relayOrigin } from './relay-origin';
import type { OpenWorkspace } from './session.svelte';

export type CalendarLink =
	| { ok: true; active: false }
	/** `url` is null when the link was made on another device: the relay keeps no copy of it. */
	| { ok: true; active: true; url: string | null; createdAt: string | null }
	| { ok: false; message: string };

const NOT_REGISTERED: CalendarLink = {
	ok: false,
	message:
		'This workspace is not registered at the relay yet, so it cannot serve a calendar link. “Download my tasks” works meanwhile.'
};

/** Whether the member has a link, and its address if this device made it. */
export async function calendarLink(open: OpenWorkspace): Promise<CalendarLink> {
	const { workspaceId, memberId, token } = open.profile;
	if (!token) return NOT_REGISTERED;
	const r = await api.calendarLinkState(relayOrigin(), workspaceId, memberId, token);
	if (!r.ok) return r;
	if (!r.active) {
		forget(workspaceId, memberId);
		return { ok: true, active: false };
	}
	return {
		ok: true,
		active: true,
		url: remembered(workspaceId, memberId),
		createdAt: r.createdAt ?? null
	};
}

/** Makes the link, or replaces it: the previous address stops working at once. */
export async function newCalendarLink(open: OpenWorkspace): Promise<CalendarLink> {
	const { workspaceId, memberId, token } = open.profile;
	if (!token) return NOT_REGISTERED;
	const r = await api.makeCalendarLink(relayOrigin(), workspaceId, memberId, token);
	if (!r.ok) return r;
	const url = relayOrigin().replace(/\/+$/, '') + r.path;
	remember(workspaceId, memberId, url);
	return { ok: true, active: true, url, createdAt: r.createdAt || null };
}

export async function turnOffCalendarLink(open: OpenWorkspace): Promise<CalendarLink> {
	const { workspaceId, memberId, token } = open.profile;
	if (!token) return NOT_REGISTERED;
	const r = await api.turnOffCalendarLink(relayOrigin(), workspaceId, memberId, token);
	if (!r.ok) return r;
	forget(workspaceId, memberId);
	return { ok: true, active: false };
}

/** Why the file is not made before the device's copy of the workspace has loaded. */
export const TASKS_FILE_WHILE_LOADING =
	'This device is still loading the workspace, so the file would miss tasks. Try again in a moment.';

/**
 * The member's open, dated tasks as a calendar file, from what this device holds: not before
 * it has loaded (the task rows are empty, or cached without their records, until then — the
 * file would be a calendar with none or some of them, imported once and trusted).
 */
export function myTasksFile(open: OpenWorkspace): { fileName: string; mime: string; text: string } {
	const { workspace, profile } = open;
	if (!workspace.loaded) throw new Error(TASKS_FILE_WHILE_LOADING);
	const tasks = workspace.repo(task);
	const mine: CalendarTask[] = [];
	for (const row of tasks.rows) {
		if (row.assigneeId !== profile.memberId || row.status !== 'open' || !row.dueDate) continue;
		const view = tasks.get(row.id);
		if (!view || view.deleted) continue;
		mine.push({
			id: row.id,
			fields: view.record,
			updatedAt: view.record.updatedAt,
			about: aboutName(open, view.record),
			notes: tasks.notes(row.id).current
		});
	}
	const name = workspace.name || profile.name;
	return {
		fileName: 'my-tasks.ics',
		mime: ICS_MIME,
		text: tasksCalendar(mine, {
			name: `${name}: my tasks`,
			taskUrl: (id) => `${relayOrigin()}/tasks/${encodeURIComponent(id)}`
		})
	};
}

/** The record a task is about, by name ('' if none, or not on this device). */
function aboutName(open: OpenWorkspace, t: TaskFields): string {
	const links: [keyof TaskFields, string][] = [
		['personId', 'person'],
		['organizationId', 'organization'],
		['dealId', 'deal'],
		['requestId', 'request']
	];
	for (const [field, typeName] of links) {
		const id = t[field];
		const type = recordType(typeName) as AnyRecordType | undefined;
		if (typeof id !== 'string' || !type) continue;
		const view = open.workspace.repo(type).get(id);
		if (view) return type.displayName(view.record);
	}
	return '';
}

/** The link's address on this device: the relay stores only its hash. */
function storageKey(workspaceId: string, memberId: string): string {
	return `crm.calendar-link.${workspaceId}.${memberId}`;
}

function remembered(workspaceId: string, memberId: string): string | null {
	try {
		return localStorage.getItem(storageKey(workspaceId, memberId));
	} catch {
		return null;
	}
}

function remember(workspaceId: string, memberId: string, url: string): void {
	try {
		localStorage.setItem(storageKey(workspaceId, memberId), url);
	} catch {
		// Private mode or full: the link still works, it is just not shown again here.
	}
}

function forget(workspaceId: string, memberId: string): void {
	try {
		localStorage.removeItem(storageKey(workspaceId, memberId));
	} catch {
		// Nothing kept, nothing to forget.
	}
}
