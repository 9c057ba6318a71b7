/**
 * The workspace's SMTP server for campaign sending, at the relay (server/http-smtp.ts): read
 * (never the password: `passwordSet`), save, remove, and test the connection. Owner only. Like
 * calendar-api.ts, every call resolves (never rejects) to `{ ok: true, ... }` or
 * `{ ok: false, status, message }` (status 0: no HTTP answer), and is bounded.
 */
import { REQUEST_LIMIT_MS, type ApiResult } from './relay-api';

export const TLS_MODES = ['starttls', 'implicit', 'none'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export interface SmtpForm {
	host: string;
	port: number;
	tls: TlsMode;
	user: string;
	/** Left out (undefined): the relay keeps the password it has. */
	password?: string;
	fromAddress: string;
	fromName: string;
	ratePerSec: number;
	/** PEM certificate(s) trusted besides the public CAs (an internal server's); '' none. */
	trustedCertificate: string;
	/** Where mail programs send an unsubscribe e-mail (List-Unsubscribe's mailto:); '' none. */
	unsubscribeMailbox: string;
}

export type SmtpView =
	| { configured: false }
	| ({ configured: true; passwordSet: boolean; updatedAt: string } & Omit<SmtpForm, 'password'>);

export type VerifyAnswer = { works: true } | { works: false; problem: string; message: string };

/** Testing may wait for a server's connect and greeting timeouts (10 s each). */
const VERIFY_LIMIT_MS = 30_000;

type Fetch = typeof fetch;

export const SMTP_UNREACHABLE =
	'The relay could not be reached, and the email settings live there. Connect and try again.';

export async function smtpSettings(
	origin: string,
	workspaceId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<{ view: SmtpView }>> {
	const res = await call(fetchFn, 'GET', url(origin, workspaceId), token);
	if (!res.ok) return res;
	const view = asView(res.body);
	return view ? { ok: true, view } : unexpected(res.status);
}

export async function saveSmtpSettings(
	origin: string,
	workspaceId: string,
	token: string,
	form: SmtpForm,
	fetchFn: Fetch = fetch
): Promise<ApiResult<{ view: SmtpView }>> {
	const res = await call(fetchFn, 'PUT', url(origin, workspaceId), token, form);
	if (!res.ok) return res;
	const view = asView(res.body);
	return view ? { ok: true, view } : unexpected(res.status);
}

export async function removeSmtpSettings(
	origin: string,
	workspaceId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<ApiResult<object>> {
	const res = await call(fetchFn, 'DELETE', url(origin, workspaceId), token);
	return res.ok ? { ok: true } : res;
}

/** Logs in to the SMTP server with the form's settings (the saved password if left out). */
export async function verifySmtpSettings(
	origin: string,
	workspaceId: string,
	token: string,
	form: SmtpForm,
	fetchFn: Fetch = fetch
): Promise<ApiResult<{ answer: VerifyAnswer }>> {
	const res = await call(
		fetchFn,
		'POST',
		`${url(origin, workspaceId)}/verify`,
		token,
		form,
		VERIFY_LIMIT_MS
	);
	if (!res.ok) return res;
	const body = res.body as Record<string, unknown>;
	if (body.ok === true) return { ok: true, answer: { works: true } };
	if (body.ok === false && typeof body.message === 'string') {
		return {
			ok: true,
			answer: { works: false, problem: String(body.problem ?? 'other'), message: body.message }
		};
	}
	return unexpected(res.status);
}

function asView(body: unknown): SmtpView | null {
	const v = body as Record<string, unknown>;
	if (v.configured === false) return { configured: false };
	if (
		v.configured !== true ||
		typeof v.host !== 'string' ||
		typeof v.port !== 'number' ||
		!TLS_MODES.includes(v.tls as TlsMode) ||
		typeof v.user !== 'string' ||
		typeof v.fromAddress !== 'string' ||
		typeof v.fromName !== 'string' ||
		typeof v.ratePerSec !== 'number' ||
		typeof v.passwordSet !== 'boolean' ||
		(v.trustedCertificate !== undefined && typeof v.trustedCertificate !== 'string') ||
		(v.unsubscribeMailbox !== undefined && typeof v.unsubscribeMailbox !== 'string')
	) {
		return null;
	}
	return {
		configured: true,
		host: v.host,
		port: v.port,
		tls: v.tls as TlsMode,
		user: v.user,
		fromAddress: v.fromAddress,
		fromName: v.fromName,
		ratePerSec: v.ratePerSec,
		// A relay from before the setting: none.
		trustedCertificate: (v.trustedCertificate as string | undefined) ?? '',
		unsubscribeMailbox: (v.unsubscribeMailbox as string | undefined) ?? '',
		passwordSet: v.passwordSet,
		updatedAt: typeof v.updatedAt === 'string' ? v.updatedAt : ''
	};
}

function url(origin: string, workspaceId: string): string {
	return `${origin.replace(/\/+$/, '')}/api/workspaces/${encodeURIComponent(workspaceId)}/smtp`;
}

type CallResult =
	{ ok: true; status: number; body: unknown } | { ok: false; status: number; message: string };

async function call(
	fetchFn: Fetch,
	method: string,
	target: string,
	token: string,
	body?: unknown,
	limitMs = REQUEST_LIMIT_MS
): Promise<CallResult> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), limitMs);
	try {
		const response = await fetchFn(target, {
			method,
			headers: {
				accept: 'application/json',
				authorization: `Bearer ${token}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: abort.signal
		});
		const text = await response.text();
		let parsed: unknown = null;
		try {
			parsed = text === '' ? null : JSON.parse(text);
		} catch {
			parsed = undefined;
		}
		if (!response.ok) {
			const error = (parsed as { error?: unknown } | null)?.error;
			return { ok: false, status: response.status, message: failure(response.status, error) };
		}
		if (typeof parsed !== 'object' || parsed === null) return unexpected(response.status);
		return { ok: true, status: response.status, body: parsed };
	} catch {
		return { ok: false, status: 0, message: SMTP_UNREACHABLE };
	} finally {
		clearTimeout(timer);
	}
}

function failure(status: number, error: unknown): string {
	switch (status) {
		case 400:
			// The relay names the field and what to write.
			return typeof error === 'string' ? error : 'The relay refused these settings.';
		case 401:
			return 'The relay no longer accepts this device’s invite. Ask the workspace owner for a new invite link.';
		case 403:
			return 'Only the workspace owner can see and change the email settings.';
		case 404:
			return 'This relay does not know the workspace or cannot send email. Check that the app is connected to its own relay.';
		case 409:
			return 'Fill in the settings first.';
		default:
			return status >= 500
				? `The relay ran into a problem (${status}). Try again in a minute.`
				: `The relay refused the request (${status}). Try again; if it persists, reload the app.`;
	}
}

function unexpected(status: number): { ok: false; status: number; message: string } {
	return {
		ok: false,
		status,
		message: 'The relay sent an answer this app does not understand. It may run another version.'
	};
}
