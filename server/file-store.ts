// The embedded store: per workspace, a folder with a compacted `snapshot` and append-only
// `log.<generation>` files of CRC-checked records (log-records.ts).
//
// Durability: appends are group-committed. Records queued while a write + fdatasync is in flight
// go out together in the next one (at most GROUP_COMMIT_MAX_BYTES per write), so an append waits
// for at most the fsync in flight plus its own. Its promise resolves only after that fsync.
//
// Compaction (merge-updates.js) loads snapshot and logs into a garbage-collecting document and
// stores its state: the document, not its history. It runs in a worker thread when the log
// passes COMPACT_LOG_BYTES and when an idle workspace is released with a log of some size.
//
// Compaction is crash-safe at every step because Yjs updates are idempotent: new appends move to
// a fresh log generation, the frozen logs are merged with the snapshot into `snapshot.tmp`
// (fsync), renamed over `snapshot` (fsync the folder), and only then are the frozen logs
// deleted. A crash anywhere leaves files whose union still holds every acknowledged update.
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { decodeRecords, encodeRecord } from './log-records.ts';
import { mergeUpdates, mergeUpdatesInWorker } from './merge-updates.js';
import { WORKSPACE_ID, type WorkspaceStore } from './storage.ts';

const SNAPSHOT = 'snapshot';
const LOG_PREFIX = 'log.';
/** A released workspace whose log holds at least this much is compacted on the way out. */
const RELEASE_COMPACT_BYTES = 64 * 1024;

interface PendingAppend {
	record: Buffer;
	resolve: () => void;
	reject: (error: Error) => void;
}

interface OpenWorkspace {
	dir: string;
	ready: Promise<void>;
	generation: number;
	handle: FileHandle | null;
	/** Length of the intact part of the active log; writes go exactly here. */
	size: number;
	pending: PendingAppend[];
	flushScheduled: boolean;
	flushing: Promise<void> | null;
	compacting: Promise<void> | null;
	lastAppend: Promise<void>;
}

export interface FileStoreOptions {
	groupCommitMaxBytes?: number;
	/** Logs beyond this size are compacted in the background. */
	compactLogBytes?: number;
	onError?: (workspaceId: string, error: unknown) => void;
}

export class FileStore implements WorkspaceStore {
	private readonly workspaces = new Map<string, OpenWorkspace>();
	private readonly root: string;
	private readonly maxBatch: number;
	private readonly compactAt: number;
	private readonly onError: (workspaceId: string, error: unknown) => void;
	private closed = false;

	constructor(dataDir: string, options: FileStoreOptions = {}) {
		this.root = path.join(dataDir, 'workspaces');
		this.maxBatch = options.groupCommitMaxBytes ?? 256 * 1024;
		this.compactAt = options.compactLogBytes ?? 4 * 1024 * 1024;
		this.onError = options.onError ?? (() => {});
	}

	async load(workspaceId: string): Promise<Uint8Array[]> {
		const ws = this.open(workspaceId);
		await ws.ready;
		// Appends still in flight (from a room being released) belong in what is loaded.
		await ws.lastAppend;
		// A compaction renames and deletes files; reading in the middle of it could miss a log.
		while (ws.compacting) await ws.compacting.catch(() => {});
		return readWorkspaceDir(ws.dir);
	}

	append(workspaceId: string, update: Uint8Array): Promise<void> {
		if (this.closed) return Promise.reject(new Error('store is closed'));
		let ws: OpenWorkspace;
		try {
			ws = this.open(workspaceId);
		} catch (error) {
			return Promise.reject(asError(error));
		}
		const promise = new Promise<void>((resolve, reject) => {
			ws.pending.push({ record: encodeRecord(update), resolve, reject });
		});
		ws.lastAppend = promise.catch(() => {});
		this.scheduleFlush(workspaceId, ws);
		return promise;
	}

	/** Compacts everything appended so far (after a compaction already running, if any). */
	async compact(workspaceId: string): Promise<void> {
		const ws = this.open(workspaceId);
		await ws.ready;
		while (ws.compacting) await ws.compacting.catch(() => {});
		ws.compacting = this.runCompaction(ws).finally(() => {
			ws.compacting = null;
		});
		return ws.compacting;
	}

	async listWorkspaces(): Promise<string[]> {
		const names = await fsp.readdir(this.root).catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return [] as string[];
			throw error;
		});
		return names.filter((name) => WORKSPACE_ID.test(name)).sort();
	}

	async flush(): Promise<void> {
		await Promise.all([...this.workspaces.values()].map((ws) => ws.lastAppend));
	}

	async release(workspaceId: string): Promise<void> {
		const ws = this.workspaces.get(workspaceId);
		if (!ws) return;
		await ws.ready.catch(() => {});
		await ws.lastAppend;
		while (ws.compacting) await ws.compacting.catch(() => {});
		// An idle workspace is stored as its document: what it holds of history goes now.
		if (ws.size >= RELEASE_COMPACT_BYTES && !this.closed) {
			await this.compact(workspaceId).catch((error: unknown) => this.onError(workspaceId, error));
		}
		// An append that arrived while we waited keeps the workspace open.
		if (ws.pending.length > 0 || ws.flushing) return;
		this.workspaces.delete(workspaceId);
		await ws.handle?.close();
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.flush();
		await Promise.all([...this.workspaces.keys()].map((id) => this.release(id)));
	}

	private open(workspaceId: string): OpenWorkspace {
		if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
		let ws = this.workspaces.get(workspaceId);
		if (!ws) {
			const dir = path.join(this.root, workspaceId);
			ws = {
				dir,
				ready: Promise.resolve(),
				generation: 1,
				handle: null,
				size: 0,
				pending: [],
				flushScheduled: false,
				flushing: null,
				compacting: null,
				lastAppend: Promise.resolve()
			};
			ws.ready = this.prepare(ws);
			this.workspaces.set(workspaceId, ws);
		}
		return ws;
	}

	/** Finds the active log and cuts off a torn tail so new records follow intact ones. */
	private async prepare(ws: OpenWorkspace): Promise<void> {
		const generations = await listLogGenerations(ws.dir);
		if (generations.length === 0) return;
		ws.generation = generations[generations.length - 1];
		const file = logPath(ws.dir, ws.generation);
		const data = await fsp.readFile(file);
		const { validLength } = decodeRecords(data);
		if (validLength < data.length) {
			const handle = await fsp.open(file, 'r+');
			try {
				await handle.truncate(validLength);
				await handle.sync();
			} finally {
				await handle.close();
			}
		}
		ws.size = validLength;
	}

	private scheduleFlush(workspaceId: string, ws: OpenWorkspace): void {
		if (ws.flushScheduled || ws.flushing) return;
		ws.flushScheduled = true;
		// One turn of the event loop lets appends from the same burst share the fsync.
		setImmediate(() => {
			ws.flushScheduled = false;
			ws.flushing = this.runFlush(workspaceId, ws)
				.catch((error: unknown) => {
					this.failPending(ws, error);
					this.onError(workspaceId, error);
				})
				.finally(() => {
					ws.flushing = null;
					if (ws.pending.length > 0) this.scheduleFlush(workspaceId, ws);
				});
		});
	}

	private async runFlush(workspaceId: string, ws: OpenWorkspace): Promise<void> {
		try {
			await ws.ready;
		} catch (error) {
			this.failPending(ws, error);
			return;
		}
		while (ws.pending.length > 0) {
			const batch: PendingAppend[] = [];
			let bytes = 0;
			while (ws.pending.length > 0 && (batch.length === 0 || bytes < this.maxBatch)) {
				const next = ws.pending.shift()!;
				batch.push(next);
				bytes += next.record.length;
			}
			try {
				const handle = await this.activeHandle(ws);
				const data =
					batch.length === 1 ? batch[0].record : Buffer.concat(batch.map((p) => p.record));
				// Positional writes: after a failed write the next one overwrites the partial bytes.
				await handle.write(data, 0, data.length, ws.size);
				await handle.datasync();
				ws.size += data.length;
				for (const p of batch) p.resolve();
			} catch (error) {
				for (const p of batch) p.reject(asError(error));
				this.onError(workspaceId, error);
			}
		}
		if (ws.size > this.compactAt && !ws.compacting && !this.closed) {
			this.compact(workspaceId).catch((error: unknown) => this.onError(workspaceId, error));
		}
	}

	private failPending(ws: OpenWorkspace, error: unknown): void {
		for (const p of ws.pending.splice(0)) p.reject(asError(error));
	}

	private async activeHandle(ws: OpenWorkspace): Promise<FileHandle> {
		if (ws.handle) return ws.handle;
		await fsp.mkdir(ws.dir, { recursive: true });
		const file = logPath(ws.dir, ws.generation);
		ws.handle = await fsp.open(file, constants.O_RDWR | constants.O_CREAT);
		// The new file's directory entry must be durable too, or an fsync'd record could vanish.
		await syncDir(ws.dir);
		await syncDir(this.root);
		return ws.handle;
	}

	private async runCompaction(ws: OpenWorkspace): Promise<void> {
		// Let the write in flight finish, then switch appends to a fresh generation.
		while (ws.flushing) await ws.flushing;
		// No await between the check above and the switch: no write can start in between.
		const frozenUpTo = ws.generation;
		const oldHandle = ws.handle;
		ws.handle = null;
		ws.generation = frozenUpTo + 1;
		ws.size = 0;
		await oldHandle?.close();
		const frozen = (await listLogGenerations(ws.dir)).filter((g) => g <= frozenUpTo);
		if (frozen.length === 0) return;

		const snapshot = await readSnapshot(ws.dir);
		const updates: Uint8Array[] = snapshot ? [snapshot] : [];
		for (const generation of frozen) {
			updates.push(...decodeRecords(await fsp.readFile(logPath(ws.dir, generation))).records);
		}
		// Off the event loop: for a large workspace this is seconds of CPU. A worker that cannot
		// start is no reason to keep growing the log, so then it runs here.
		const merged = await mergeUpdatesInWorker(updates).catch(() => mergeUpdates(updates));
		await writeSnapshot(ws.dir, merged);
		for (const generation of frozen) await fsp.unlink(logPath(ws.dir, generation));
		await syncDir(ws.dir);
	}
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

function logPath(dir: string, generation: number): string {
	return path.join(dir, LOG_PREFIX + String(generation).padStart(8, '0'));
}

async function listLogGenerations(dir: string): Promise<number[]> {
	const names = await fsp.readdir(dir).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return [] as string[];
		throw error;
	});
	return names
		.filter((name) => /^log\.\d{8}$/.test(name))
		.map((name) => Number(name.slice(LOG_PREFIX.length)))
		.sort((a, b) => a - b);
}

async function readSnapshot(dir: string): Promise<Uint8Array | null> {
	let data: Buffer;
	try {
		data = await fsp.readFile(path.join(dir, SNAPSHOT));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
	const { records, validLength } = decodeRecords(data);
	// Snapshots are only ever renamed into place complete, so damage here is real corruption.
	if (records.length !== 1 || validLength !== data.length) {
		throw new Error(`corrupt snapshot in ${dir}`);
	}
	return records[0];
}

/** Writes `update` as the folder's snapshot: tmp file, fsync, rename, fsync the folder. */
export async function writeSnapshot(dir: string, update: Uint8Array): Promise<void> {
	await fsp.mkdir(dir, { recursive: true });
	const tmp = path.join(dir, SNAPSHOT + '.tmp');
	const handle = await fsp.open(tmp, 'w');
	try {
		await handle.writeFile(encodeRecord(update));
		await handle.sync();
	} finally {
		await handle.close();
	}
	await fsp.rename(tmp, path.join(dir, SNAPSHOT));
	await syncDir(dir);
}

/**
 * Reads a workspace folder consistently, also while another process appends or compacts: a
 * log deleted under us (a compaction finished) means the snapshot changed, so read again.
 */
export async function readWorkspaceDir(dir: string): Promise<Uint8Array[]> {
	for (;;) {
		const generations = await listLogGenerations(dir);
		try {
			const snapshot = await readSnapshot(dir);
			const updates: Uint8Array[] = snapshot ? [snapshot] : [];
			for (const generation of generations) {
				const data = await fsp.readFile(logPath(dir, generation));
				updates.push(...decodeRecords(data).records);
			}
			return updates;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
}

export async function syncDir(dir: string): Promise<void> {
	const handle = await fsp.open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}
