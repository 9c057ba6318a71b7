/**
 * Service requests in a workspace: due by the workspace's service levels (changed by one
 * member, seen by the other), stamped as their status moves, answered by the first reply, and
 * on the requester's and the organization's pages through the declared relations.
 */
import { describe, expect, it } from 'vitest';
import { interaction, person, request } from '$lib/domain/record-types';
import { syncBoth } from './docs-testing';
import { serviceLevelsOf } from './service-levels';
import { changePriority, changeStatus, noteReply, openRequest } from './service-requests';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

const NOW = Date.UTC(2026, 5, 1, 8);
const H = 3_600_000;

function workspace(me = 'me') {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

describe('service requests in a workspace', () => {
	it('are due by the workspace’s service level, kept in the core document', () => {
		const a = workspace('a');
		const b = workspace('b');
		serviceLevelsOf(a).save({ urgent: 2 });
		syncBoth(a.docs, b.docs);
		expect(serviceLevelsOf(b).current).toEqual({ urgent: 2, high: 8, normal: 24, low: 72 });
		const id = openRequest(b, { subject: 'Down', priority: 'urgent' }, NOW);
		expect(b.repo(request).get(id)?.record).toMatchObject({
			status: 'new',
			openedAt: NOW,
			dueAt: NOW + 2 * H
		});
		changePriority(b, id, 'low', NOW + H);
		expect(b.repo(request).get(id)?.record.dueAt).toBe(NOW + 72 * H);
		expect(() => serviceLevelsOf(a).save({ high: 0 })).toThrow();
	});

	it('stamp resolution and closing as their status moves', () => {
		const ws = workspace();
		const id = openRequest(ws, { subject: 'Refund' }, NOW);
		changeStatus(ws, id, 'resolved', NOW + 5 * H);
		expect(ws.repo(request).get(id)?.record).toMatchObject({ resolvedAt: NOW + 5 * H });
		changeStatus(ws, id, 'open', NOW + 6 * H);
		expect(ws.repo(request).get(id)?.record).toMatchObject({ resolvedAt: null, closedAt: null });
		changeStatus(ws, id, 'closed', NOW + 7 * H);
		expect(ws.repo(request).get(id)?.record).toMatchObject({
			resolvedAt: NOW + 7 * H,
			closedAt: NOW + 7 * H
		});
	});

	it('take their first response from the first reply, not from a note, in one undo step', () => {
		const ws = workspace();
		const id = openRequest(ws, { subject: 'Password' }, NOW);
		const log = (kind: 'note' | 'email', at: number) =>
			ws.undo.group(() => {
				const fields = { kind, direction: 'out' as const, occurredAt: at, requestId: id };
				ws.repo(interaction).create(fields);
				noteReply(ws, fields);
			});
		log('note', NOW + H);
		expect(ws.repo(request).get(id)?.record.firstResponseAt).toBeNull();
		log('email', NOW + 2 * H);
		expect(ws.repo(request).get(id)?.record.firstResponseAt).toBe(NOW + 2 * H);
		expect(ws.linked(interaction, 'requestId', id)).toHaveLength(2);
		ws.undo.undo();
		expect(ws.repo(request).get(id)?.record.firstResponseAt).toBeNull();
		expect(ws.linked(interaction, 'requestId', id)).toHaveLength(1);
	});

	it('are listed on their requester’s page', () => {
		const ws = workspace();
		const ada = ws.people.create({ firstName: 'Ada' });
		const id = openRequest(ws, { subject: 'Invoice', requesterId: ada }, NOW);
		expect(ws.referencing(request, 'requesterId', ada).map((r) => r.id)).toEqual([id]);
		expect(ws.live(person).row(ada)?.name).toBe('Ada');
	});
});
