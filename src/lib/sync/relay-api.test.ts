import { describe, expect, it, vi } from 'vitest';
import {
	createInvite,
	createWorkspace,
	getSession,
	listInvites,
	revokeInvite,
	REQUEST_LIMIT_MS
} from './relay-api';
import { UNEXPECTED_ANSWER, UNREACHABLE } from './api-messages';

interface Seen {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: unknown;
}

/** A fetch that answers with one fixed response and records the request. */
function answer(status: number, body?: unknown): { fetch: typeof fetch; seen: Seen[] } {
	const seen: Seen[] = [];
	const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
		seen.push({
			url: String(input),
			method: init?.method ?? 'GET',
			headers: init?.headers as Record<string, string>,
			body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
		});
		const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
		return new Response(text, { status });
	}) as typeof fetch;
	return { fetch: fetchFn, seen };
}

const unreachable = (async () => {
	throw new TypeError('fetch failed');
}) as typeof fetch;

const RELAY = 'http://relay.test/';

describe('relay API', () => {
	it('creates a workspace', async () => {
		const { fetch, seen } = answer(201, {
			workspaceId: 'w1',
			name: 'Acme',
			token: 'owner-token',
			role: 'owner'
		});
		const result = await createWorkspace(RELAY, { name: '  Acme ' }, fetch);
		expect(result).toEqual({
			ok: true,
			workspaceId: 'w1',
			name: 'Acme',
			token: 'owner-token',
			role: 'owner'
		});
		expect(seen[0]).toMatchObject({
			url: 'http://relay.test/api/workspaces',
			method: 'POST',
			body: { name: 'Acme' }
		});
	});

	it('refuses a blank workspace name without calling the relay', async () => {
		const { fetch, seen } = answer(201, {});
		const result = await createWorkspace(RELAY, { name: '   ' }, fetch);
		expect(result).toEqual({ ok: false, status: 0, message: 'Give the workspace a name.' });
		expect(seen).toHaveLength(0);
	});

	it('reads a session with a bearer token and an escaped workspace id', async () => {
		const { fetch, seen } = answer(200, { workspaceId: 'a/b', name: 'Acme', role: 'viewer' });
		const result = await getSession(RELAY, 'a/b', 'tok', fetch);
		expect(result).toEqual({ ok: true, workspaceId: 'a/b', name: 'Acme', role: 'viewer' });
		expect(seen[0].url).toBe('http://relay.test/api/workspaces/a%2Fb/session');
		expect(seen[0].headers.authorization).toBe('Bearer tok');
	});

	it('maps refusals to messages people can act on', async () => {
		const cases: [number, RegExp][] = [
			[401, /does not give access/],
			[403, /invite was revoked/],
			[404, /does not exist on the relay/],
			[429, /too many requests/],
			[503, /ran into a problem \(503\)/]
		];
		for (const [status, message] of cases) {
			const result = await getSession(RELAY, 'w1', 'tok', answer(status, { error: 'x' }).fetch);
			expect(result).toMatchObject({ ok: false, status });
			expect(!result.ok && result.message).toMatch(message);
		}
	});

	it('says the relay is unreachable and that offline work continues', async () => {
		const result = await getSession(RELAY, 'w1', 'tok', unreachable);
		expect(result).toEqual({ ok: false, status: 0, message: UNREACHABLE });
		expect(UNREACHABLE).toMatch(/^The relay could not be reached\. You can keep working offline;/);
	});

	it('gives up on a relay that accepts the request and never answers', async () => {
		vi.useFakeTimers();
		try {
			// Like the browser's fetch: pending until its signal aborts, then rejected.
			const silent = ((_: RequestInfo | URL, init?: RequestInit) =>
				new Promise((_resolve, reject) =>
					init?.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError')))
				)) as typeof fetch;
			const result = getSession(RELAY, 'w1', 'tok', silent);
			await vi.advanceTimersByTimeAsync(REQUEST_LIMIT_MS);
			expect(await result).toEqual({ ok: false, status: 0, message: UNREACHABLE });
		} finally {
			vi.useRealTimers();
		}
	});

	it('rejects answers of the wrong shape', async () => {
		expect(await getSession(RELAY, 'w1', 'tok', answer(200, { name: 'x' }).fetch)).toEqual({
			ok: false,
			status: 200,
			message: UNEXPECTED_ANSWER
		});
		const html = await getSession(RELAY, 'w1', 'tok', answer(200, '<html>').fetch);
		expect(!html.ok && html.message).toBe(UNEXPECTED_ANSWER);
		const badRole = answer(200, { workspaceId: 'w1', name: 'x', role: 'admin' }).fetch;
		expect((await getSession(RELAY, 'w1', 'tok', badRole)).ok).toBe(false);
	});

	it('lists invites from a bare array or an { invites } object', async () => {
		const invites = [
			{ id: 'i1', role: 'editor', label: 'Sam', createdAt: '2025-01-01T00:00:00Z', revokedAt: null }
		];
		for (const body of [invites, { invites }]) {
			const result = await listInvites(RELAY, 'w1', 'tok', answer(200, body).fetch);
			expect(result).toEqual({ ok: true, invites });
		}
		const bad = await listInvites(RELAY, 'w1', 'tok', answer(200, [{ id: 'i1' }]).fetch);
		expect(!bad.ok && bad.message).toBe(UNEXPECTED_ANSWER);
		const forbidden = await listInvites(RELAY, 'w1', 'tok', answer(403, { error: 'x' }).fetch);
		expect(!forbidden.ok && forbidden.message).toMatch(/Only the workspace owner/);
	});

	it('creates an invite and insists on its token', async () => {
		const { fetch, seen } = answer(201, { id: 'i1', role: 'viewer', label: 'Ann', token: 't' });
		const result = await createInvite(
			RELAY,
			'w1',
			'tok',
			{ role: 'viewer', label: ' Ann ' },
			fetch
		);
		expect(result).toEqual({
			ok: true,
			invite: { id: 'i1', role: 'viewer', label: 'Ann', token: 't' }
		});
		expect(seen[0]).toMatchObject({ method: 'POST', body: { role: 'viewer', label: 'Ann' } });
		const noToken = answer(201, { id: 'i1', role: 'viewer', label: 'Ann' }).fetch;
		expect(await createInvite(RELAY, 'w1', 'tok', { role: 'viewer', label: '' }, noToken)).toEqual({
			ok: false,
			status: 201,
			message: UNEXPECTED_ANSWER
		});
	});

	it('refuses an unknown role without calling the relay', async () => {
		const { fetch, seen } = answer(201, {});
		const role = 'admin' as 'editor';
		const result = await createInvite(RELAY, 'w1', 'tok', { role, label: '' }, fetch);
		expect(result).toMatchObject({ ok: false, status: 0 });
		expect(seen).toHaveLength(0);
	});

	it('revokes an invite, and explains one that is already gone', async () => {
		const { fetch, seen } = answer(204);
		expect(await revokeInvite(RELAY, 'w1', 'tok', 'i 1', fetch)).toEqual({ ok: true });
		expect(seen[0]).toMatchObject({
			url: 'http://relay.test/api/workspaces/w1/invites/i%201',
			method: 'DELETE'
		});
		const gone = await revokeInvite(RELAY, 'w1', 'tok', 'i1', answer(404, { error: 'x' }).fetch);
		expect(!gone.ok && gone.message).toMatch(/already have been revoked/);
	});
});
