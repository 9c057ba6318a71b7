// Files attached to records, stored by the SHA-256 of their bytes, per workspace. BlobStore is what
// the HTTP routes use (http-blobs.ts); backend.ts picks FileBlobStore (below, DATA_DIR) or, with
// DATABASE_URL, PgBlobStore (pg-blobs.ts), which every relay process shares. The files:
//   workspaces/<ws>/blobs/<first 2 hex>/<hash>   the bytes, renamed into place complete
//   workspaces/<ws>/blobs/tmp/                   uploads in progress (emptied at first use)
//   workspaces/<ws>/blobs/quota.json             the owner's quota, when set
//
// An upload streams to its own temp file while it is hashed and counted, is fsynced, and is
// renamed into place only once its hash matches and the workspace's quota has room, under a
// per-workspace lock: two uploads of the same hash store it once and count it once. A crash
// leaves at most a temp file, never a half-written blob. Usage is counted by scanning the folder
// at a workspace's first use, then kept as a counter (blobs are never deleted for now).
import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs, { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { syncDir } from './file-store.ts';
import { WORKSPACE_ID } from './storage.ts';

export const BLOB_HASH = /^[0-9a-f]{64}$/;

const BLOBS = 'blobs';
const TMP = 'tmp';
const QUOTA_FILE = 'quota.json';

export interface BlobLimits {
	/** MAX_BLOB_BYTES: the largest file. */
	maxBlobBytes: number;
	/** BLOB_QUOTA_BYTES: what a workspace may store until its owner sets another quota. */
	quotaBytes: number;
}

export interface BlobUsage {
	usedBytes: number;
	quotaBytes: number;
}

/** Attached files of every workspace, whichever store keeps them. */
export interface BlobStore {
	readonly limits: BlobLimits;
	/** The blob's size, or null when this workspace does not hold it. */
	stat(workspaceId: string, hash: string): Promise<{ size: number } | null>;
	/** The blob's bytes as a stream, or null when this workspace does not hold it. */
	read(workspaceId: string, hash: string): Promise<{ size: number; stream: Readable } | null>;
	usage(workspaceId: string): Promise<BlobUsage>;
	/** Sets the workspace's quota (below its usage too: it then takes no new files). */
	setQuota(workspaceId: string, quotaBytes: number): Promise<BlobUsage>;
	/**
	 * Starts an upload of `hash`. `declaredBytes` (a content-length) refuses a file that cannot fit
	 * before anything is read. Write chunks, then commit; abort whenever anything goes wrong.
	 */
	begin(workspaceId: string, hash: string, declaredBytes?: number): Promise<BlobUpload>;
	close(): Promise<void>;
}

/** What an upload needs from its store: the early check, and storing the verified bytes. */
export interface UploadTarget {
	/** Throws the refusal for a file of `size` bytes (`atLeast`: the bytes received so far of a
	 * file still arriving), as far as the store knows now. */
	check(size: number, atLeast?: boolean): void;
	/** Stores the complete, verified temp file; false when the blob was there already. */
	place(tmp: string, size: number): Promise<boolean>;
}

/** Why an upload was refused; `status` is the HTTP answer that says so. */
export class BlobError extends Error {
	constructor(
		readonly status: 400 | 413 | 503 | 507,
		message: string
	) {
		super(message);
	}
}

export interface WorkspaceBlobs {
	dir: string;
	/** The scan of the folder at first use (and clearing of old temp files). */
	ready: Promise<void>;
	usedBytes: number;
	quotaBytes: number;
	/** Commits run one at a time per workspace: the quota check and the counter stay exact. */
	lock: Promise<void>;
}

export class FileBlobStore implements BlobStore {
	private readonly root: string;
	private readonly workspaces = new Map<string, WorkspaceBlobs>();

	constructor(
		dataDir: string,
		readonly limits: BlobLimits
	) {
		this.root = path.join(dataDir, 'workspaces');
	}

	async stat(workspaceId: string, hash: string): Promise<{ file: string; size: number } | null> {
		const file = blobPath(this.dirOf(workspaceId), hash);
		try {
			const stats = await fsp.stat(file);
			return stats.isFile() ? { file, size: stats.size } : null;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw error;
		}
	}

	async read(
		workspaceId: string,
		hash: string
	): Promise<{ size: number; stream: Readable } | null> {
		const found = await this.stat(workspaceId, hash);
		return found && { size: found.size, stream: fs.createReadStream(found.file) };
	}

	async usage(workspaceId: string): Promise<BlobUsage> {
		const ws = this.open(workspaceId);
		await ws.ready;
		return { usedBytes: ws.usedBytes, quotaBytes: ws.quotaBytes };
	}

	async setQuota(workspaceId: string, quotaBytes: number): Promise<BlobUsage> {
		if (!Number.isSafeInteger(quotaBytes) || quotaBytes < 0) {
			throw new BlobError(400, 'quotaBytes must be an integer >= 0');
		}
		const ws = this.open(workspaceId);
		await ws.ready;
		await this.locked(ws, async () => {
			await writeAtomically(path.join(ws.dir, QUOTA_FILE), JSON.stringify({ quotaBytes }));
			ws.quotaBytes = quotaBytes;
		});
		return { usedBytes: ws.usedBytes, quotaBytes: ws.quotaBytes };
	}

	async begin(workspaceId: string, hash: string, declaredBytes?: number): Promise<BlobUpload> {
		if (!BLOB_HASH.test(hash)) throw new BlobError(400, 'a blob hash is 64 lowercase hex digits');
		const ws = this.open(workspaceId);
		await ws.ready;
		if (declaredBytes !== undefined) this.check(ws, declaredBytes);
		return BlobUpload.open(path.join(ws.dir, TMP), hash, {
			check: (size, atLeast) => this.check(ws, size, atLeast),
			place: (tmp, size) => this.place(ws, hash, tmp, size)
		});
	}

	close(): Promise<void> {
		return Promise.resolve();
	}

	/** Throws the refusal for a file of `size` bytes: too large, or over the workspace's quota. */
	private check(ws: WorkspaceBlobs, size: number, atLeast = false): void {
		checkBlob(this.limits, ws.usedBytes, ws.quotaBytes, size, atLeast);
	}

	/** Moves a complete, verified temp file into place unless the blob is there already. */
	private async place(
		ws: WorkspaceBlobs,
		hash: string,
		tmp: string,
		size: number
	): Promise<boolean> {
		return this.locked(ws, async () => {
			const file = blobPath(ws.dir, hash);
			if (await exists(file)) {
				await fsp.rm(tmp, { force: true });
				return false;
			}
			this.check(ws, size);
			await fsp.mkdir(path.dirname(file), { recursive: true });
			await fsp.rename(tmp, file);
			// The new entry, and those of any folder made on the way, must be durable too.
			for (let dir = path.dirname(file); dir.length >= this.root.length; dir = path.dirname(dir)) {
				await syncDir(dir);
			}
			ws.usedBytes += size;
			return true;
		});
	}

	private locked<T>(ws: WorkspaceBlobs, fn: () => Promise<T>): Promise<T> {
		const result = ws.lock.then(fn);
		ws.lock = result.then(
			() => {},
			() => {}
		);
		return result;
	}

	private dirOf(workspaceId: string): string {
		if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
		return path.join(this.root, workspaceId, BLOBS);
	}

	private open(workspaceId: string): WorkspaceBlobs {
		let ws = this.workspaces.get(workspaceId);
		if (!ws) {
			const dir = this.dirOf(workspaceId);
			const created: WorkspaceBlobs = {
				dir,
				ready: Promise.resolve(),
				usedBytes: 0,
				quotaBytes: this.limits.quotaBytes,
				lock: Promise.resolve()
			};
			created.ready = scan(created).catch((error: unknown) => {
				// A failed scan is tried again by the next request, not remembered.
				this.workspaces.delete(workspaceId);
				throw error;
			});
			this.workspaces.set(workspaceId, created);
			ws = created;
		}
		return ws;
	}
}

/**
 * Throws the refusal for a file of `size` bytes: too large, or over the workspace's quota. With
 * `atLeast`, `size` is what has arrived of a file still arriving: the message says "at least".
 */
export function checkBlob(
	limits: BlobLimits,
	used: number,
	quota: number,
	size: number,
	atLeast = false
): void {
	const max = limits.maxBlobBytes;
	if (size > max) {
		throw new BlobError(413, `file larger than the limit of ${max} bytes (${mib(max)})`);
	}
	if (used + size > quota) {
		throw new BlobError(
			507,
			`the workspace's file storage is full: ${used} of ${quota} bytes used, this file needs ${atLeast ? 'at least ' : ''}${size}`
		);
	}
}

/**
 * One upload in progress: bytes go to its own temp file in `tmpDir`, hashed and counted on the
 * way, and are handed to the store's `place` only once complete, fsynced and verified.
 */
export class BlobUpload {
	private readonly hasher: Hash = createHash('sha256');
	private size = 0;
	private done = false;

	private constructor(
		private readonly target: UploadTarget,
		readonly hash: string,
		private readonly tmp: string,
		private readonly handle: FileHandle
	) {}

	static async open(tmpDir: string, hash: string, target: UploadTarget): Promise<BlobUpload> {
		await fsp.mkdir(tmpDir, { recursive: true });
		const tmp = path.join(tmpDir, `${hash}.${randomBytes(6).toString('hex')}`);
		const handle = await fsp.open(tmp, 'wx');
		return new BlobUpload(target, hash, tmp, handle);
	}

	get received(): number {
		return this.size;
	}

	async write(chunk: Buffer): Promise<void> {
		this.size += chunk.length;
		// Refuse as soon as the file cannot fit; commit checks the quota again under the lock.
		this.target.check(this.size, true);
		this.hasher.update(chunk);
		await this.handle.write(chunk);
	}

	/** Verifies and stores the bytes; `created` is false when the blob was there already. */
	async commit(): Promise<{ hash: string; size: number; created: boolean }> {
		this.done = true;
		try {
			await this.handle.sync();
			await this.handle.close();
			const actual = this.hasher.digest('hex');
			if (actual !== this.hash) {
				throw new BlobError(400, `the bytes' SHA-256 is ${actual}, not the hash in the path`);
			}
			const created = await this.target.place(this.tmp, this.size);
			return { hash: this.hash, size: this.size, created };
		} catch (error) {
			await this.handle.close().catch(() => {});
			throw error;
		} finally {
			// Gone already when it was renamed into place; otherwise its bytes are stored or refused.
			await fsp.rm(this.tmp, { force: true });
		}
	}

	/** Drops the temp file; safe to call more than once, and after commit. */
	async abort(): Promise<void> {
		if (this.done) return;
		this.done = true;
		await this.handle.close().catch(() => {});
		await fsp.rm(this.tmp, { force: true });
	}
}

function blobPath(dir: string, hash: string): string {
	if (!BLOB_HASH.test(hash)) throw new BlobError(400, 'a blob hash is 64 lowercase hex digits');
	return path.join(dir, hash.slice(0, 2), hash);
}

/** Counts the stored blobs, reads the quota, and drops temp files a crash left behind. */
async function scan(ws: WorkspaceBlobs): Promise<void> {
	await fsp.rm(path.join(ws.dir, TMP), { recursive: true, force: true });
	let used = 0;
	for (const prefix of await readdirOrEmpty(ws.dir)) {
		if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
		for (const name of await readdirOrEmpty(path.join(ws.dir, prefix))) {
			if (!BLOB_HASH.test(name) || !name.startsWith(prefix)) continue;
			const stats = await fsp.stat(path.join(ws.dir, prefix, name));
			if (stats.isFile()) used += stats.size;
		}
	}
	ws.usedBytes = used;
	const quota = await readQuota(path.join(ws.dir, QUOTA_FILE));
	if (quota !== null) ws.quotaBytes = quota;
}

async function readQuota(file: string): Promise<number | null> {
	let text: string;
	try {
		text = await fsp.readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
	const value = (JSON.parse(text) as { quotaBytes?: unknown }).quotaBytes;
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
		throw new Error(`corrupt blob quota in ${file}`);
	}
	return value;
}

/** Writes a small file whole: tmp, fsync, rename, fsync the folder. */
async function writeAtomically(file: string, text: string): Promise<void> {
	await fsp.mkdir(path.dirname(file), { recursive: true });
	const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	const handle = await fsp.open(tmp, 'w');
	try {
		await handle.writeFile(text);
		await handle.sync();
	} finally {
		await handle.close();
	}
	await fsp.rename(tmp, file);
	await syncDir(path.dirname(file));
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
	return fsp.readdir(dir).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
		throw error;
	});
}

async function exists(file: string): Promise<boolean> {
	try {
		await fsp.access(file);
		return true;
	} catch {
		return false;
	}
}

function mib(bytes: number): string {
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/**
 * Copies a workspace's blobs and quota into another workspace folder (a backup), each file
 * fsynced, then the folders. Safe while the relay runs: a blob is renamed into place complete
 * and never changes, and the quota file is only ever replaced whole.
 */
export async function copyBlobs(
	fromWorkspaceDir: string,
	toWorkspaceDir: string
): Promise<{ files: number; bytes: number }> {
	const from = path.join(fromWorkspaceDir, BLOBS);
	const to = path.join(toWorkspaceDir, BLOBS);
	let files = 0;
	let bytes = 0;
	const copy = async (source: string, target: string) => {
		await fsp.mkdir(path.dirname(target), { recursive: true });
		await fsp.copyFile(source, target);
		const handle = await fsp.open(target, 'r');
		try {
			await handle.sync();
			bytes += (await handle.stat()).size;
		} finally {
			await handle.close();
		}
	};
	for (const prefix of await readdirOrEmpty(from)) {
		if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
		const names = (await readdirOrEmpty(path.join(from, prefix))).filter((name) =>
			BLOB_HASH.test(name)
		);
		for (const name of names) {
			await copy(path.join(from, prefix, name), path.join(to, prefix, name));
			files++;
		}
		if (names.length > 0) await syncDir(path.join(to, prefix));
	}
	if (await exists(path.join(from, QUOTA_FILE))) {
		await copy(path.join(from, QUOTA_FILE), path.join(to, QUOTA_FILE));
	}
	if (await exists(to)) {
		await syncDir(to);
		await syncDir(toWorkspaceDir);
	}
	return { files, bytes };
}
