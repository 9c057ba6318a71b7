/**
 * What people do to tasks beyond editing a field: create one, complete it (and, for a repeating
 * task, create the next one exactly once), reopen, snooze, and deal with its reminder. Each is
 * a few writes through the task repository, so history, undo and sync see them like any edit.
 */
import { task } from '$lib/domain/record-types';
import type { TaskFields } from '$lib/domain/record-types/task';
import { dueInstant, todayOf } from '$lib/domain/tasks/due';
import { nextDueDate } from '$lib/domain/tasks/recurrence';
import { localTimeZone } from '$lib/domain/time-zones';
import type { Workspace } from '$lib/data/workspace.svelte';

/** The id of a series' `n`th task: the same on every device, so a repeat is created once. */
export function occurrenceId(seriesId: string, n: number): string {
	return `${seriesId}-r${n}`;
}

export type NewTask = Partial<TaskFields> & { title: string; notes?: string };

/** Adds a task, by the current member, assigned to them unless said otherwise. */
export function createTask(ws: Workspace, fields: NewTask): string {
	return ws.repo(task).create({ assigneeId: ws.me, createdBy: ws.me, ...fields });
}

/** The moment a day (and time) is due, for moving a reminder with it. */
function dueMoment(day: string, time: string | null, zone: string): number {
	return dueInstant(day, time ?? '00:00', zone);
}

/**
 * Marks the task done by the current member. A repeating task's next one is created with an id
 * derived from its series: two devices completing it at once (offline) create the same record.
 * Returns the next task's id, if one was made.
 */
export function completeTask(ws: Workspace, id: string, now = Date.now()): string | null {
	const tasks = ws.repo(task);
	const t = tasks.get(id)?.record;
	if (!t || t.status !== 'open') return null;
	tasks.update(id, { status: 'done', completedAt: now, completedBy: ws.me });
	if (!t.repeat) return null;
	const zone = t.timeZone || localTimeZone();
	const next = nextDueDate(t, todayOf(now, zone));
	if (!next) return null;
	const seriesId = t.seriesId ?? id;
	const nextId = occurrenceId(seriesId, t.occurrence + 1);
	let reminderAt: number | null = null;
	if (t.reminderAt !== null && t.dueDate !== null)
		reminderAt =
			t.reminderAt -
			dueMoment(t.dueDate, t.dueTime, t.timeZone) +
			dueMoment(next, t.dueTime, t.timeZone);
	tasks.createWithId(nextId, {
		title: t.title,
		notes: tasks.notes(id).current,
		dueDate: next,
		dueTime: t.dueTime,
		timeZone: t.timeZone,
		reminderAt,
		assigneeId: t.assigneeId,
		priority: t.priority,
		personId: t.personId,
		organizationId: t.organizationId,
		dealId: t.dealId,
		requestId: t.requestId,
		createdBy: ws.me,
		repeat: t.repeat,
		repeatFromDone: t.repeatFromDone,
		seriesId,
		occurrence: t.occurrence + 1
	});
	return nextId;
}

/** Back to open: the completion is forgotten (a repeat already created stays). */
export function reopenTask(ws: Workspace, id: string): void {
	ws.repo(task).update(id, { status: 'open', completedAt: null, completedBy: null });
}

/** Moves the task to `day`, its reminder by as many days. */
export function snoozeTask(ws: Workspace, id: string, day: string): void {
	const tasks = ws.repo(task);
	const t = tasks.get(id)?.record;
	if (!t) return;
	const patch: Partial<TaskFields> = { dueDate: day };
	if (t.reminderAt !== null) {
		const from = t.dueDate ?? todayOf(Date.now(), t.timeZone || localTimeZone());
		// By wall time, not 24 h per day: a reminder at 9:00 stays at 9:00 across a clock change.
		patch.reminderAt =
			t.reminderAt - dueMoment(from, t.dueTime, t.timeZone) + dueMoment(day, t.dueTime, t.timeZone);
	}
	tasks.update(id, patch);
}

/** The reminder is dealt with: no tab or device of the assignee shows it again. */
export function dismissReminder(ws: Workspace, id: string, now = Date.now()): void {
	ws.repo(task).setBookkeeping(id, { reminderDismissedAt: now });
}

/** A device showed the reminder as a system notification: the others need not. */
export function markReminded(ws: Workspace, id: string, now = Date.now()): void {
	ws.repo(task).setBookkeeping(id, { remindedAt: now });
}

/** Snoozes a reminder: it comes back `minutes` from now. */
export function remindLater(ws: Workspace, id: string, minutes: number, now = Date.now()): void {
	ws.repo(task).update(id, { reminderAt: now + minutes * 60_000 });
}
