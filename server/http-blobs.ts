// The HTTP routes of attached files (blobs.ts stores them), mounted by http-api.ts:
//   PUT  /api/workspaces/:id/blobs/:sha256   editor, owner: raw bytes; 201 stored, 200 already there
//   GET  /api/workspaces/:id/blobs/:sha256   any role: the bytes (immutable: the hash names them)
//   HEAD /api/workspaces/:id/blobs/:sha256   any role: whether the workspace holds it
//   GET  /api/workspaces/:id/blob-usage      any role: {usedBytes, quotaBytes}
//   PUT  /api/workspaces/:id/blob-quota      owner: {quotaBytes}
// The store is the one backend.ts chose: files in DATA_DIR, or PostgreSQL shared by every process.
// A body is streamed to disk while it is hashed, never held in memory. A refused body is read
// on and dropped, not cut off: a client still sending would see a reset instead of the answer
// (fetch stops sending once the answer arrives); it is cut DROP_GRACE_MS after the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Auth } from './auth.ts';
import { BLOB_HASH, BlobError, type BlobStore, type BlobUpload } from './blobs.ts';
import type { RelayConfig } from './config.ts';
import { HttpError, bearerToken, readJson, sendJson } from './http-json.ts';
import { log } from './log.ts';

const BLOB = /^\/api\/workspaces\/([^/]+)\/blobs\/([^/]*)\/?$/;
const USAGE = /^\/api\/workspaces\/([^/]+)\/blob-usage\/?$/;
const QUOTA = /^\/api\/workspaces\/([^/]+)\/blob-quota\/?$/;
/** How long a refused body may keep coming after its answer went out. */
const DROP_GRACE_MS = 10_000;

export type BlobRoutes = (
	req: IncomingMessage,
	res: ServerResponse,
	pathname: string
) => Promise<boolean>;

/** The blob routes; resolves false for a path that is not one of them. */
export function createBlobRoutes(deps: {
	config: RelayConfig;
	auth: Auth;
	store: BlobStore;
}): BlobRoutes {
	const { config, auth, store } = deps;

	const authorize = async (req: IncomingMessage, workspaceId: string) => {
		let result = auth.authenticate(workspaceId, bearerToken(req));
		// On PostgreSQL, a workspace or invite made at another process may not be here yet.
		if (!result.ok && result.status !== 403 && auth.catchUp) {
			await auth.catchUp();
			result = auth.authenticate(workspaceId, bearerToken(req));
		}
		if (!result.ok) throw new HttpError(result.status, result.message);
		return result;
	};

	const put = async (req: IncomingMessage, res: ServerResponse, ws: string, hash: string) => {
		const existing = await store.stat(ws, hash);
		if (existing) {
			// Content-addressed: the bytes are known, so the body is not kept.
			dropRest(req, res);
			sendJson(res, 200, { hash, size: existing.size });
			return;
		}
		let upload: BlobUpload | null = null;
		try {
			upload = await store.begin(ws, hash, declaredLength(req));
			const writing = upload;
			await receive(req, (chunk) => writing.write(chunk));
			const stored = await upload.commit();
			if (stored.created) log('blob_stored', { workspaceId: ws, hash, size: stored.size });
			sendJson(res, stored.created ? 201 : 200, { hash, size: stored.size });
		} catch (error) {
			dropRest(req, res);
			await upload?.abort();
			throw error;
		}
	};

	const get = async (req: IncomingMessage, res: ServerResponse, ws: string, hash: string) => {
		const head = req.method === 'HEAD';
		const found: { size: number; stream?: Readable } | null = head
			? await store.stat(ws, hash)
			: await store.read(ws, hash);
		if (!found) throw new HttpError(404, 'this workspace holds no file with that hash');
		res.writeHead(200, {
			'Content-Type': 'application/octet-stream',
			'Content-Length': found.size,
			'Cache-Control': 'private, max-age=31536000, immutable',
			'X-Content-Type-Options': 'nosniff'
		});
		if (!found.stream) {
			res.end();
			return;
		}
		await pipeline(found.stream, res).catch((error: unknown) => {
			// Headers are out: all that is left to say is a cut connection.
			log('blob_read_failed', { workspaceId: ws, hash, error: String(error) });
			res.destroy();
		});
	};

	const route = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
		const method = req.method ?? 'GET';
		let match = BLOB.exec(pathname);
		if (match) {
			const [, ws, hash] = match;
			const { role } = await authorize(req, ws);
			if (!BLOB_HASH.test(hash)) {
				throw new HttpError(400, 'a blob is named by its SHA-256: 64 lowercase hex digits');
			}
			if (method === 'PUT') {
				if (role === 'viewer') {
					throw new HttpError(403, 'a viewer can open files but not upload them');
				}
				await put(req, res, ws, hash);
			} else if (method === 'GET' || method === 'HEAD') {
				await get(req, res, ws, hash);
			} else {
				throw new HttpError(405, 'use PUT, GET or HEAD for a blob');
			}
			return true;
		}
		match = USAGE.exec(pathname);
		if (match) {
			if (method !== 'GET') throw new HttpError(405, 'use GET for blob usage');
			await authorize(req, match[1]);
			sendJson(res, 200, await store.usage(match[1]));
			return true;
		}
		match = QUOTA.exec(pathname);
		if (match) {
			if (method !== 'PUT') throw new HttpError(405, 'use PUT to set the blob quota');
			const { role } = await authorize(req, match[1]);
			if (role !== 'owner') throw new HttpError(403, 'owner role required to set the quota');
			const body = await readJson(req, config.limits.maxBodyBytes);
			const usage = await store.setQuota(match[1], body.quotaBytes as number);
			log('blob_quota_set', { workspaceId: match[1], quotaBytes: usage.quotaBytes });
			sendJson(res, 200, usage);
			return true;
		}
		return false;
	};

	return async (req, res, pathname) => {
		try {
			return await route(req, res, pathname);
		} catch (error) {
			throw error instanceof BlobError ? new HttpError(error.status, error.message) : error;
		}
	};
}

/** The request's content-length, if it has a valid one. */
function declaredLength(req: IncomingMessage): number | undefined {
	const raw = req.headers['content-length'];
	if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
	return Number(raw);
}

/** Hands each chunk of the body to `write`, one at a time (the request is paused meanwhile). */
function receive(req: IncomingMessage, write: (chunk: Buffer) => Promise<void>): Promise<void> {
	return new Promise((resolve, reject) => {
		let failed = false;
		// The write in flight: 'end' may be emitted before it settles (the last chunk's).
		let writing = Promise.resolve();
		const fail = (error: unknown) => {
			if (failed) return;
			failed = true;
			reject(error instanceof Error ? error : new Error(String(error)));
		};
		req.on('data', (chunk: Buffer) => {
			if (failed) return;
			req.pause();
			writing = write(chunk).then(
				() => void req.resume(),
				(error: unknown) => {
					fail(error);
					req.resume();
				}
			);
		});
		req.on('end', () => {
			void writing.then(() => {
				if (!failed) resolve();
			});
		});
		req.on('error', fail);
		req.on('close', () => {
			if (!req.complete) fail(new HttpError(400, 'upload cut off before its end'));
		});
	});
}

/** Reads and drops what is left of a body; cuts it off a while after the answer is out. */
function dropRest(req: IncomingMessage, res: ServerResponse): void {
	if (req.complete || req.destroyed) return;
	req.resume();
	res.once('finish', () => {
		const timer = setTimeout(() => {
			if (!req.complete) req.destroy();
		}, DROP_GRACE_MS);
		timer.unref();
		req.once('close', () => clearTimeout(timer));
	});
}
