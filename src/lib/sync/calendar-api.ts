/**
 * A member's calendar link at the relay (server/http-calendar.ts): whether it is on, make or
 * replace it, turn it off. Like relay-api.ts, every call resolves (never rejects) to
 * `{ ok: true, ... }` or `{ ok: false, status, message }` (status 0: no HTTP answer), and is
 * bounded: a relay that never answers counts as unreachable after REQUEST_LIMIT_MS.
 */
import { REQUEST_LIMIT_MS, type ApiResult } from './relay-api';

export interface CalendarLinkState {
	active: boolean;
	/** ISO time the current link was made. */
	createdAt?: string;
}

type Fetch = typeof fetch;

export const CALENDAR_UNREACHABLE =
	'The relay could not be reached, and the calendar link lives there. Connect and try again; “Download my tasks” works offline.';

export async function calendarLinkState(
	origin: string,
	workspaceId: string,
	memberId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<CalendarLinkState>> {
	const res = await call(fetchFn, 'GET', linkUrl(origin, workspaceId, memberId), token);
	if (!res.ok) return res;
	const { active, createdAt } = res.body as Record<string, unknown>;
	if (typeof active !== 'boolean') return unexpected(res.status);
	return { ok: true, active, ...(typeof createdAt === 'string' ? { createdAt } : {}) };
}

/** Makes the member's link, or replaces it: the old URL stops working. */
export async function makeCalendarLink(
	origin: string,
	workspaceId: string,
	memberId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<{ path: string; createdAt: string }>> {
	const res = await call(fetchFn, 'POST', linkUrl(origin, workspaceId, memberId), token);
	if (!res.ok) return res;
	const { path, createdAt } = res.body as Record<string, unknown>;
	if (typeof path !== 'string' || !path.startsWith('/calendar/')) return unexpected(res.status);
	return { ok: true, path, createdAt: typeof createdAt === 'string' ? createdAt : '' };
}

export async function turnOffCalendarLink(
	origin: string,
	workspaceId: string,
	memberId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<object>> {
	const res = await call(fetchFn, 'DELETE', linkUrl(origin, workspaceId, memberId), token);
	return res.ok ? { ok: true } : res;
}

function linkUrl(origin: string, workspaceId: string, memberId: string): string {
	const ws = encodeURIComponent(workspaceId);
	return `${origin.replace(/\/+$/, '')}/api/workspaces/${ws}/members/${encodeURIComponent(memberId)}/calendar`;
}

type CallResult =
	{ ok: true; status: number; body: unknown } | { ok: false; status: number; message: string };

async function call(
	fetchFn: Fetch,
	method: string,
	url: string,
	token: string
): Promise<CallResult> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), REQUEST_LIMIT_MS);
	try {
		const response = await fetchFn(url, {
			method,
			headers: { accept: 'application/json', authorization: `Bearer ${token}` },
			signal: abort.signal
		});
		const text = await response.text();
		let body: unknown = null;
		try {
			body = text === '' ? null : JSON.parse(text);
		} catch {
			body = undefined;
		}
		if (!response.ok)
			return { ok: false, status: response.status, message: failure(response.status) };
		if (typeof body !== 'object' || body === null) return unexpected(response.status);
		return { ok: true, status: response.status, body };
	} catch {
		return { ok: false, status: 0, message: CALENDAR_UNREACHABLE };
	} finally {
		clearTimeout(timer);
	}
}

function failure(status: number): string {
	switch (status) {
		case 401:
			return 'The relay no longer accepts this device’s invite. Ask the workspace owner for a new invite link.';
		case 403:
			return 'Your calendar link was made from another device with another invite. Turn it off or replace it there, or ask the owner to revoke that invite.';
		case 404:
			return 'This relay does not know the workspace or offers no calendar links. Check that the app is connected to its own relay.';
		default:
			return status >= 500
				? `The relay ran into a problem (${status}). Try again in a minute.`
				: `The relay refused the calendar request (${status}). Try again; if it persists, reload the app.`;
	}
}

function unexpected(status: number): { ok: false; status: number; message: string } {
	return {
		ok: false,
		status,
		message: 'The relay sent an answer this app does not understand. It may run another version.'
	};
}
