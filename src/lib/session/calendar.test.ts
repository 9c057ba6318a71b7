/**
 * "Download my tasks (.ics)" is not made before the device's copy of the workspace has loaded:
 * the task rows are then cached ones without their records (or none), and the file would be a
 * calendar missing tasks, imported once and trusted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncInto } from '$lib/data/docs-testing';
import { Workspace } from '$lib/data/workspace.svelte';
import { task } from '$lib/domain/record-types';
import { TASKS_FILE_WHILE_LOADING, myTasksFile } from './calendar';
import type { OpenWorkspace } from './session.svelte';
import { createTask } from './tasks';

function openOf(workspace: Workspace): OpenWorkspace {
	return { workspace, profile: { memberId: 'me', name: 'Me' } } as unknown as OpenWorkspace;
}

afterEach(() => vi.unstubAllGlobals());

describe('my tasks as a calendar file', () => {
	it('is refused while the workspace loads, and holds every task once it has', () => {
		vi.stubGlobal('location', { origin: 'https://crm.example' });
		const before = new Workspace('ws', 'me');
		before.start();
		createTask(before, { title: 'Call Ada', dueDate: '2026-12-01', assigneeId: 'me' });
		createTask(before, { title: 'Visit Acme', dueDate: '2026-12-02', assigneeId: 'me' });

		// A warm open: the task rows show from the row cache while the documents are read.
		const opening = new Workspace('ws', 'me');
		opening.live(task).showCached(before.live(task).rows);
		expect(() => myTasksFile(openOf(opening))).toThrow(TASKS_FILE_WHILE_LOADING);

		syncInto(opening.docs, before.docs);
		opening.start();
		const text = myTasksFile(openOf(opening)).text;
		expect(text.match(/BEGIN:VTODO|BEGIN:VEVENT/g)).toHaveLength(2);
	});
});
