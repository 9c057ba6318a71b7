// Entry point and wiring: one HTTP server for the app, the API, health and metrics, and the
// websocket upgrade for sync. Run with `node --import tsx server/main.ts`.
import fs from 'node:fs';
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { AuthStore } from './auth.ts';
import { loadConfig } from './config.ts';
import { FileStore } from './file-store.ts';
import { createApiHandler } from './http-api.ts';
import { sendJson } from './http-json.ts';
import { sendHealth, sendMetrics } from './http-ops.ts';
import { createStaticHandler } from './http-static.ts';
import { log } from './log.ts';
import { Metrics } from './metrics.ts';
import { CLOSE } from './protocol.ts';
import { Rooms } from './rooms.ts';
import { createUpgradeHandler } from './upgrade.ts';

const config = loadConfig();
const metrics = new Metrics();
const auth = new AuthStore(config.dataDir);
const store = new FileStore(config.dataDir, {
	groupCommitMaxBytes: config.storage.groupCommitMaxBytes,
	compactLogBytes: config.storage.compactLogBytes,
	onError: (workspaceId, error) => log('storage_error', { workspaceId, error: String(error) })
});
const rooms = new Rooms(store, metrics, config.limits, config.storage.idleReleaseMs);
const wss = new WebSocketServer({
	noServer: true,
	maxPayload: config.limits.maxMessageBytes,
	perMessageDeflate: false
});
let stopping = false;

const closeRevoked = () => {
	const revoked = [...rooms.liveInvites()].filter((id) => auth.isRevoked(id));
	if (revoked.length > 0) rooms.closeInvites(new Set(revoked), CLOSE.revoked, 'token revoked');
};
const api = createApiHandler({ config, auth, onRevoke: closeRevoked });
const serveStatic = createStaticHandler(config.staticDir);

const server = http.createServer((req, res) => {
	let pathname: string;
	try {
		pathname = new URL(req.url ?? '/', 'http://relay').pathname;
	} catch {
		sendJson(res, 400, { error: 'bad request URL' });
		return;
	}
	if (pathname === '/healthz') sendHealth(res, stopping);
	else if (pathname === '/metrics') sendMetrics(res, metrics);
	else if (pathname === '/api' || pathname.startsWith('/api/')) void api(req, res, pathname);
	else if (pathname === '/sync' || pathname.startsWith('/sync/')) {
		sendJson(res, 426, { error: 'connect with a websocket to /sync/<workspaceId>?token=...' });
	} else serveStatic(req, res, pathname);
});
server.on(
	'upgrade',
	createUpgradeHandler({ config, wss, auth, rooms, metrics, isStopping: () => stopping })
);

// The CLI may revoke a token while we run: it rewrites auth.json, and live sockets must go.
fs.watchFile(auth.file, { interval: 1000 }, () => {
	try {
		auth.refresh();
		closeRevoked();
	} catch (error) {
		log('auth_reload_failed', { error: String(error) });
	}
});

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	log('listening', { url: `http://${host}:${port}`, port, dataDir: config.dataDir });
});

async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log('stopping', { signal });
	// A stuck disk must not keep the process from exiting forever.
	setTimeout(() => {
		log('shutdown_timeout');
		process.exit(1);
	}, 10_000).unref();
	server.close();
	fs.unwatchFile(auth.file);
	await rooms.shutdown();
	await store.close();
	server.closeAllConnections();
	log('stopped');
	process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => void shutdown(signal));
}
