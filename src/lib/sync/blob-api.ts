/**
 * Attached files on the relay (server/http-blobs.ts), by SHA-256. Like relay-api.ts, every call
 * resolves (never rejects) to `{ ok: true, ... }` or a failure with a reason and a message for
 * people; status 0 means no HTTP answer. Every call is bounded: a transfer gets time in
 * proportion to its size, so a stalled relay never holds an upload forever.
 */
import { digest as sha256 } from 'lib0/hash/sha256';
import {
	blobFailure,
	HASH_MISMATCH,
	offlineMessage,
	type BlobFailureReason,
	type BlobOperation
} from './blob-messages';

export { type BlobFailureReason } from './blob-messages';

/** The relay's default MAX_BLOB_BYTES: a larger file is refused on the device already. */
export const MAX_BLOB_BYTES = 25 * 1024 * 1024;

export const BLOB_HASH = /^[0-9a-f]{64}$/;

/** Time for a call to answer, and for a transfer on top of it per 100 KB (10 s per MB). */
export const ANSWER_LIMIT_MS = 15_000;
const MS_PER_100_KB = 1_000;

export interface BlobFailure {
	ok: false;
	/** The HTTP status, or 0 when there was no HTTP answer (or the answer was cut off). */
	status: number;
	reason: BlobFailureReason;
	message: string;
}

export type BlobResult<T> = ({ ok: true } & T) | BlobFailure;

export interface BlobUsage {
	usedBytes: number;
	quotaBytes: number;
}

type Fetch = typeof fetch;

/**
 * SHA-256 of the bytes, as lowercase hex: a file's name on the relay and on the device. Web
 * Crypto exists only in secure contexts; a relay served over plain http on a LAN gets lib0's.
 */
export async function hashOf(bytes: Blob | Uint8Array<ArrayBuffer>): Promise<string> {
	const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(await bytes.arrayBuffer());
	const digest = globalThis.crypto?.subtle
		? new Uint8Array(await crypto.subtle.digest('SHA-256', data))
		: sha256(data);
	return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function uploadBlob(
	origin: string,
	workspaceId: string,
	token: string,
	hash: string,
	bytes: Blob | Uint8Array<ArrayBuffer>,
	fetchFn: Fetch = fetch
): Promise<BlobResult<{ hash: string; size: number; created: boolean }>> {
	const size = bytes instanceof Uint8Array ? bytes.byteLength : bytes.size;
	return bounded('upload', transferLimitMs(size), async (signal) => {
		const response = await fetchFn(blobUrl(origin, workspaceId, hash), {
			method: 'PUT',
			headers: { ...auth(token), 'content-type': 'application/octet-stream' },
			body: bytes,
			signal
		});
		if (!response.ok) return failed('upload', response);
		await response.body?.cancel();
		return { ok: true, hash, size, created: response.status === 201 };
	});
}

/** The file's bytes, checked against its hash: damaged bytes are a failure, never a result. */
export async function downloadBlob(
	origin: string,
	workspaceId: string,
	token: string,
	hash: string,
	fetchFn: Fetch = fetch
): Promise<BlobResult<{ bytes: Uint8Array<ArrayBuffer> }>> {
	return bounded('download', ANSWER_LIMIT_MS, async (signal, extend) => {
		const response = await fetchFn(blobUrl(origin, workspaceId, hash), {
			headers: auth(token),
			signal
		});
		if (!response.ok) return failed('download', response);
		extend(transferLimitMs(Number(response.headers.get('content-length')) || MAX_BLOB_BYTES));
		const bytes = new Uint8Array(await response.arrayBuffer());
		if ((await hashOf(bytes)) !== hash) {
			return {
				ok: false,
				status: response.status,
				reason: 'hash_mismatch',
				message: HASH_MISMATCH
			};
		}
		return { ok: true, bytes };
	});
}

/** Whether the relay holds the file (so an upload can be skipped). */
export async function blobExists(
	origin: string,
	workspaceId: string,
	token: string,
	hash: string,
	fetchFn: Fetch = fetch
): Promise<BlobResult<{ exists: boolean }>> {
	return bounded('exists', ANSWER_LIMIT_MS, async (signal) => {
		const response = await fetchFn(blobUrl(origin, workspaceId, hash), {
			method: 'HEAD',
			headers: auth(token),
			signal
		});
		if (response.status === 200) return { ok: true, exists: true };
		// A HEAD answer has no body: a 404 is an absent file, unless the workspace is unknown.
		if (response.status === 404) return { ok: true, exists: false };
		return failed('exists', response);
	});
}

export async function blobUsage(
	origin: string,
	workspaceId: string,
	token: string,
	fetchFn: Fetch = fetch
): Promise<BlobResult<BlobUsage>> {
	return bounded('usage', ANSWER_LIMIT_MS, async (signal) => {
		const response = await fetchFn(`${workspaceUrl(origin, workspaceId)}/blob-usage`, {
			headers: { ...auth(token), accept: 'application/json' },
			signal
		});
		if (!response.ok) return failed('usage', response);
		return readUsage('usage', response);
	});
}

/** Sets the workspace's file storage quota (owner only); answers the usage with it. */
export async function setBlobQuota(
	origin: string,
	workspaceId: string,
	token: string,
	quotaBytes: number,
	fetchFn: Fetch = fetch
): Promise<BlobResult<BlobUsage>> {
	if (!Number.isSafeInteger(quotaBytes) || quotaBytes < 0) {
		return {
			ok: false,
			status: 0,
			reason: 'refused',
			message: 'The quota is a whole number of bytes, 0 or more.'
		};
	}
	return bounded('setQuota', ANSWER_LIMIT_MS, async (signal) => {
		const response = await fetchFn(`${workspaceUrl(origin, workspaceId)}/blob-quota`, {
			method: 'PUT',
			headers: { ...auth(token), 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ quotaBytes }),
			signal
		});
		if (!response.ok) return failed('setQuota', response);
		return readUsage('setQuota', response);
	});
}

/** How long a transfer of `bytes` may take in all. */
export function transferLimitMs(bytes: number): number {
	return ANSWER_LIMIT_MS + Math.ceil(bytes / 100_000) * MS_PER_100_KB;
}

/**
 * Runs one call under an abort timer (a plain timer: tests run it on fake time); `extend` sets
 * the timer again once the size of what follows is known. No answer in time, or none at all,
 * is the offline failure.
 */
async function bounded<T>(
	operation: BlobOperation,
	limitMs: number,
	run: (signal: AbortSignal, extend: (ms: number) => void) => Promise<BlobResult<T>>
): Promise<BlobResult<T>> {
	const abort = new AbortController();
	let timer = setTimeout(() => abort.abort(), limitMs);
	const extend = (ms: number) => {
		clearTimeout(timer);
		timer = setTimeout(() => abort.abort(), ms);
	};
	try {
		return await run(abort.signal, extend);
	} catch {
		return { ok: false, status: 0, reason: 'offline', message: offlineMessage(operation) };
	} finally {
		clearTimeout(timer);
	}
}

async function failed(operation: BlobOperation, response: Response): Promise<BlobFailure> {
	let serverError = '';
	try {
		const body = (await response.json()) as { error?: unknown };
		if (typeof body.error === 'string') serverError = body.error;
	} catch {
		// no JSON answer: the status says enough
	}
	return {
		ok: false,
		status: response.status,
		...blobFailure(operation, response.status, serverError)
	};
}

async function readUsage(
	operation: BlobOperation,
	response: Response
): Promise<BlobResult<BlobUsage>> {
	const body = (await response.json().catch(() => null)) as Partial<BlobUsage> | null;
	if (typeof body?.usedBytes !== 'number' || typeof body.quotaBytes !== 'number') {
		return {
			ok: false,
			status: response.status,
			reason: 'refused',
			message: `The relay sent an answer this app does not understand (${operation}). It may run another version.`
		};
	}
	return { ok: true, usedBytes: body.usedBytes, quotaBytes: body.quotaBytes };
}

function auth(token: string): Record<string, string> {
	return { authorization: `Bearer ${token}` };
}

function workspaceUrl(origin: string, workspaceId: string): string {
	return `${origin.replace(/\/+$/, '')}/api/workspaces/${encodeURIComponent(workspaceId)}`;
}

function blobUrl(origin: string, workspaceId: string, hash: string): string {
	return `${workspaceUrl(origin, workspaceId)}/blobs/${encodeURIComponent(hash)}`;
}
