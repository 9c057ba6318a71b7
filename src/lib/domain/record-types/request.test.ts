import { describe, expect, it } from 'vitest';
import { evaluateSegment, type SegmentDef } from '../segments';
import { listFilterProblems } from '../filters';
import { registryProblems } from './index';
import {
	emptyRequest,
	findDuplicateRequests,
	mergeRequests,
	request,
	type RequestFields
} from './request';
import { testLookup } from './testing';

const lookup = testLookup({
	related: (field, id) => (field === 'organizationId' && id === 'o1' ? 'Acme' : '')
});

const fields = (patch: Partial<RequestFields>): RequestFields => ({ ...emptyRequest(), ...patch });
const opened = Date.UTC(2026, 5, 1, 8, 0);

describe('service request: validation on read', () => {
	it('reads a well-formed request as it is, without issues', () => {
		const stored = fields({
			subject: 'Invoice shows the wrong address',
			requesterId: 'p1',
			organizationId: 'o1',
			channel: 'web',
			priority: 'high',
			status: 'resolved',
			assigneeId: 'm1',
			openedAt: opened,
			dueAt: opened + 8 * 3_600_000,
			firstResponseAt: opened + 600_000,
			resolvedAt: opened + 7_200_000,
			satisfaction: 4,
			satisfactionComment: 'Quick, thanks',
			productId: 'p-1',
			orderId: '2026-11~o-1',
			productOrOrder: 'Serial 4471-B'
		});
		expect(request.validate(stored)).toEqual({ value: stored, issues: [] });
	});

	it('fills what an older peer did not write with the defaults, silently', () => {
		expect(request.validate({ subject: 'Help' })).toEqual({
			value: fields({ subject: 'Help' }),
			issues: []
		});
	});

	it('links what it is about only by an id, warning of anything else a peer wrote', () => {
		const { value, issues } = request.validate({
			subject: 'Noise',
			productId: { sku: 'X' },
			orderId: ['x']
		});
		expect(value).toMatchObject({ productId: null, orderId: null });
		expect(issues.map((i) => i.field).sort()).toEqual(['orderId', 'productId']);
	});

	it('shows malformed dates from a buggy peer as none, with a warning each', () => {
		const { value, issues } = request.validate({
			subject: 'Login fails',
			status: 'open',
			openedAt: opened,
			dueAt: 'tomorrow-ish',
			firstResponseAt: { at: 5 },
			resolvedAt: Number.NaN,
			closedAt: '2026-06-02'
		});
		expect(value).toMatchObject({
			subject: 'Login fails',
			status: 'open',
			openedAt: opened,
			dueAt: null,
			firstResponseAt: null,
			resolvedAt: null,
			closedAt: Date.UTC(2026, 5, 2)
		});
		expect(issues.map((i) => i.field)).toEqual([
			'dueAt',
			'firstResponseAt',
			'resolvedAt',
			'closedAt'
		]);
		expect(issues[0].message).toBe(
			'Due: expected a date, found the text "tomorrow-ish"; showing none.'
		);
		expect(issues[0].raw).toBe('tomorrow-ish');
	});

	it('reads other wrong values with a clear message, and an unreadable record as empty', () => {
		const { value, issues } = request.validate({
			subject: 7,
			status: 'Waiting on customer',
			priority: 'asap',
			channel: 'Web form',
			satisfaction: 9
		});
		expect(value).toMatchObject({
			subject: '7',
			status: 'waiting',
			priority: 'normal',
			channel: 'web',
			satisfaction: null
		});
		expect(issues.find((i) => i.field === 'satisfaction')?.message).toBe(
			'Satisfaction: expected a whole number from 1 to 5, found the number 9; showing none.'
		);
		expect(request.validate('{oops').issues[0].message).toMatch(/unreadable/);
		expect(request.validate({ satisfaction: '5' }).value.satisfaction).toBe(5);
	});
});

describe('service request: row, segments, filters', () => {
	const row = request.row(
		'r1',
		fields({
			subject: 'Broken export',
			organizationId: 'o1',
			requesterId: 'p1',
			priority: 'urgent',
			status: 'waiting',
			assigneeId: 'm1',
			dueAt: opened
		}),
		5,
		true,
		[],
		lookup
	);

	it('shows the organization’s name, and finds it by status and priority words', () => {
		expect(row).toMatchObject({
			id: 'r1',
			name: 'Broken export',
			organizationName: 'Acme',
			requesterId: 'p1',
			status: 'waiting',
			dueAt: opened,
			hasIssues: true
		});
		expect(row.search).toContain('acme');
		expect(row.search).toContain('waiting on customer');
		expect(row.search).toContain('urgent');
	});

	it('is declared consistently, with filters a list can offer', () => {
		expect(registryProblems()).toEqual([]);
		expect(listFilterProblems(request)).toEqual([]);
		const segment = {
			match: 'all',
			children: [{ field: 'status', op: 'is_any_of', value: ['waiting'] }]
		};
		const ctx = { customFields: [], now: 0, fields: request.segmentFields };
		expect(evaluateSegment([row], segment as SegmentDef, ctx).count).toBe(1);
	});
});

describe('service request: merge and duplicates', () => {
	it('keeps every value, the earlier opening and first response', () => {
		const { merged, conflicts } = mergeRequests(
			fields({ subject: 'A', openedAt: 10, firstResponseAt: 50, assigneeId: 'm1' }),
			fields({ subject: 'B', openedAt: 5, firstResponseAt: 40, productOrOrder: 'SKU-1' })
		);
		expect(merged).toMatchObject({
			subject: 'A',
			openedAt: 5,
			firstResponseAt: 40,
			assigneeId: 'm1',
			productOrOrder: 'SKU-1'
		});
		expect(conflicts.map((c) => c.field)).toContain('subject');
		expect(conflicts.map((c) => c.field)).not.toContain('openedAt');
	});

	it('pairs requests still open from one person with the same subject', () => {
		const rows = [
			{ id: 'a', name: 'Printer jam', status: 'new' as const, requesterId: 'p1' },
			{ id: 'b', name: 'printer  jam', status: 'open' as const, requesterId: 'p1' },
			{ id: 'c', name: 'Printer jam', status: 'closed' as const, requesterId: 'p1' },
			{ id: 'd', name: 'Printer jam', status: 'new' as const, requesterId: 'p2' }
		];
		expect(findDuplicateRequests(rows).map((p) => [p.a, p.b])).toEqual([['a', 'b']]);
	});
});
