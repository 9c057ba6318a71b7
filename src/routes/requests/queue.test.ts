import { describe, expect, it } from 'vitest';
import type { RequestRow } from '$lib/domain/record-types';
import { queueRows, statusCounts, WORKING_STATUSES } from './queue';

const NOW = Date.UTC(2026, 5, 1, 12);
const H = 3_600_000;

function row(id: string, patch: Partial<RequestRow>): RequestRow {
	return {
		id,
		name: id,
		requesterId: null,
		organizationId: null,
		organizationName: '',
		channel: 'email',
		priority: 'normal',
		status: 'open',
		assigneeId: null,
		openedAt: NOW - 10 * H,
		dueAt: null,
		firstResponseAt: null,
		resolvedAt: null,
		satisfaction: null,
		updatedAt: 0,
		hasIssues: false,
		search: id,
		...patch
	};
}

const rows = [
	row('later', { dueAt: NOW + 5 * H, assigneeId: 'm1' }),
	row('sooner', { dueAt: NOW + H }),
	row('late', { dueAt: NOW - 2 * H, assigneeId: 'm1' }),
	row('very late', { dueAt: NOW - 9 * H, status: 'new' }),
	row('waiting past due', { dueAt: NOW - 20 * H, status: 'waiting' }),
	row('broken date', { dueAt: null, hasIssues: true }),
	row('done', { status: 'resolved', dueAt: NOW - 30 * H })
];

describe('the support queue', () => {
	it('puts overdue requests first, then the rest by due time, unknown due times last', () => {
		const filter = { statuses: WORKING_STATUSES, assignee: { kind: 'anyone' as const }, query: '' };
		expect(queueRows(rows, filter, NOW).map((r) => r.id)).toEqual([
			'very late',
			'late',
			'waiting past due',
			'sooner',
			'later',
			'broken date'
		]);
	});

	it('filters by assignee and words, and counts each status under that assignee', () => {
		const mine = { kind: 'member' as const, id: 'm1' };
		const filter = { statuses: WORKING_STATUSES, assignee: mine, query: 'LATE' };
		expect(queueRows(rows, filter, NOW).map((r) => r.id)).toEqual(['late', 'later']);
		expect(statusCounts(rows, mine)).toEqual({
			new: 0,
			open: 2,
			waiting: 0,
			resolved: 0,
			closed: 0
		});
		expect(statusCounts(rows, { kind: 'nobody' })).toMatchObject({ new: 1, open: 2, resolved: 1 });
	});
});
