// The contract of attached files on a real relay process, whichever store keeps them (the files
// in DATA_DIR, blobs.test.ts; PostgreSQL, pg-blobs.test.ts): stored once by hash, checked,
// limited, per workspace. Call registerBlobContractTests with a harness for that store.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createWorkspace, invite, type RelayProcess } from './test-helpers.ts';

export const MAX = 64 * 1024;
export const QUOTA = 256 * 1024;
export const BLOB_ENV = {
	MAX_BLOB_BYTES: String(MAX),
	BLOB_QUOTA_BYTES: String(QUOTA),
	CREATE_WORKSPACE_BURST: '100'
};

export interface BlobHarness {
	/** A relay on this store with BLOB_ENV. */
	start(): Promise<RelayProcess>;
	/** Stops `relay` and starts another on the same stored data, as after a restart. */
	restart(relay: RelayProcess): Promise<RelayProcess>;
	/** The hashes the store holds for the workspace, sorted. */
	stored(relay: RelayProcess, workspaceId: string): Promise<string[]>;
	/** Uploads' temp files still on disk (none once every upload has been answered). */
	leftovers(relay: RelayProcess, workspaceId: string): string[];
	/** Stops everything the harness started. */
	close(): Promise<void>;
}

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function bytesOf(size: number, seed: number): Uint8Array<ArrayBuffer> {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
	return bytes;
}

function blobUrl(relay: RelayProcess, ws: string, hash: string): string {
	return `${relay.http}/api/workspaces/${ws}/blobs/${hash}`;
}

export function putBlob(
	relay: RelayProcess,
	ws: string,
	hash: string,
	body: BodyInit,
	token?: string
): Promise<Response> {
	const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
	if (token) headers.authorization = `Bearer ${token}`;
	return fetch(blobUrl(relay, ws, hash), {
		method: 'PUT',
		headers,
		body,
		duplex: 'half'
	} as RequestInit);
}

export function getBlob(
	relay: RelayProcess,
	ws: string,
	hash: string,
	token?: string,
	method = 'GET'
): Promise<Response> {
	return fetch(blobUrl(relay, ws, hash), {
		method,
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
}

export async function blobUsage(
	relay: RelayProcess,
	ws: string,
	token: string
): Promise<{ usedBytes: number; quotaBytes: number }> {
	const res = await api(relay, 'GET', `/api/workspaces/${ws}/blob-usage`, { token });
	expect(res.status).toBe(200);
	return res.body as { usedBytes: number; quotaBytes: number };
}

/** A body sent in chunks with no content-length, as a client streaming a file would. */
export function chunked(bytes: Uint8Array, chunk = 8192): ReadableStream<Uint8Array<ArrayBuffer>> {
	let at = 0;
	return new ReadableStream({
		pull(controller) {
			if (at >= bytes.length) controller.close();
			else {
				controller.enqueue(bytes.slice(at, at + chunk));
				at += chunk;
			}
		}
	});
}

export function registerBlobContractTests(name: string, harness: BlobHarness): void {
	describe(`attached files: ${name}`, () => {
		let relay: RelayProcess;
		beforeAll(async () => {
			relay = await harness.start();
		}, 120_000);
		afterAll(() => harness.close());

		const put = (ws: string, hash: string, body: BodyInit, token?: string) =>
			putBlob(relay, ws, hash, body, token);
		const get = (ws: string, hash: string, token?: string, method = 'GET') =>
			getBlob(relay, ws, hash, token, method);
		const usage = (ws: string, token: string) => blobUsage(relay, ws, token);
		/** What the store holds for the workspace, and that no upload left a temp file. */
		const stored = async (ws: string) => {
			expect(harness.leftovers(relay, ws)).toEqual([]);
			return harness.stored(relay, ws);
		};

		it('stores bytes once by hash and serves them back, immutable', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(5000, 1);
			const hash = sha256(bytes);

			const first = await put(ws, hash, bytes, token);
			expect(first.status).toBe(201);
			expect(await first.json()).toEqual({ hash, size: 5000 });
			expect(await stored(ws)).toEqual([hash]);

			const again = await put(ws, hash, bytes, token);
			expect(again.status).toBe(200);
			expect(await again.json()).toEqual({ hash, size: 5000 });

			const res = await get(ws, hash, token);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/octet-stream');
			expect(res.headers.get('content-length')).toBe('5000');
			expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);

			const head = await get(ws, hash, token, 'HEAD');
			expect(head.status).toBe(200);
			expect(head.headers.get('content-length')).toBe('5000');
			const missing = await get(ws, sha256(bytesOf(10, 9)), token, 'HEAD');
			expect(missing.status).toBe(404);
			expect(await usage(ws, token)).toEqual({ usedBytes: 5000, quotaBytes: QUOTA });
		});

		it('takes a streamed body with no content-length, and an empty file', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(40_000, 2);
			const res = await put(ws, sha256(bytes), chunked(bytes), token);
			expect(res.status).toBe(201);
			expect(new Uint8Array(await (await get(ws, sha256(bytes), token)).arrayBuffer())).toEqual(
				bytes
			);
			const empty = new Uint8Array(0);
			expect((await put(ws, sha256(empty), empty, token)).status).toBe(201);
			const back = await get(ws, sha256(empty), token);
			expect(back.status).toBe(200);
			expect((await back.arrayBuffer()).byteLength).toBe(0);
		});

		it('refuses bytes whose SHA-256 is not the hash in the path, keeping nothing', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const claimed = sha256(bytesOf(100, 3));
			const res = await put(ws, claimed, bytesOf(100, 4), token);
			expect(res.status).toBe(400);
			expect(((await res.json()) as { error: string }).error).toMatch(/SHA-256/);
			expect(await stored(ws)).toEqual([]);
			expect((await get(ws, claimed, token)).status).toBe(404);
			expect((await usage(ws, token)).usedBytes).toBe(0);
		});

		it('refuses a file over MAX_BLOB_BYTES with 413, declared or streamed, leaving no temp file', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(MAX + 1, 5);
			const declared = await put(ws, sha256(bytes), bytes, token);
			expect(declared.status).toBe(413);
			expect(((await declared.json()) as { error: string }).error).toMatch(/limit of 65536 bytes/);
			const streamed = await put(ws, sha256(bytes), chunked(bytes), token);
			expect(streamed.status).toBe(413);
			expect(await stored(ws)).toEqual([]);
			expect((await usage(ws, token)).usedBytes).toBe(0);
		});

		it('answers 413 to a body far over the limit before it is read, streamed or not', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(8 * 1024 * 1024, 14);
			expect((await put(ws, sha256(bytes), bytes, token)).status).toBe(413);
			expect((await put(ws, sha256(bytes), chunked(bytes, 65536), token)).status).toBe(413);
			expect(await stored(ws)).toEqual([]);
			expect(relay.lines.filter((line) => line.includes('"handler_failed"'))).toEqual([]);
		});

		it('lets a viewer read but not upload', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const viewer = await invite(relay, ws, token, 'viewer');
			const bytes = bytesOf(300, 6);
			const hash = sha256(bytes);
			const refused = await put(ws, hash, bytes, viewer.token);
			expect(refused.status).toBe(403);
			expect(((await refused.json()) as { error: string }).error).toMatch(/viewer/);
			expect(await stored(ws)).toEqual([]);
			expect((await put(ws, hash, bytes, token)).status).toBe(201);
			expect((await get(ws, hash, viewer.token)).status).toBe(200);
			expect((await usage(ws, viewer.token)).usedBytes).toBe(300);
		});

		it('needs a token of the workspace: none or a wrong one is 401', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(50, 7);
			const hash = sha256(bytes);
			expect((await put(ws, hash, bytes)).status).toBe(401);
			expect((await put(ws, hash, bytes, 'nope.nope')).status).toBe(401);
			expect((await put(ws, hash, bytes, token)).status).toBe(201);
			expect((await get(ws, hash)).status).toBe(401);
			expect((await get(ws, hash, token.replace(/.$/, 'x'))).status).toBe(401);
			const noUsage = await api(relay, 'GET', `/api/workspaces/${ws}/blob-usage`);
			expect(noUsage.status).toBe(401);
		});

		it("never serves one workspace's blob to another", async () => {
			const a = await createWorkspace(relay);
			const b = await createWorkspace(relay);
			const bytes = bytesOf(700, 8);
			const hash = sha256(bytes);
			expect((await put(a.workspaceId, hash, bytes, a.token)).status).toBe(201);
			expect((await get(b.workspaceId, hash, b.token)).status).toBe(404);
			expect((await get(b.workspaceId, hash, b.token, 'HEAD')).status).toBe(404);
			expect((await get(a.workspaceId, hash, b.token)).status).toBe(401);
			expect((await usage(b.workspaceId, b.token)).usedBytes).toBe(0);
			// b storing the same bytes has its own copy, counted against its own quota.
			expect((await put(b.workspaceId, hash, bytes, b.token)).status).toBe(201);
			expect((await usage(b.workspaceId, b.token)).usedBytes).toBe(700);
		});

		it('refuses malformed hashes with 400', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const good = sha256(bytesOf(1, 0));
			// ('..' itself never arrives: clients resolve it in the URL before sending.)
			for (const bad of [good.toUpperCase(), good.slice(1), '..%2f..%2fauth.json', `${good}%00`]) {
				expect((await get(ws, bad, token)).status, bad).toBe(400);
				expect((await put(ws, bad, 'a', token)).status, bad).toBe(400);
			}
		});

		it('keeps uploads within the quota the owner sets; an editor cannot set it', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const editor = await invite(relay, ws, token, 'editor');
			const quotaPath = `/api/workspaces/${ws}/blob-quota`;
			const byEditor = await api(relay, 'PUT', quotaPath, {
				token: editor.token,
				body: { quotaBytes: 10 }
			});
			expect(byEditor.status).toBe(403);
			for (const quotaBytes of [-1, 1.5, '100', null]) {
				const bad = await api(relay, 'PUT', quotaPath, { token, body: { quotaBytes } });
				expect(bad.status, String(quotaBytes)).toBe(400);
			}
			const set = await api(relay, 'PUT', quotaPath, { token, body: { quotaBytes: 1000 } });
			expect(set).toEqual({ status: 200, body: { usedBytes: 0, quotaBytes: 1000 } });

			const first = bytesOf(600, 10);
			expect((await put(ws, sha256(first), first, editor.token)).status).toBe(201);
			const second = bytesOf(600, 11);
			const over = await put(ws, sha256(second), second, editor.token);
			expect(over.status).toBe(507);
			expect(((await over.json()) as { error: string }).error).toMatch(
				/full: 600 of 1000 bytes used/
			);
			const streamedOver = await put(ws, sha256(second), chunked(second, 100), editor.token);
			expect(streamedOver.status).toBe(507);
			// Refused while it arrives: its size is not known yet, only what has come.
			expect(((await streamedOver.json()) as { error: string }).error).toMatch(
				/full: 600 of 1000 bytes used, this file needs at least \d+$/
			);
			expect(await stored(ws)).toEqual([sha256(first)]);
			expect(await usage(ws, editor.token)).toEqual({ usedBytes: 600, quotaBytes: 1000 });
		});

		it('stores concurrent uploads of the same hash once and counts them once', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(30_000, 12);
			const hash = sha256(bytes);
			const answers = await Promise.all(
				Array.from({ length: 6 }, () => put(ws, hash, chunked(bytes, 1000), token))
			);
			const statuses = answers.map((res) => res.status).sort();
			expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);
			expect(statuses.filter((status) => status === 201).length).toBe(1);
			expect(await stored(ws)).toEqual([hash]);
			expect((await usage(ws, token)).usedBytes).toBe(30_000);
			expect(new Uint8Array(await (await get(ws, hash, token)).arrayBuffer())).toEqual(bytes);
		});

		it('keeps blobs, usage and quota across a restart', async () => {
			const { workspaceId: ws, token } = await createWorkspace(relay);
			const bytes = bytesOf(MAX, 13);
			const hash = sha256(bytes);
			expect((await put(ws, hash, bytes, token)).status).toBe(201);
			const quotaPath = `/api/workspaces/${ws}/blob-quota`;
			const set = await api(relay, 'PUT', quotaPath, { token, body: { quotaBytes: 100_000 } });
			expect(set.status).toBe(200);

			relay = await harness.restart(relay);
			expect(await usage(ws, token)).toEqual({ usedBytes: MAX, quotaBytes: 100_000 });
			expect(sha256(new Uint8Array(await (await get(ws, hash, token)).arrayBuffer()))).toBe(hash);
		}, 60_000);
	});
}
