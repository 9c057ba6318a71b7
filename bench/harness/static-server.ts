/**
 * Serves the built app on 127.0.0.1 with the relay DOWN: static files, index.html for client
 * routes, and a few extra in-memory files the bench needs on the app's origin (a blank page to
 * seed storage from, the document to seed). Websocket upgrades are refused, as by a dead relay.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.bin': 'application/octet-stream'
};

export interface StaticServer {
	origin: string;
	/** Adds or replaces an in-memory file, e.g. '/__bench/seed.bin'. */
	put(pathname: string, body: Buffer | string): void;
	close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
	const base = path.resolve(root);
	const extra = new Map<string, Buffer>();
	const server = http.createServer((req, res) => {
		const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://bench').pathname);
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(pathname.startsWith('/api/') ? 503 : 405).end();
			return;
		}
		const body = extra.get(pathname);
		if (body) return send(res, pathname, body);
		if (pathname.startsWith('/api/') || pathname.startsWith('/sync')) {
			res.writeHead(503).end(); // the relay is down
			return;
		}
		const file = path.join(base, pathname);
		if (file.startsWith(base + path.sep) && isFile(file))
			return send(res, file, fs.readFileSync(file));
		send(res, 'index.html', fs.readFileSync(path.join(base, 'index.html')));
	});
	server.on('upgrade', (_req, socket) => socket.destroy());
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		put: (pathname, body) => extra.set(pathname, Buffer.from(body)),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

function send(res: http.ServerResponse, name: string, body: Buffer): void {
	res.writeHead(200, {
		'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream',
		'content-length': body.length,
		'cache-control': 'no-cache'
	});
	res.end(body);
}

function isFile(file: string): boolean {
	try {
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}
