/**
 * Typed calls to the relay's HTTP API. Every call resolves (never rejects) to
 * `{ ok: true, ... }` or `{ ok: false, status, message }`; status 0 means no HTTP answer (the
 * relay was unreachable, or the input was refused here before anything was sent).
 */
import { failureMessage, UNEXPECTED_ANSWER, UNREACHABLE, type ApiOperation } from './api-messages';
import { isRole, type Role } from './wire';

export { inviteLink, parseInviteLink, type ParsedInvite } from './invite-link';

/** A relay that accepts a request and never answers counts as unreachable after this long. */
export const REQUEST_LIMIT_MS = 10_000;

export interface ApiFailure {
	ok: false;
	/** The HTTP status, or 0 when there was no HTTP answer. */
	status: number;
	message: string;
}

export type ApiResult<T> = ({ ok: true } & T) | ApiFailure;

export interface Session {
	workspaceId: string;
	name: string;
	role: Role;
}

export interface CreatedWorkspace extends Session {
	token: string;
}

export interface Invite {
	id: string;
	role: Role;
	label: string;
	/** ISO time, when the relay says. */
	createdAt?: string;
	/** ISO time of revocation, null while active; absent when the relay does not say. */
	revokedAt?: string | null;
	/** Only on the answer to createInvite: the relay keeps no copy of it. */
	token?: string;
}

type Fetch = typeof fetch;

export const MAX_NAME_LENGTH = 200;
export const MAX_LABEL_LENGTH = 200;

export async function createWorkspace(
	relayUrl: string,
	input: { id?: string; name: string; memberName?: string },
	fetchFn: Fetch = fetch
): Promise<ApiResult<CreatedWorkspace>> {
	const name = input.name.trim();
	if (name === '') return refused('Give the workspace a name.');
	if (name.length > MAX_NAME_LENGTH) {
		return refused(`The workspace name is too long (at most ${MAX_NAME_LENGTH} characters).`);
	}
	const body: Record<string, string> = { name };
	if (input.id !== undefined) body.id = input.id;
	if (input.memberName !== undefined && input.memberName.trim() !== '') {
		body.memberName = input.memberName.trim();
	}
	const res = await call(fetchFn, 'createWorkspace', relayUrl, '/api/workspaces', {
		method: 'POST',
		body
	});
	if (!res.ok) return res;
	const session = readSession(res.body);
	const token = field(res.body, 'token');
	if (session === null || typeof token !== 'string' || token === '') return unexpected(res.status);
	return { ok: true, ...session, token };
}

export async function getSession(
	relayUrl: string,
	workspaceId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<Session>> {
	const res = await call(fetchFn, 'getSession', relayUrl, `${workspacePath(workspaceId)}/session`, {
		token
	});
	if (!res.ok) return res;
	const session = readSession(res.body);
	return session === null ? unexpected(res.status) : { ok: true, ...session };
}

export async function listInvites(
	relayUrl: string,
	workspaceId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<{ invites: Invite[] }>> {
	const res = await call(
		fetchFn,
		'listInvites',
		relayUrl,
		`${workspacePath(workspaceId)}/invites`,
		{
			token
		}
	);
	if (!res.ok) return res;
	// Either a bare array or { invites: [...] }.
	const list = Array.isArray(res.body) ? res.body : field(res.body, 'invites');
	if (!Array.isArray(list)) return unexpected(res.status);
	const invites = list.map(readInvite);
	if (invites.some((invite) => invite === null)) return unexpected(res.status);
	return { ok: true, invites: invites as Invite[] };
}

export async function createInvite(
	relayUrl: string,
	workspaceId: string,
	token: string,
	input: { role: Role; label: string },
	fetchFn: Fetch = fetch
): Promise<ApiResult<{ invite: Invite & { token: string } }>> {
	if (!isRole(input.role)) return refused('An invite gives the owner, editor or viewer role.');
	const label = input.label.trim();
	if (label.length > MAX_LABEL_LENGTH) {
		return refused(`The invite label is too long (at most ${MAX_LABEL_LENGTH} characters).`);
	}
	const res = await call(
		fetchFn,
		'createInvite',
		relayUrl,
		`${workspacePath(workspaceId)}/invites`,
		{
			method: 'POST',
			token,
			body: { role: input.role, label }
		}
	);
	if (!res.ok) return res;
	const invite = readInvite(res.body);
	if (invite === null || invite.token === undefined || invite.token === '') {
		return unexpected(res.status);
	}
	return { ok: true, invite: { ...invite, token: invite.token } };
}

export async function revokeInvite(
	relayUrl: string,
	workspaceId: string,
	token: string,
	inviteId: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<object>> {
	const path = `${workspacePath(workspaceId)}/invites/${encodeURIComponent(inviteId)}`;
	const res = await call(fetchFn, 'revokeInvite', relayUrl, path, { method: 'DELETE', token });
	return res.ok ? { ok: true } : res;
}

function workspacePath(workspaceId: string): string {
	return `/api/workspaces/${encodeURIComponent(workspaceId)}`;
}

type CallResult = { ok: true; status: number; body: unknown } | ApiFailure;

async function call(
	fetchFn: Fetch,
	operation: ApiOperation,
	relayUrl: string,
	path: string,
	request: { method?: string; token?: string; body?: unknown }
): Promise<CallResult> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
	if (request.body !== undefined) headers['content-type'] = 'application/json';
	// One bound for the request and the read of its answer (a plain timer: tests run it on fake time).
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), REQUEST_LIMIT_MS);
	try {
		return await answerOf(fetchFn, operation, relayUrl, path, request, headers, abort.signal);
	} finally {
		clearTimeout(timer);
	}
}

async function answerOf(
	fetchFn: Fetch,
	operation: ApiOperation,
	relayUrl: string,
	path: string,
	request: { method?: string; body?: unknown },
	headers: Record<string, string>,
	signal: AbortSignal
): Promise<CallResult> {
	let response: Response;
	try {
		response = await fetchFn(`${relayUrl.replace(/\/+$/, '')}${path}`, {
			method: request.method ?? 'GET',
			headers,
			body: request.body === undefined ? undefined : JSON.stringify(request.body),
			signal
		});
	} catch {
		return { ok: false, status: 0, message: UNREACHABLE };
	}
	const body = await readJson(response);
	if (!response.ok) {
		const serverError = field(body, 'error');
		return {
			ok: false,
			status: response.status,
			message: failureMessage(
				operation,
				response.status,
				typeof serverError === 'string' ? serverError : undefined
			)
		};
	}
	return { ok: true, status: response.status, body };
}

async function readJson(response: Response): Promise<unknown> {
	try {
		const text = await response.text();
		return text === '' ? null : (JSON.parse(text) as unknown);
	} catch {
		return undefined;
	}
}

function field(body: unknown, key: string): unknown {
	return typeof body === 'object' && body !== null
		? (body as Record<string, unknown>)[key]
		: undefined;
}

function readSession(body: unknown): Session | null {
	const workspaceId = field(body, 'workspaceId');
	const name = field(body, 'name');
	const role = field(body, 'role');
	if (typeof workspaceId !== 'string' || typeof name !== 'string' || !isRole(role)) return null;
	return { workspaceId, name, role };
}

function readInvite(body: unknown): Invite | null {
	const id = field(body, 'id');
	const role = field(body, 'role');
	const label = field(body, 'label');
	const token = field(body, 'token');
	const createdAt = field(body, 'createdAt');
	const revokedAt = field(body, 'revokedAt');
	if (typeof id !== 'string' || !isRole(role)) return null;
	const invite: Invite = { id, role, label: typeof label === 'string' ? label : '' };
	if (typeof createdAt === 'string') invite.createdAt = createdAt;
	if (typeof revokedAt === 'string' || revokedAt === null) invite.revokedAt = revokedAt;
	if (typeof token === 'string') invite.token = token;
	return invite;
}

function refused(message: string): ApiFailure {
	return { ok: false, status: 0, message };
}

function unexpected(status: number): ApiFailure {
	return { ok: false, status, message: UNEXPECTED_ANSWER };
}
