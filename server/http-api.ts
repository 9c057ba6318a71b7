// The HTTP API the app (and an owner in its settings) uses to manage workspaces and invites.
//   POST   /api/workspaces                         create; answers with the owner token
//   GET    /api/workspaces/:id/session             who am I (role), or why I am refused
//   GET    /api/workspaces/:id/invites             owner: list invites
//   POST   /api/workspaces/:id/invites             owner: create an invite {role, label}
//   DELETE /api/workspaces/:id/invites/:inviteId   owner: revoke; closes its live connections
//   …/blobs/:sha256, …/blob-usage, …/blob-quota   attached files: see http-blobs.ts
//   …/members/:memberId/calendar                  calendar link: see http-calendar.ts
//   …/smtp, …/smtp/verify                          campaign sending's SMTP: see http-smtp.ts
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, type Auth } from './auth.ts';
import { clientIp } from './client-ip.ts';
import type { BlobStore } from './blobs.ts';
import { createBlobRoutes } from './http-blobs.ts';
import type { CalendarFeeds } from './calendar-feeds.ts';
import { createCalendarApi } from './http-calendar.ts';
import { createSmtpApi } from './http-smtp.ts';
import type { SmtpSettingsSource } from './smtp-settings.ts';
import type { RelayConfig } from './config.ts';
import { HttpError, bearerToken, readJson, sendJson } from './http-json.ts';
import { KeyedRateLimiter } from './limits.ts';
import { log } from './log.ts';

export interface ApiDeps {
	config: RelayConfig;
	auth: Auth;
	blobs: BlobStore;
	feeds: CalendarFeeds;
	smtpSettings: SmtpSettingsSource;
	/** A workspace's SMTP settings changed (campaign sending picks them up). */
	onSmtpChange: (workspaceId: string) => void;
	/** Closes the live connections of a revoked invite. */
	onRevoke: (inviteId: string) => void;
}

const INVITES = /^\/api\/workspaces\/([^/]+)\/invites\/?$/;
const INVITE = /^\/api\/workspaces\/([^/]+)\/invites\/([^/]+)\/?$/;
const SESSION = /^\/api\/workspaces\/([^/]+)\/session\/?$/;

export function createApiHandler(deps: ApiDeps) {
	const { config, auth } = deps;
	const creations = new KeyedRateLimiter(
		config.limits.createWorkspacePerHour / 3600,
		config.limits.createWorkspaceBurst
	);
	const blobs = createBlobRoutes({ config, auth, store: deps.blobs });
	const calendar = createCalendarApi({ auth, feeds: deps.feeds });
	const smtp = createSmtpApi({
		auth,
		settings: deps.smtpSettings,
		maxBodyBytes: config.limits.maxBodyBytes,
		defaultRatePerSec: config.campaigns.defaultRatePerSec,
		onChange: deps.onSmtpChange
	});

	/** The authenticated role for a workspace, or an HttpError saying why not. */
	const authorize = async (req: IncomingMessage, workspaceId: string, ownerOnly: boolean) => {
		let result = auth.authenticate(workspaceId, bearerToken(req));
		// On PostgreSQL, a workspace or invite made at another process may not be here yet.
		if (!result.ok && result.status !== 403 && auth.catchUp) {
			await auth.catchUp();
			result = auth.authenticate(workspaceId, bearerToken(req));
		}
		if (!result.ok) throw new HttpError(result.status, result.message);
		if (ownerOnly && result.role !== 'owner') throw new HttpError(403, 'owner role required');
		return result;
	};

	const route = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
		const method = req.method ?? 'GET';
		if (pathname === '/api/workspaces' || pathname === '/api/workspaces/') {
			if (method !== 'POST') throw new HttpError(405, 'use POST to create a workspace');
			if (!config.allowWorkspaceCreation) {
				throw new HttpError(403, 'creating workspaces is disabled on this relay');
			}
			if (!creations.take(clientIp(req, config.trustProxy))) {
				throw new HttpError(429, 'too many workspaces created from this address; try later');
			}
			const body = await readJson(req, config.limits.maxBodyBytes);
			const { workspace, token } = await auth.createWorkspace({
				id: body.id,
				name: body.name,
				ownerLabel: body.memberName
			});
			log('workspace_created', { workspaceId: workspace.id, via: 'api' });
			sendJson(res, 201, { workspaceId: workspace.id, name: workspace.name, token, role: 'owner' });
			return;
		}
		let match = SESSION.exec(pathname);
		if (match) {
			if (method !== 'GET') throw new HttpError(405, 'use GET for the session');
			const result = await authorize(req, match[1], false);
			sendJson(res, 200, {
				workspaceId: result.workspace.id,
				name: result.workspace.name,
				role: result.role
			});
			return;
		}
		match = INVITES.exec(pathname);
		if (match) {
			const workspaceId = match[1];
			if (method === 'GET') {
				await authorize(req, workspaceId, true);
				sendJson(res, 200, auth.listInvites(workspaceId));
			} else if (method === 'POST') {
				await authorize(req, workspaceId, true);
				const body = await readJson(req, config.limits.maxBodyBytes);
				const { invite, token } = await auth.createInvite(workspaceId, body.role, body.label);
				log('invite_created', { workspaceId, inviteId: invite.id, role: invite.role });
				sendJson(res, 201, { id: invite.id, role: invite.role, label: invite.label, token });
			} else {
				throw new HttpError(405, 'use GET or POST for invites');
			}
			return;
		}
		match = INVITE.exec(pathname);
		if (match) {
			if (method !== 'DELETE') throw new HttpError(405, 'use DELETE to revoke an invite');
			const [, workspaceId, inviteId] = match;
			await authorize(req, workspaceId, true);
			const invite = await auth.revokeInvite(workspaceId, inviteId, true);
			log('invite_revoked', { workspaceId, inviteId });
			deps.onRevoke(inviteId);
			sendJson(res, 200, invite);
			return;
		}
		if (await blobs(req, res, pathname)) return;
		if (await calendar(req, res, pathname)) return;
		if (await smtp(req, res, pathname)) return;
		throw new HttpError(404, `no API route ${method} ${pathname}`);
	};

	return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
		// Tokens travel in a header, never in cookies, so any origin may call (the dev server too).
		res.setHeader('Access-Control-Allow-Origin', '*');
		if (req.method === 'OPTIONS') {
			res.writeHead(204, {
				'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
				'Access-Control-Allow-Headers': 'Authorization, Content-Type',
				'Access-Control-Max-Age': '600'
			});
			res.end();
			return;
		}
		try {
			await route(req, res, pathname);
		} catch (error) {
			if (error instanceof HttpError || error instanceof AuthError) {
				sendJson(res, error.status, { error: error.message });
			} else {
				log('api_error', { path: pathname, error: String(error) });
				sendJson(res, 500, { error: 'internal error' });
			}
		}
	};
}
