/**
 * The workspace's SMTP server for campaign sending, kept at the relay only (the password never
 * comes back: the screen learns whether one is set). Owner only. Pages reach the relay's SMTP
 * API ($lib/sync/smtp-api) only through here.
 */
import * as api from '$lib/sync/smtp-api';
import { relayOrigin } from './relay-origin';
import type { OpenWorkspace } from './session.svelte';

export { TLS_MODES, type SmtpForm, type SmtpView, type TlsMode } from '$lib/sync/smtp-api';

export type SmtpAnswer = { ok: true; view: api.SmtpView } | { ok: false; message: string };
export type VerifyAnswer = api.VerifyAnswer | { works: null; message: string };

const NOT_REGISTERED = {
	ok: false as const,
	message:
		'This workspace is not registered at the relay yet, and email is sent from there. Connect and try again.'
};

export async function emailSettings(open: OpenWorkspace): Promise<SmtpAnswer> {
	const { workspaceId, token } = open.profile;
	if (!token) return NOT_REGISTERED;
	const r = await api.smtpSettings(relayOrigin(), workspaceId, token);
	return r.ok ? { ok: true, view: r.view } : r;
}

export async function saveEmailSettings(
	open: OpenWorkspace,
	form: api.SmtpForm
): Promise<SmtpAnswer> {
	const { workspaceId, token } = open.profile;
	if (!token) return NOT_REGISTERED;
	const r = await api.saveSmtpSettings(relayOrigin(), workspaceId, token, form);
	return r.ok ? { ok: true, view: r.view } : r;
}

export async function removeEmailSettings(open: OpenWorkspace): Promise<SmtpAnswer> {
	const { workspaceId, token } = open.profile;
	if (!token) return NOT_REGISTERED;
	const r = await api.removeSmtpSettings(relayOrigin(), workspaceId, token);
	return r.ok ? { ok: true, view: { configured: false } } : r;
}

/** Whether the relay can log in to the server with these settings, and if not, why. */
export async function testEmailSettings(
	open: OpenWorkspace,
	form: api.SmtpForm
): Promise<VerifyAnswer> {
	const { workspaceId, token } = open.profile;
	if (!token) return { works: null, message: NOT_REGISTERED.message };
	const r = await api.verifySmtpSettings(relayOrigin(), workspaceId, token, form);
	return r.ok ? r.answer : { works: null, message: r.message };
}
