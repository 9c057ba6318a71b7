// The websocket entrance: `/sync/<workspaceId>` (the core document), `/sync/<workspaceId>/<doc>`
// (one named document, for a stock y-websocket client whose room is `<workspaceId>/<doc>`), the
// token in the subprotocol header (`Sec-WebSocket-Protocol: crm, token.<token>`; the relay
// answers `crm`), or for stock clients in the query (`?token=...`, which a reverse proxy's
// access log may record); `crm=1` or the `crm` subprotocol opt in to the role and ack
// extensions. At `/sync/<workspaceId>`, the `crm-docs` subprotocol (answered `crm-docs`) asks for
// every document of the workspace over this one socket, each message in the document envelope. Authentication happens here,
// before handleUpgrade, so a refused client never touches a document: the handshake completes
// only to deliver a close code the browser can read (HTTP status codes are invisible to it).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Auth } from './auth.ts';
import { clientIp } from './client-ip.ts';
import type { RelayConfig } from './config.ts';
import { ConnectionCounter } from './limits.ts';
import { log } from './log.ts';
import type { Metrics, RefusalReason } from './metrics.ts';
import {
	CLOSE,
	CORE_DOC,
	SUBPROTOCOL_BATCH,
	SUBPROTOCOL_DOCS,
	isDocName
} from '../src/lib/sync/wire.ts';
import { parseTarget } from './request-target.ts';
import type { Rooms } from './rooms.ts';
import { WORKSPACE_ID } from './storage.ts';

const SYNC_PATH = /^\/sync\/([^/]+)(?:\/([^/]+))?\/?$/;
const TOKEN_PREFIX = 'token.';

const AUTH_CLOSE: Record<string, number> = {
	missing_token: CLOSE.invalidToken,
	invalid_token: CLOSE.invalidToken,
	revoked_token: CLOSE.revoked,
	unknown_workspace: CLOSE.unknownWorkspace
};

export interface UpgradeDeps {
	config: RelayConfig;
	wss: WebSocketServer;
	auth: Auth;
	rooms: Rooms;
	metrics: Metrics;
	isStopping: () => boolean;
}

export function createUpgradeHandler(deps: UpgradeDeps) {
	const { config, wss, auth, rooms, metrics } = deps;
	const perIp = new ConnectionCounter(config.limits.connectionsPerIp);
	const perWorkspace = new ConnectionCounter(config.limits.connectionsPerWorkspace);

	const refuse = (
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		code: number,
		reason: RefusalReason,
		fields: Record<string, unknown>
	) => {
		metrics.refuse(reason);
		log('refused', { reason, code, ...fields });
		wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason.replace(/_/g, ' ')));
	};

	return async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
		socket.on('error', () => socket.destroy());
		const target = parseTarget(req.url);
		if (!target) {
			socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const path = parseSyncPath(target.pathname);
		if (!path) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const { workspaceId, doc } = path;
		const ip = clientIp(req, config.trustProxy);
		const fields = { workspaceId, doc, ip };
		if (deps.isStopping()) {
			refuse(req, socket, head, CLOSE.goingAway, 'shutting_down', fields);
			return;
		}
		if (!isDocName(doc)) {
			refuse(req, socket, head, CLOSE.malformed, 'bad_document_name', fields);
			return;
		}
		const protocols = offeredProtocols(req);
		const token = protocols.find((p) => p.startsWith(TOKEN_PREFIX))?.slice(TOKEN_PREFIX.length);
		const check = () =>
			WORKSPACE_ID.test(workspaceId)
				? auth.authenticate(workspaceId, token ?? target.query.get('token'))
				: ({ ok: false, reason: 'unknown_workspace' } as const);
		let result = check();
		// Several processes on PostgreSQL: a workspace or invite made at another one a moment
		// ago may not be in this process's copy yet. Files: no await, as before.
		const unknown =
			!result.ok && (result.reason === 'unknown_workspace' || result.reason === 'invalid_token');
		if (unknown && WORKSPACE_ID.test(workspaceId) && auth.catchUp) {
			await auth.catchUp();
			result = check();
		}
		if (!result.ok) {
			refuse(req, socket, head, AUTH_CLOSE[result.reason], result.reason, fields);
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			if (!perIp.tryAcquire(ip)) {
				metrics.refuse('too_many_connections');
				log('refused', {
					reason: 'too_many_connections',
					code: CLOSE.tooManyConnections,
					...fields,
					scope: 'ip'
				});
				ws.close(CLOSE.tooManyConnections, 'too many connections from this address');
				return;
			}
			if (!perWorkspace.tryAcquire(workspaceId)) {
				perIp.release(ip);
				metrics.refuse('too_many_connections');
				log('refused', {
					reason: 'too_many_connections',
					code: CLOSE.tooManyConnections,
					...fields,
					scope: 'workspace'
				});
				ws.close(CLOSE.tooManyConnections, 'too many connections to this workspace');
				return;
			}
			ws.on('close', () => {
				perIp.release(ip);
				perWorkspace.release(workspaceId);
			});
			// selectProtocol answered `crm-docs` or `crm-batch` only where they apply: at the
			// workspace's path.
			const batch = ws.protocol === SUBPROTOCOL_BATCH;
			const manyDocs = batch || ws.protocol === SUBPROTOCOL_DOCS;
			rooms.connect(ws, socket, {
				workspaceId,
				role: result.role,
				inviteId: result.inviteId,
				presenceName: cachedName((claimed) =>
					auth.memberName(workspaceId, result.inviteId, claimed)
				),
				ip,
				extensions: manyDocs || target.query.get('crm') === '1' || protocols.includes('crm'),
				doc: manyDocs ? null : doc,
				batch
			});
		});
	};
}

/** The workspace and document a sync path names (CORE_DOC without a document), or null. */
export function parseSyncPath(pathname: string): { workspaceId: string; doc: string } | null {
	const match = SYNC_PATH.exec(pathname);
	return match ? { workspaceId: match[1], doc: match[2] ?? CORE_DOC } : null;
}

/**
 * The subprotocol the relay answers with: `crm-batch`, else `crm-docs`, when the client offers
 * it at a workspace's path (many documents over this socket; with batches), else `crm` when
 * offered (the app does, next to its token), otherwise the first one offered that is not a token
 * (nor `crm-docs` or `crm-batch` at a document's path); none if that is all there is.
 */
export function selectProtocol(offered: Set<string>, req?: IncomingMessage): string | false {
	const pathname = parseTarget(req?.url)?.pathname;
	const atWorkspace = pathname !== undefined && parseSyncPath(pathname)?.doc === CORE_DOC;
	if (offered.has(SUBPROTOCOL_BATCH) && atWorkspace) return SUBPROTOCOL_BATCH;
	if (offered.has(SUBPROTOCOL_DOCS) && atWorkspace) return SUBPROTOCOL_DOCS;
	if (offered.has('crm')) return 'crm';
	for (const protocol of offered) {
		if (
			!protocol.startsWith(TOKEN_PREFIX) &&
			protocol !== SUBPROTOCOL_DOCS &&
			protocol !== SUBPROTOCOL_BATCH
		)
			return protocol;
	}
	return false;
}

function offeredProtocols(req: IncomingMessage): string[] {
	const header = req.headers['sec-websocket-protocol'];
	if (typeof header !== 'string') return [];
	return header
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '');
}

/**
 * Asks the auth store once per claimed name (a few remembered): presence messages are frequent,
 * and a client switching between claims must not make each one a scan of the invites.
 */
function cachedName(resolve: (claimed: unknown) => string): (claimed: unknown) => string {
	const names = new Map<unknown, string>();
	let bound: string | null = null;
	return (claimed) => {
		if (bound !== null) return bound;
		let name = names.get(claimed);
		if (name === undefined) {
			if (names.size >= 8) names.clear();
			name = resolve(claimed);
			names.set(claimed, name);
			// The claim itself came back: it is the invite's name now, for good.
			if (typeof claimed === 'string' && claimed.trim() === name) bound = name;
		}
		return name;
	};
}
