/**
 * A workspace's attached files on this device, by SHA-256 (blob-db.ts), and their way to and from
 * the relay (sync/blob-api.ts). Attaching stores the file here first, so it works offline;
 * `uploadPending` sends what the relay lacks; `get` reads the device's copy, else downloads,
 * checks and keeps it. Every await on storage or the network has a bound and a fallback: a
 * storage that does not answer is a failure with a message, never a hang.
 *
 * One store per open workspace: it is given its relay access (origin, workspace id, a token
 * getter: null while the device has none) and nothing else of the session.
 */
import {
	blobExists,
	downloadBlob,
	hashOf,
	MAX_BLOB_BYTES,
	uploadBlob,
	type BlobFailureReason
} from '$lib/sync/blob-api';
import { offlineMessage, tooLargeMessage } from '$lib/sync/blob-messages';
import { blobDb, type BlobDb, type StoredBlob } from './blob-db';
import { within } from './bounded';

export { hashOf } from '$lib/sync/blob-api';

/** A file's description: what the shared document holds of it. */
export interface BlobMeta {
	hash: string;
	size: number;
	type: string;
}

export interface PendingBlob extends BlobMeta {
	addedAt: number;
}

export type StoreFailureReason = BlobFailureReason | 'device_storage';

export interface StoreFailure {
	ok: false;
	reason: StoreFailureReason;
	message: string;
}

export type StoreResult<T> = ({ ok: true } & T) | StoreFailure;

export interface UploadReport {
	uploaded: string[];
	failed: { hash: string; reason: StoreFailureReason; message: string }[];
}

export interface BlobStoreOptions {
	db?: BlobDb;
	fetch?: typeof fetch;
	/** The largest file taken (the relay's default MAX_BLOB_BYTES). */
	maxBytes?: number;
	/** Bound on one storage read or write (a 25 MB write to a slow disk takes a while). */
	storageLimitMs?: number;
	now?: () => number;
}

const TIMED_OUT = Symbol('timed out');

const STORAGE_FAILED = "This device's storage did not answer. Try again, or reload the page.";
const NOT_KEPT =
	"This device's storage could not keep the file (it may be full). It was not attached; try again.";

/** Failures that end an upload run: the next files would fail the same way, one bound each. */
const STOPS_RUN: ReadonlySet<StoreFailureReason> = new Set(['offline', 'no_access']);

export class BlobStore {
	private readonly db: BlobDb;
	private readonly fetchFn: typeof fetch;
	private readonly maxBytes: number;
	private readonly storageLimitMs: number;
	private readonly now: () => number;
	private running: Promise<UploadReport> | null = null;
	private queued: Promise<UploadReport> | null = null;
	/** Why each file failed in the last upload run, offline aside (that is only waiting). */
	private readonly errors = new Map<string, string>();
	private readonly listeners = new Set<() => void>();

	constructor(
		readonly origin: string,
		readonly workspaceId: string,
		private readonly token: () => string | null,
		options: BlobStoreOptions = {}
	) {
		this.db = options.db ?? blobDb();
		this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
		this.maxBytes = options.maxBytes ?? MAX_BLOB_BYTES;
		this.storageLimitMs = options.storageLimitMs ?? 30_000;
		this.now = options.now ?? Date.now;
	}

	/** Calls `listener` after files are added or uploaded; returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Keeps `file` on the device, not yet uploaded, and describes it. A file over the size limit
	 * is refused and nothing is stored. The same bytes attached twice are stored once.
	 */
	async add(file: Blob, type = file.type): Promise<StoreResult<BlobMeta>> {
		if (file.size > this.maxBytes) {
			return { ok: false, reason: 'too_large', message: tooLargeMessage(this.maxBytes) };
		}
		const hash = await within(hashOf(file), this.storageLimitMs, TIMED_OUT);
		if (hash === TIMED_OUT)
			return storageFailure('The file could not be read. It was not attached.');
		const row: StoredBlob = {
			ws: this.workspaceId,
			hash,
			bytes: file.slice(0, file.size, type),
			size: file.size,
			type,
			uploaded: false,
			addedAt: this.now()
		};
		const written = await this.bounded(
			this.db.transaction('rw', this.db.blobs, async () => {
				// A copy already here (attached before, or downloaded) stays as it is.
				if (!(await this.db.blobs.get([this.workspaceId, hash]))) await this.db.blobs.add(row);
			})
		);
		if (written === TIMED_OUT) return storageFailure(NOT_KEPT);
		this.changed();
		return { ok: true, hash, size: file.size, type };
	}

	/** Whether the file is on this device. */
	async has(hash: string): Promise<boolean> {
		const row = await this.bounded(this.db.blobs.get([this.workspaceId, hash]));
		return row !== TIMED_OUT && row !== undefined;
	}

	/** The files added here that the relay does not have yet, oldest first. */
	async pending(): Promise<PendingBlob[]> {
		const rows = await this.bounded(
			this.db.blobs
				.where('ws')
				.equals(this.workspaceId)
				.filter((row) => !row.uploaded)
				.toArray()
		);
		if (rows === TIMED_OUT) return [];
		return rows
			.map(({ hash, size, type, addedAt }) => ({ hash, size, type, addedAt }))
			.sort((a, b) => a.addedAt - b.addedAt);
	}

	/** Why the file's last upload failed, if it did for a reason other than being offline. */
	uploadError(hash: string): string | null {
		return this.errors.get(hash) ?? null;
	}

	/**
	 * The file's bytes: the device's copy, else the relay's, checked against the hash and kept
	 * here for next time (offline too). `type` is the media type the Blob gets when downloaded.
	 */
	async get(hash: string, type = ''): Promise<StoreResult<{ blob: Blob }>> {
		const row = await this.bounded(this.db.blobs.get([this.workspaceId, hash]));
		if (row !== TIMED_OUT && row !== undefined) return { ok: true, blob: row.bytes };
		const token = this.token();
		if (token === null) {
			return { ok: false, reason: 'offline', message: offlineMessage('download') };
		}
		const result = await downloadBlob(this.origin, this.workspaceId, token, hash, this.fetchFn);
		if (!result.ok) return { ok: false, reason: result.reason, message: result.message };
		const blob = new Blob([result.bytes], { type });
		// Keeping a copy is a bonus: the file opens now even if the device cannot store it.
		await this.bounded(
			this.db.blobs.put({
				ws: this.workspaceId,
				hash,
				bytes: blob,
				size: blob.size,
				type,
				uploaded: true,
				addedAt: this.now()
			})
		);
		return { ok: true, blob };
	}

	/**
	 * Uploads every file the relay lacks (asking first whether it has it), one at a time, and
	 * marks each uploaded. A failed file does not stop the others, but being offline (or having
	 * no access) ends the run: the rest are reported with the same reason. Calls while a run is
	 * going share the next run, so nothing is uploaded twice at once and nothing added meanwhile
	 * is missed.
	 */
	uploadPending(): Promise<UploadReport> {
		if (!this.running) return this.startRun();
		this.queued ??= this.running.then(() => {
			this.queued = null;
			// A run someone started once the last one ended began after this call: it will do.
			return this.running ?? this.startRun();
		});
		return this.queued;
	}

	private startRun(): Promise<UploadReport> {
		const run = this.runUploads().finally(() => {
			if (this.running === run) this.running = null;
			this.changed();
		});
		this.running = run;
		return run;
	}

	private async runUploads(): Promise<UploadReport> {
		const report: UploadReport = { uploaded: [], failed: [] };
		const pending = await this.pending();
		let stop: StoreFailure | null = null;
		for (const file of pending) {
			const outcome: StoreResult<object> = stop ?? (await this.uploadOne(file.hash));
			if (outcome.ok) {
				report.uploaded.push(file.hash);
				this.errors.delete(file.hash);
				continue;
			}
			report.failed.push({ hash: file.hash, reason: outcome.reason, message: outcome.message });
			if (outcome.reason === 'offline') this.errors.delete(file.hash);
			else this.errors.set(file.hash, outcome.message);
			if (STOPS_RUN.has(outcome.reason)) stop = outcome;
		}
		return report;
	}

	private async uploadOne(hash: string): Promise<StoreResult<object>> {
		const token = this.token();
		if (token === null) return { ok: false, reason: 'offline', message: offlineMessage('upload') };
		const access = [this.origin, this.workspaceId, token, hash] as const;
		const there = await blobExists(...access, this.fetchFn);
		if (!there.ok) return there;
		if (!there.exists) {
			const row = await this.bounded(this.db.blobs.get([this.workspaceId, hash]));
			if (row === TIMED_OUT) return storageFailure(STORAGE_FAILED);
			if (row === undefined) return { ok: true };
			const sent = await uploadBlob(...access, row.bytes, this.fetchFn);
			if (!sent.ok) return sent;
		}
		const marked = await this.bounded(
			this.db.blobs.update([this.workspaceId, hash], { uploaded: true })
		);
		// Not marked: the next run asks the relay again, finds it there and marks it then.
		if (marked === TIMED_OUT) return storageFailure(STORAGE_FAILED);
		return { ok: true };
	}

	private bounded<T>(promise: Promise<T>): Promise<T | typeof TIMED_OUT> {
		return within(promise, this.storageLimitMs, TIMED_OUT);
	}

	private changed(): void {
		for (const listener of this.listeners) listener();
	}
}

function storageFailure(message: string): StoreFailure {
	return { ok: false, reason: 'device_storage', message };
}
