/**
 * Task actions and the active-task set through a workspace: completing a repeating task makes its
 * next one once across two devices; the views' set, the reminders' set and My day follow edits
 * without rescanning.
 */
import { describe, expect, it } from 'vitest';
import { task } from '$lib/domain/record-types';
import { syncBoth } from '$lib/data/docs-testing';
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { activeTasks, remindingTasks } from './active-tasks';
import { myDayOf } from './my-day';
import { completeTask, createTask, dismissReminder, occurrenceId, snoozeTask } from './tasks';

const NOW = Date.UTC(2026, 11, 1, 10);

function workspace(me: string) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

describe('task actions', () => {
	it('complete a repeating task on two devices at once: one next task, due a week on', () => {
		const a = workspace('a');
		const b = workspace('b');
		const id = createTask(a, {
			title: 'Weekly report',
			dueDate: '2026-12-01',
			repeat: 'FREQ=WEEKLY',
			reminderAt: Date.UTC(2026, 11, 1, 8)
		});
		syncBoth(a.docs, b.docs);
		const nextA = completeTask(a, id, NOW);
		const nextB = completeTask(b, id, NOW + 1_000);
		expect(nextA).toBe(occurrenceId(id, 1));
		expect(nextB).toBe(nextA);
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) {
			const open = ws.repo(task).rows.filter((t) => t.status === 'open');
			expect(open.map((t) => [t.id, t.dueDate])).toEqual([[nextA, '2026-12-08']]);
			// the reminder moved with it: a week later, same wall time
			expect(open[0].reminderAt).toBe(Date.UTC(2026, 11, 8, 8));
		}
	});

	it('snooze moves the reminder by wall time across a clock change', () => {
		const ws = workspace('a');
		const id = createTask(ws, {
			title: 'Call',
			dueDate: '2027-03-27',
			dueTime: '09:00',
			timeZone: 'Europe/Warsaw',
			reminderAt: Date.UTC(2027, 2, 27, 7, 45) // 08:45 CET
		});
		snoozeTask(ws, id, '2027-03-29');
		const t = ws.repo(task).get(id)!.record;
		expect(t.dueDate).toBe('2027-03-29');
		expect(t.reminderAt).toBe(Date.UTC(2027, 2, 29, 6, 45)); // 08:45 CEST
	});

	it('dismissing a reminder is bookkeeping: not undoable, not in the history', () => {
		const ws = workspace('a');
		const id = createTask(ws, { title: 'Call', reminderAt: NOW - 1 });
		ws.undo.stopCapturing();
		const before = ws.repo(task).history(id).length;
		dismissReminder(ws, id, NOW);
		expect(ws.repo(task).get(id)!.record.reminderDismissedAt).toBe(NOW);
		expect(ws.repo(task).history(id).length).toBe(before);
	});
});

describe('the active tasks', () => {
	it('hold the open tasks and the recently closed, following each edit', () => {
		const ws = workspace('a');
		const open = createTask(ws, { title: 'Open' });
		const done = createTask(ws, { title: 'Done long ago' });
		ws.repo(task).update(done, { status: 'done', completedAt: NOW - 30 * 86_400_000 });
		expect(activeTasks(ws).map((t) => t.id)).toEqual([open]);
		completeTask(ws, open, Date.now());
		expect(activeTasks(ws).map((t) => [t.id, t.status])).toEqual([[open, 'done']]);
		const later = createTask(ws, { title: 'Later' });
		expect(
			activeTasks(ws)
				.map((t) => t.id)
				.sort()
		).toEqual([open, later].sort());
		ws.repo(task).remove(later);
		expect(activeTasks(ws).map((t) => t.id)).toEqual([open]);
	});
});

describe('the reminders and My day kept from changes', () => {
	const zone = 'UTC';
	const today = '2026-12-01';

	it('the reminders: the member’s open tasks with one; the same array after an unrelated edit', () => {
		const ws = workspace('a');
		const mine = createTask(ws, { title: 'Call', assigneeId: 'a', reminderAt: NOW + 60_000 });
		createTask(ws, { title: 'Theirs', assigneeId: 'b', reminderAt: NOW + 60_000 });
		const plain = createTask(ws, { title: 'No reminder', assigneeId: 'a' });
		const before = remindingTasks(ws, 'a');
		expect(before.map((t) => t.id)).toEqual([mine]);
		ws.repo(task).update(plain, { title: 'Still none' });
		expect(remindingTasks(ws, 'a')).toBe(before);
		completeTask(ws, mine, NOW);
		expect(remindingTasks(ws, 'a')).toEqual([]);
	});

	it('My day follows completions, reassignments, deletions and the time passing', () => {
		const ws = workspace('a');
		const overdue = createTask(ws, { title: 'Late', assigneeId: 'a', dueDate: '2026-11-30' });
		const soon = createTask(ws, {
			title: 'At noon',
			assigneeId: 'a',
			dueDate: today,
			dueTime: '12:00',
			timeZone: zone
		});
		const none = createTask(ws, { title: 'Some day', assigneeId: 'a' });
		const ids = (g: ReturnType<typeof myDayOf>) =>
			[g.overdue, g.today, g.upcoming, g.none].map((b) => b.map((t) => t.id));
		const first = myDayOf(ws, 'a', NOW, today, zone);
		expect(ids(first)).toEqual([[overdue], [soon], [], [none]]);
		completeTask(ws, overdue, NOW);
		const second = myDayOf(ws, 'a', NOW, today, zone);
		expect(ids(second)).toEqual([[], [soon], [], [none]]);
		expect(second.none).toBe(first.none); // untouched bucket: the same array
		ws.repo(task).update(none, { assigneeId: 'b' });
		const later = createTask(ws, { title: 'Next week', assigneeId: 'a', dueDate: '2026-12-08' });
		expect(ids(myDayOf(ws, 'a', NOW, today, zone))).toEqual([[], [soon], [later], []]);
		// 12:30 the same day: the noon task is overdue now
		expect(ids(myDayOf(ws, 'a', NOW + 2.5 * 3_600_000, today, zone))).toEqual([
			[soon],
			[],
			[later],
			[]
		]);
		ws.repo(task).remove(soon);
		expect(ids(myDayOf(ws, 'a', NOW + 2.5 * 3_600_000, today, zone))).toEqual([
			[],
			[],
			[later],
			[]
		]);
	});
});
