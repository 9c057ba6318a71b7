// The embedded store: per document, a folder with a compacted `snapshot` and append-only
// `log.<generation>` files of CRC-checked records (log-records.ts). The core document of a
// workspace lives in `workspaces/<workspaceId>/` (as when a workspace was one document), each
// named document in `workspaces/<workspaceId>/docs/<doc>/`. Names are checked (WORKSPACE_ID,
// isDocName: lowercase letters, digits, '-' and single dots between parts) before they touch a
// path, and `docs` cannot clash with the core document's own files.
//
// Durability: appends are group-committed. Records queued while a write + fdatasync is in flight
// go out together in the next one (at most GROUP_COMMIT_MAX_BYTES per write), so an append waits
// for at most the fsync in flight plus its own. Its promise resolves only after that fsync.
//
// Compaction (merge-updates.js) loads snapshot and logs into a garbage-collecting document and
// stores its state: the document, not its history. It runs in a worker thread when a document's
// log passes COMPACT_LOG_BYTES and when an idle document is released with a log of some size.
//
// Compaction is crash-safe at every step because Yjs updates are idempotent: new appends move to
// a fresh log generation, the frozen logs are merged with the snapshot into `snapshot.tmp`
// (fsync), renamed over `snapshot` (fsync the folder), and only then are the frozen logs
// deleted. A crash anywhere leaves files whose union still holds every acknowledged update.
import fs, { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeRecords, encodeRecord } from './log-records.ts';
import { mergeUpdates, mergeUpdatesInWorker } from './merge-updates.js';
import { WORKSPACE_ID, type WorkspaceStore } from './storage.ts';
import { CORE_DOC, isDocName } from '../src/lib/sync/wire.ts';

const SNAPSHOT = 'snapshot';
const LOG_PREFIX = 'log.';
const DOCS = 'docs';
/**
 * Reading: the callback functions, promisified, take half the CPU of `fs.promises`' or less (a new
 * device loads ~800 documents; readdir and readFile of each: 30 against 53–108 ms in Node 20).
 */
const readFile = promisify(fs.readFile);
const readdir = promisify(fs.readdir);
/** A released document whose log holds at least this much is compacted on the way out. */
const RELEASE_COMPACT_BYTES = 64 * 1024;

interface PendingAppend {
	record: Buffer;
	resolve: () => void;
	reject: (error: Error) => void;
}

interface OpenDocument {
	workspaceId: string;
	doc: string;
	dir: string;
	/** The folders between `dir` and the store's root, whose entries must be durable too. */
	parents: string[];
	/** The active log found and its torn tail cut: needed to write, not to read (`prepared`). */
	ready: Promise<void> | null;
	generation: number;
	handle: FileHandle | null;
	/** The active log's directory entry (and those above it) are durable: a reopen skips syncs. */
	logEntryDurable: boolean;
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
	/**
	 * Log files kept open at most (256): a relay serving thousands of documents must not hold a
	 * file descriptor for each. The least recently written is closed, and opened again on its
	 * next write.
	 */
	maxOpenLogs?: number;
	/** `id` is the workspace id, followed by `/<doc>` for a document other than the core one. */
	onError?: (id: string, error: unknown) => void;
}

export class FileStore implements WorkspaceStore {
	/** Open documents by key (documentKey). */
	private readonly documents = new Map<string, OpenDocument>();
	private readonly root: string;
	private readonly maxBatch: number;
	private readonly compactAt: number;
	private readonly onError: (id: string, error: unknown) => void;
	/** Documents whose log is open, least recently written first. */
	private readonly openLogs = new Set<OpenDocument>();
	/** Writes waiting for an open log to become closable (every open one was busy). */
	private readonly logWaiters: Array<() => void> = [];
	private readonly maxOpenLogs: number;
	private closed = false;

	constructor(dataDir: string, options: FileStoreOptions = {}) {
		this.root = path.join(dataDir, 'workspaces');
		this.maxBatch = options.groupCommitMaxBytes ?? 256 * 1024;
		this.compactAt = options.compactLogBytes ?? 4 * 1024 * 1024;
		this.onError = options.onError ?? (() => {});
		this.maxOpenLogs = Math.max(1, options.maxOpenLogs ?? 256);
	}

	/** How many log files are open now. */
	get openLogCount(): number {
		return this.openLogs.size;
	}

	async load(workspaceId: string, doc: string): Promise<Uint8Array[]> {
		const ws = this.open(workspaceId, doc);
		// Appends still in flight (from a room being released) belong in what is loaded.
		await ws.lastAppend;
		// A compaction renames and deletes files; reading in the middle of it could miss a log.
		while (ws.compacting) await ws.compacting.catch(() => {});
		return readWorkspaceDir(ws.dir);
	}

	append(workspaceId: string, doc: string, update: Uint8Array): Promise<void> {
		if (this.closed) return Promise.reject(new Error('store is closed'));
		let ws: OpenDocument;
		try {
			ws = this.open(workspaceId, doc);
		} catch (error) {
			return Promise.reject(asError(error));
		}
		const promise = new Promise<void>((resolve, reject) => {
			ws.pending.push({ record: encodeRecord(update), resolve, reject });
		});
		ws.lastAppend = promise.catch(() => {});
		this.scheduleFlush(documentKey(workspaceId, doc), ws);
		return promise;
	}

	/** Compacts everything appended so far (after a compaction already running, if any). */
	async compact(workspaceId: string, doc: string): Promise<void> {
		const ws = this.open(workspaceId, doc);
		await this.prepared(ws);
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

	async listDocuments(workspaceId: string): Promise<string[]> {
		if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
		return listDocumentDirs(path.join(this.root, workspaceId));
	}

	async flush(): Promise<void> {
		await Promise.all([...this.documents.values()].map((ws) => ws.lastAppend));
	}

	async release(workspaceId: string, doc: string): Promise<void> {
		const key = documentKey(workspaceId, doc);
		const ws = this.documents.get(key);
		if (!ws) return;
		await this.prepared(ws).catch(() => {});
		await ws.lastAppend;
		while (ws.compacting) await ws.compacting.catch(() => {});
		// An idle workspace is stored as its document: what it holds of history goes now.
		if (ws.size >= RELEASE_COMPACT_BYTES && !this.closed) {
			await this.compact(workspaceId, doc).catch((error: unknown) => this.onError(key, error));
		}
		// An append that arrived while we waited keeps the document open.
		if (ws.pending.length > 0 || ws.flushing) return;
		this.documents.delete(key);
		this.openLogs.delete(ws);
		await ws.handle?.close();
		this.logFreed();
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.flush();
		await Promise.all(
			[...this.documents.values()].map((ws) => this.release(ws.workspaceId, ws.doc))
		);
	}

	private open(workspaceId: string, doc: string): OpenDocument {
		const key = documentKey(workspaceId, doc);
		let ws = this.documents.get(key);
		if (!ws) {
			const dir = documentDir(this.root, workspaceId, doc);
			const parents: string[] = [];
			for (let up = path.dirname(dir); up.length >= this.root.length; up = path.dirname(up)) {
				parents.push(up);
			}
			ws = {
				workspaceId,
				doc,
				dir,
				parents,
				ready: null,
				generation: 1,
				handle: null,
				logEntryDurable: false,
				size: 0,
				pending: [],
				flushScheduled: false,
				flushing: null,
				compacting: null,
				lastAppend: Promise.resolve()
			};
			this.documents.set(key, ws);
		}
		return ws;
	}

	/** The document ready to be written: prepared on first need, once (a read needs none of it). */
	private prepared(ws: OpenDocument): Promise<void> {
		return (ws.ready ??= this.prepare(ws));
	}

	/** Finds the active log and cuts off a torn tail so new records follow intact ones. */
	private async prepare(ws: OpenDocument): Promise<void> {
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

	private scheduleFlush(key: string, ws: OpenDocument): void {
		if (ws.flushScheduled || ws.flushing) return;
		ws.flushScheduled = true;
		// One turn of the event loop lets appends from the same burst share the fsync.
		setImmediate(() => {
			ws.flushScheduled = false;
			ws.flushing = this.runFlush(key, ws)
				.catch((error: unknown) => {
					this.failPending(ws, error);
					this.onError(key, error);
				})
				.finally(() => {
					ws.flushing = null;
					this.logFreed();
					if (ws.pending.length > 0) this.scheduleFlush(key, ws);
				});
		});
	}

	private async runFlush(key: string, ws: OpenDocument): Promise<void> {
		try {
			await this.prepared(ws);
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
				this.onError(key, error);
			}
		}
		if (ws.size > this.compactAt && !ws.compacting && !this.closed) {
			this.compact(ws.workspaceId, ws.doc).catch((error: unknown) => this.onError(key, error));
		}
	}

	private failPending(ws: OpenDocument, error: unknown): void {
		for (const p of ws.pending.splice(0)) p.reject(asError(error));
	}

	private async activeHandle(ws: OpenDocument): Promise<FileHandle> {
		// Most recently written last: the first ones are closed when too many are open.
		this.openLogs.delete(ws);
		if (ws.handle) {
			this.openLogs.add(ws);
			return ws.handle;
		}
		await fsp.mkdir(ws.dir, { recursive: true });
		await this.reserveLog(ws);
		const file = logPath(ws.dir, ws.generation);
		try {
			ws.handle = await fsp.open(file, constants.O_RDWR | constants.O_CREAT);
		} catch (error) {
			this.openLogs.delete(ws);
			this.logFreed();
			throw error;
		}
		if (!ws.logEntryDurable) {
			// The new file's directory entry must be durable too, or an fsync'd record could
			// vanish; so must the entries of the folders above it, up to the root (mkdir may have
			// made them).
			await syncDir(ws.dir);
			for (const dir of ws.parents) await syncDir(dir);
			ws.logEntryDurable = true;
		}
		return ws.handle;
	}

	/**
	 * Takes a place among the open logs for `ws`: closes the least recently written one that is
	 * neither being written nor compacted, or waits until a write ends if every one is busy.
	 */
	private async reserveLog(ws: OpenDocument): Promise<void> {
		while (this.openLogs.size >= this.maxOpenLogs) {
			let closed = false;
			for (const open of this.openLogs) {
				if (open.flushing || open.compacting || !open.handle) continue;
				const handle = open.handle;
				open.handle = null;
				this.openLogs.delete(open);
				await handle.close();
				closed = true;
				break;
			}
			if (!closed) await new Promise<void>((resolve) => this.logWaiters.push(resolve));
		}
		// In the same turn as the check above: no other write can take this place meanwhile.
		this.openLogs.add(ws);
	}

	/**
	 * A log stopped being busy (its write ended, or it was closed): that is one place, so one
	 * waiter looks again (waking them all would cost each write a pass over every waiter).
	 */
	private logFreed(): void {
		this.logWaiters.shift()?.();
	}

	private async runCompaction(ws: OpenDocument): Promise<void> {
		// Let the write in flight finish, then switch appends to a fresh generation.
		while (ws.flushing) await ws.flushing;
		// No await between the check above and the switch: no write can start in between.
		const frozenUpTo = ws.generation;
		const oldHandle = ws.handle;
		ws.handle = null;
		this.openLogs.delete(ws);
		ws.logEntryDurable = false;
		ws.generation = frozenUpTo + 1;
		ws.size = 0;
		await oldHandle?.close();
		this.logFreed();
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

/** The map key of a document: ids hold no '/', so `<workspaceId>/<doc>` is unambiguous. */
function documentKey(workspaceId: string, doc: string): string {
	return `${workspaceId}/${doc}`;
}

/** A document's folder under `root`; throws for a workspace id or name that is not safe. */
export function documentDir(root: string, workspaceId: string, doc: string): string {
	if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
	if (!isDocName(doc)) throw new Error(`invalid document name "${String(doc)}"`);
	const workspaceDir = path.join(root, workspaceId);
	return doc === CORE_DOC ? workspaceDir : path.join(workspaceDir, DOCS, doc);
}

/** The documents with data in a workspace folder: '' for the core one, then named ones, sorted. */
export async function listDocumentDirs(workspaceDir: string): Promise<string[]> {
	const docs: string[] = [];
	if (await holdsData(workspaceDir)) docs.push(CORE_DOC);
	const names = await fsp
		.readdir(path.join(workspaceDir, DOCS))
		.catch((error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') return [] as string[];
			throw error;
		});
	for (const name of names.sort()) {
		if (
			name !== CORE_DOC &&
			isDocName(name) &&
			(await holdsData(path.join(workspaceDir, DOCS, name)))
		) {
			docs.push(name);
		}
	}
	return docs;
}

async function holdsData(dir: string): Promise<boolean> {
	const names = await fsp.readdir(dir).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
		throw error;
	});
	return names.some((name) => name === SNAPSHOT || /^log\.\d{8}$/.test(name));
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

function logPath(dir: string, generation: number): string {
	return path.join(dir, LOG_PREFIX + String(generation).padStart(8, '0'));
}

async function listLogGenerations(dir: string): Promise<number[]> {
	const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
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
		data = await readFile(path.join(dir, SNAPSHOT));
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
 * Reads a document's folder consistently, also while another process appends or compacts: a
 * log deleted under us (a compaction finished) means the snapshot changed, so read again.
 */
export async function readWorkspaceDir(dir: string): Promise<Uint8Array[]> {
	for (;;) {
		const generations = await listLogGenerations(dir);
		try {
			const snapshot = await readSnapshot(dir);
			const updates: Uint8Array[] = snapshot ? [snapshot] : [];
			for (const generation of generations) {
				const data = await readFile(logPath(dir, generation));
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
