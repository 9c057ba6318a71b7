// The owner's SMTP settings for campaign sending (smtp-settings.ts keeps them on the relay only).
//   GET    /api/workspaces/:id/smtp          owner: the settings without the password
//                                            ({configured: false} when none), `passwordSet`
//   PUT    /api/workspaces/:id/smtp          owner: set {host, port, tls, user, password?,
//                                            fromAddress, fromName, ratePerSec?,
//                                            trustedCertificate? (PEM, smtp-trust.ts)}; a
//                                            password left out keeps the stored one
//   DELETE /api/workspaces/:id/smtp          owner: remove them (sending waits)
//   POST   /api/workspaces/:id/smtp/verify   owner: log in to the server with the stored
//                                            settings, or with a body's laid over them (the form
//                                            before Save): {ok} or {ok: false, problem, message}
// Bearer token as for the rest of the API; another role gets 403.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from './auth.ts';
import { HttpError, bearerToken, readJson, sendJson } from './http-json.ts';
import { log } from './log.ts';
import { classifyFailure, smtpClient } from './smtp-client.ts';
import {
	SmtpSettingsError,
	parseSettings,
	viewOf,
	type SmtpSettingsSource
} from './smtp-settings.ts';

const SMTP = /^\/api\/workspaces\/([^/]+)\/smtp(\/verify)?\/?$/;
/** Verifying waits at most this long (nodemailer's own timeouts are shorter). */
const VERIFY_TIMEOUT_MS = 25_000;

export interface SmtpApiDeps {
	auth: Auth;
	settings: SmtpSettingsSource;
	maxBodyBytes: number;
	defaultRatePerSec: number;
	/** The workspace's settings changed: sending uses the new ones (CampaignSender). */
	onChange(workspaceId: string): void;
}

/** The routes; resolves false for a path that is not one of them. */
export function createSmtpApi(deps: SmtpApiDeps) {
	const { auth, settings } = deps;
	return async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
		const match = SMTP.exec(pathname);
		if (!match) return false;
		const [, workspaceId, verify] = match;
		const caller = auth.authenticate(workspaceId, bearerToken(req));
		if (!caller.ok) throw new HttpError(caller.status, caller.message);
		if (caller.role !== 'owner') throw new HttpError(403, 'owner role required');
		const method = req.method ?? 'GET';
		const stored = await settings.read(workspaceId);

		if (verify) {
			if (method !== 'POST') throw new HttpError(405, 'use POST to test the SMTP settings');
			const body =
				Number(req.headers['content-length']) > 0 ? await readJson(req, deps.maxBodyBytes) : {};
			const candidate =
				Object.keys(body).length > 0 ? parsed(body, stored, deps.defaultRatePerSec) : stored;
			if (!candidate) throw new HttpError(409, 'No SMTP settings yet: fill them in first.');
			const client = smtpClient(candidate);
			let answer: Record<string, unknown> = { ok: true };
			try {
				await Promise.race([
					client.verify(),
					new Promise((_, reject) =>
						setTimeout(
							() => reject(Object.assign(new Error('verify timed out'), { code: 'ETIMEDOUT' })),
							VERIFY_TIMEOUT_MS
						).unref()
					)
				]);
			} catch (error) {
				const failure = classifyFailure(error, candidate);
				answer = { ok: false, problem: failure.problem, message: failure.message };
			} finally {
				client.close();
			}
			log('smtp_verified', { workspaceId, ok: answer.ok, problem: answer.problem });
			sendJson(res, 200, answer);
			return true;
		}
		if (method === 'GET') {
			sendJson(res, 200, stored ? { configured: true, ...viewOf(stored) } : { configured: false });
		} else if (method === 'PUT') {
			const next = parsed(await readJson(req, deps.maxBodyBytes), stored, deps.defaultRatePerSec);
			await settings.set(workspaceId, next);
			// Which fields, never their values.
			log('smtp_settings_saved', { workspaceId, tls: next.tls, passwordSet: next.password !== '' });
			deps.onChange(workspaceId);
			sendJson(res, 200, { configured: true, ...viewOf(next) });
		} else if (method === 'DELETE') {
			const had = await settings.delete(workspaceId);
			if (had) log('smtp_settings_removed', { workspaceId });
			deps.onChange(workspaceId);
			sendJson(res, 200, { configured: false });
		} else {
			throw new HttpError(405, 'use GET, PUT or DELETE for the SMTP settings');
		}
		return true;
	};
}

function parsed(...args: Parameters<typeof parseSettings>) {
	try {
		return parseSettings(...args);
	} catch (error) {
		if (error instanceof SmtpSettingsError) throw new HttpError(400, error.message);
		throw error;
	}
}
