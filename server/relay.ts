// The relay's wiring: one HTTP server for the app, the API, health and metrics, and the
// websocket upgrade for sync. main.ts runs it as a process; tests may run it in theirs.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Auth } from './auth.ts';
import { createBackend } from './backend.ts';
import { CampaignSender } from './campaign-sender.ts';
import { campaignStores } from './campaign-stores.ts';
import type { RelayConfig } from './config.ts';
import type { Fanout } from './fanout.ts';
import { fenced } from './fence.ts';
import { createApiHandler } from './http-api.ts';
import { createCalendarFeed } from './http-calendar.ts';
import { sendJson } from './http-json.ts';
import { sendHealth, sendMetrics, sendReady } from './http-ops.ts';
import { createStaticHandler } from './http-static.ts';
import { createUnsubscribe } from './http-unsubscribe.ts';
import { log } from './log.ts';
import { Metrics } from './metrics.ts';
import { CLOSE } from '../src/lib/sync/wire.ts';
import { RedisFanout } from './redis-fanout.ts';
import { parseTarget } from './request-target.ts';
import { Rooms } from './rooms.ts';
import type { WorkspaceStore } from './storage.ts';
import { createUpgradeHandler, selectProtocol } from './upgrade.ts';

export interface Relay {
	readonly server: http.Server;
	readonly rooms: Rooms;
	readonly auth: Auth;
	readonly store: WorkspaceStore;
	readonly metrics: Metrics;
	readonly campaigns: CampaignSender;
	/** Starts listening; resolves with the bound port. */
	listen(): Promise<number>;
	/** Stops taking work, waits for the disk, closes every socket. */
	shutdown(): Promise<void>;
}

export function createRelay(config: RelayConfig): Relay {
	const metrics = new Metrics();
	// Files in DATA_DIR, or PostgreSQL with DATABASE_URL (backend.ts). An auth change made
	// elsewhere (the CLI, another process) closes the sockets of invites it revoked.
	const backend = createBackend(config, () => closeRevoked());
	const { auth, store, blobs, feeds } = backend;
	let fanout: Fanout | null = null;
	if (config.redisUrl) {
		const redis = new RedisFanout(config.redisUrl);
		metrics.fanout = redis.counts;
		fanout = redis;
	}
	const rooms = new Rooms(store, metrics, config.limits, config.storage.idleReleaseMs, fanout);
	/** What /readyz checks besides stopping: only the services this process is configured with. */
	const readiness = (): Record<string, boolean> => ({
		...backend.readiness(),
		...(fanout ? { redis: fanout.ready } : {})
	});
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: config.limits.maxMessageBytes,
		perMessageDeflate: false,
		handleProtocols: selectProtocol
	});
	let stopping = false;

	const closeRevoked = () => {
		const revoked = [...rooms.liveInvites()].filter((id) => auth.isRevoked(id));
		if (revoked.length > 0) rooms.closeInvites(new Set(revoked), CLOSE.revoked, 'token revoked');
	};
	// Campaign sending (campaign-sender.ts): SMTP settings, secret and ledger in DATA_DIR, or in
	// PostgreSQL with a lease per workspace (campaign-stores.ts).
	const campaignState = campaignStores(config.dataDir, config.databaseUrl);
	const { settings: smtpSettings, tokens } = campaignState;
	const documents = {
		store,
		liveDoc: (workspaceId: string, doc: string) => rooms.liveDoc(workspaceId, doc),
		liveRoom: (workspaceId: string, doc: string) => rooms.liveRoom(workspaceId, doc),
		hasRoom: (workspaceId: string, doc: string) => rooms.hasRoom(workspaceId, doc),
		published: (workspaceId: string, doc: string, update: Uint8Array) =>
			fanout?.publishStored(workspaceId, doc, update)
	};
	let boundPort = config.port;
	const ownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	const campaigns = new CampaignSender({
		config: config.campaigns,
		settings: smtpSettings,
		ledger: campaignState.ledger,
		finished: campaignState.finished,
		lease: campaignState.lease,
		settled: (workspaceId, doc) => rooms.liveRoom(workspaceId, doc)?.settled() ?? Promise.resolve(),
		tokens,
		metrics,
		documents,
		publicUrl: () => config.campaigns.publicUrl ?? `http://${ownHost}:${boundPort}`,
		hasWorkspace: (workspaceId) => auth.getWorkspace(workspaceId) !== undefined
	});
	rooms.watch(CampaignSender.watches, (workspaceId, doc, origin) =>
		campaigns.notice(workspaceId, doc, origin)
	);
	const unsubscribe = createUnsubscribe({
		auth,
		tokens,
		documents,
		metrics,
		onUnsubscribe: (workspaceId, personId) => campaigns.personUnsubscribed(workspaceId, personId)
	});
	const api = createApiHandler({
		config,
		auth,
		blobs,
		feeds,
		smtpSettings,
		onSmtpChange: (workspaceId) => campaigns.settingsChanged(workspaceId),
		onRevoke: closeRevoked
	});
	const calendar = createCalendarFeed({
		auth,
		feeds,
		metrics,
		trustProxy: config.trustProxy,
		documents: {
			store,
			liveDoc: (workspaceId, doc) => rooms.liveDoc(workspaceId, doc),
			hasRoom: (workspaceId, doc) => rooms.hasRoom(workspaceId, doc)
		}
	});
	const serveStatic = createStaticHandler(config.staticDir);

	const onRequest = fenced(
		'http',
		(req: http.IncomingMessage, res: http.ServerResponse) => {
			const target = parseTarget(req.url);
			if (!target) {
				sendJson(res, 400, { error: 'bad request target' });
				return;
			}
			const { pathname } = target;
			if (pathname === '/healthz') sendHealth(res, stopping);
			else if (pathname === '/readyz') sendReady(res, stopping, readiness());
			else if (pathname === '/metrics') sendMetrics(res, metrics);
			else if (pathname === '/api' || pathname.startsWith('/api/')) return api(req, res, pathname);
			else if (pathname.startsWith('/calendar/')) return calendar(req, res, pathname);
			else if (pathname.startsWith('/unsubscribe/')) return unsubscribe(req, res, pathname);
			else if (pathname === '/sync' || pathname.startsWith('/sync/')) {
				sendJson(res, 426, { error: 'connect with a websocket to /sync/<workspaceId>' });
			} else serveStatic(req, res, pathname);
		},
		(_error, _req, res) => {
			if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
			else res.destroy();
		}
	);
	const server = http.createServer(onRequest);
	server.on(
		'upgrade',
		fenced(
			'upgrade',
			createUpgradeHandler({ config, wss, auth, rooms, metrics, isStopping: () => stopping }),
			(_error, _req, socket: Duplex) => socket.destroy()
		)
	);
	server.on(
		'clientError',
		fenced('client_error', (_error: Error, socket: Duplex) => {
			if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			socket.destroy();
		})
	);

	return {
		server,
		rooms,
		auth,
		store,
		metrics,
		campaigns,
		async listen() {
			await backend.start();
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(config.port, config.host, () => {
					server.off('error', reject);
					const address = server.address();
					boundPort = typeof address === 'object' && address ? address.port : config.port;
					resolve(boundPort);
					// Campaigns a restart interrupted go on (in the background: serving starts now).
					campaignState
						.start((workspaceId) => campaigns.settingsChanged(workspaceId))
						.then(() => campaigns.start(auth.listWorkspaces().map((workspace) => workspace.id)))
						.catch((error: unknown) => log('campaign_start_failed', { error: String(error) }));
				});
			});
		},
		async shutdown() {
			if (stopping) return;
			stopping = true;
			server.close();
			await backend.stop();
			await campaigns.stop();
			await rooms.shutdown();
			await fanout?.close();
			await campaignState.close();
			await store.close();
			server.closeAllConnections();
		}
	};
}
