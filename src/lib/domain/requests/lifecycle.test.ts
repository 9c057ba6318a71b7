import { describe, expect, it } from 'vitest';
import {
	firstResponsePatch,
	isReply,
	openedRequest,
	priorityPatch,
	statusPatch
} from './lifecycle';
import { DEFAULT_SERVICE_LEVELS } from './service-level';

const H = 3_600_000;
const now = Date.UTC(2026, 5, 1, 8, 0);

describe('a request’s lifecycle', () => {
	it('opens new, due by its priority', () => {
		expect(
			openedRequest({ subject: 'Broken', priority: 'urgent' }, DEFAULT_SERVICE_LEVELS, now)
		).toEqual({
			subject: 'Broken',
			status: 'new',
			priority: 'urgent',
			openedAt: now,
			dueAt: now + 4 * H
		});
	});

	it('moves the due time when the priority changes, from the opening', () => {
		const patch = priorityPatch({ openedAt: now }, 'low', DEFAULT_SERVICE_LEVELS, now + H);
		expect(patch).toEqual({ priority: 'low', openedAt: now, dueAt: now + 72 * H });
	});

	it('stamps resolution and closing, and clears them when reopened', () => {
		const fresh = { status: 'open' as const, resolvedAt: null, closedAt: null };
		expect(statusPatch(fresh, 'waiting', now)).toEqual({
			status: 'waiting',
			resolvedAt: null,
			closedAt: null
		});
		const resolved = statusPatch(fresh, 'resolved', now);
		expect(resolved).toEqual({ status: 'resolved', resolvedAt: now, closedAt: null });
		const closed = statusPatch(
			{ status: 'resolved', resolvedAt: now, closedAt: null },
			'closed',
			now + H
		);
		expect(closed).toEqual({ status: 'closed', resolvedAt: now, closedAt: now + H });
		expect(
			statusPatch({ status: 'closed', resolvedAt: now, closedAt: now + H }, 'open', now + 2 * H)
		).toEqual({
			status: 'open',
			resolvedAt: null,
			closedAt: null
		});
		// Closed straight from open: resolved at the same moment.
		expect(statusPatch(fresh, 'closed', now)).toEqual({
			status: 'closed',
			resolvedAt: now,
			closedAt: now
		});
	});

	it('leaves the stamps alone when the status stays', () => {
		expect(
			statusPatch({ status: 'resolved', resolvedAt: 1, closedAt: null }, 'resolved', now)
		).toEqual({
			status: 'resolved'
		});
	});
});

describe('first response', () => {
	const request = { openedAt: now, firstResponseAt: null };

	it('is the first outgoing reply, not an incoming message or an internal note', () => {
		expect(isReply({ kind: 'email', direction: 'out' })).toBe(true);
		expect(isReply({ kind: 'call', direction: 'in' })).toBe(false);
		expect(isReply({ kind: 'note', direction: 'out' })).toBe(false);
		expect(
			firstResponsePatch(request, { kind: 'call', direction: 'out', occurredAt: now + H })
		).toEqual({
			firstResponseAt: now + H
		});
		expect(
			firstResponsePatch(request, { kind: 'note', direction: 'out', occurredAt: now + H })
		).toBeNull();
	});

	it('keeps an earlier response, and takes an earlier one logged later', () => {
		const answered = { openedAt: now, firstResponseAt: now + H };
		expect(
			firstResponsePatch(answered, { kind: 'email', direction: 'out', occurredAt: now + 2 * H })
		).toBeNull();
		expect(
			firstResponsePatch(answered, {
				kind: 'call',
				direction: 'out',
				occurredAt: now + 30 * 60_000
			})
		).toEqual({
			firstResponseAt: now + 30 * 60_000
		});
	});

	it('counts a reply dated before the opening from the opening', () => {
		expect(
			firstResponsePatch(request, { kind: 'call', direction: 'out', occurredAt: now - H })
		).toEqual({
			firstResponseAt: now
		});
	});
});
