// The PostgreSQL store (DATABASE_URL): what the file store keeps per document, in two tables that
// every relay process shares (pg-schema.ts). `crm_updates` is the append-only log, one row per
// update; `crm_snapshots` one compacted update per document.
//
// Durability: appends are group-committed per document, like the file store's: updates queued
// while an INSERT is in flight go out together in the next one, a single autocommitted statement.
// Its promise resolves once PostgreSQL answered, i.e. after COMMIT (synchronous_commit: the WAL
// is flushed), and the appends of one document become durable in call order.
//
// PostgreSQL unreachable (restart, failover, network): an append is retried until it is stored,
// so nothing is acknowledged before it is durable and nothing is lost when the server is back.
// A retry after a COMMIT whose answer was lost stores the update twice, which is harmless: Yjs
// updates are idempotent. Bounded: when the server stays away longer than `retryForMs`, or the
// updates waiting pass `maxPendingBytes`, appends fail and the room is rebuilt (clients resend).
//
// Compaction: one process at a time per document, under a transaction-scoped advisory lock
// (released by PostgreSQL if the process dies). It reads the snapshot and the log rows, merges
// them in the merge worker (merge-updates.js: the document, not its history), writes the
// snapshot and deletes exactly the rows it read, in one transaction: rows appended meanwhile, by
// any process, stay.
import pg from 'pg';
import { mergeUpdates, mergeUpdatesInWorker } from './merge-updates.js';
import { ensureSchema, isTransient } from './pg-schema.ts';
import { WORKSPACE_ID, type WorkspaceStore } from './storage.ts';
import { isDocName } from '../src/lib/sync/wire.ts';

export interface PgStoreOptions {
	groupCommitMaxBytes?: number;
	/** Bytes of log rows (as this process saw them) above which a document is compacted. */
	compactLogBytes?: number;
	/** How long an append keeps retrying while PostgreSQL is unreachable (5 minutes). */
	retryForMs?: number;
	/** Updates waiting to be stored, all documents together, before appends fail (64 MiB). */
	maxPendingBytes?: number;
	/** Connections to PostgreSQL this process holds at most (10). */
	poolSize?: number;
	onError?: (id: string, error: unknown) => void;
}

interface PendingAppend {
	update: Uint8Array;
	resolve: () => void;
	reject: (error: Error) => void;
}

interface OpenDocument {
	workspaceId: string;
	doc: string;
	pending: PendingAppend[];
	flushScheduled: boolean;
	flushing: Promise<void> | null;
	compacting: Promise<void> | null;
	lastAppend: Promise<void>;
	/** Log bytes since the last compaction, as far as this process knows. */
	logBytes: number;
}

/** A released document whose log holds at least this much is compacted on the way out. */
const RELEASE_COMPACT_BYTES = 64 * 1024;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2000;

export class PgStore implements WorkspaceStore {
	readonly pool: pg.Pool;
	private readonly documents = new Map<string, OpenDocument>();
	private readonly maxBatch: number;
	private readonly compactAt: number;
	private readonly retryForMs: number;
	private readonly maxPendingBytes: number;
	private readonly onError: (id: string, error: unknown) => void;
	private pendingBytes = 0;
	private schema: Promise<void> | null = null;
	private closed = false;
	/** Whether the last statement reached PostgreSQL (readiness). */
	private reachable = true;

	constructor(databaseUrl: string, options: PgStoreOptions = {}) {
		this.maxBatch = options.groupCommitMaxBytes ?? 256 * 1024;
		this.compactAt = options.compactLogBytes ?? 4 * 1024 * 1024;
		this.retryForMs = options.retryForMs ?? 5 * 60_000;
		this.maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
		this.onError = options.onError ?? (() => {});
		this.pool = new pg.Pool({
			connectionString: databaseUrl,
			max: options.poolSize ?? 10,
			connectionTimeoutMillis: 5000,
			query_timeout: 60_000,
			idleTimeoutMillis: 30_000
		});
		// An idle connection cut by the server emits here; unhandled, it would end the process.
		this.pool.on('error', (error) => {
			this.reachable = false;
			this.onError('pool', error);
		});
	}

	/** Whether PostgreSQL answers now (a short query; for /readyz). */
	async ping(timeoutMs = 2000): Promise<boolean> {
		try {
			await withTimeout(this.pool.query('SELECT 1'), timeoutMs);
			this.reachable = true;
		} catch {
			this.reachable = false;
		}
		return this.reachable;
	}

	/** The last known state, without a round trip. */
	get isReachable(): boolean {
		return this.reachable;
	}

	async load(workspaceId: string, doc: string): Promise<Uint8Array[]> {
		checkNames(workspaceId, doc);
		const ws = this.open(workspaceId, doc);
		// Appends still in flight (from a room being released) belong in what is loaded.
		await ws.lastAppend;
		await this.ready();
		const { rows } = await this.query<{ data: Buffer }>(
			`SELECT data FROM (
				SELECT 0 AS part, 0::bigint AS seq, data FROM crm_snapshots
					WHERE workspace_id = $1 AND doc = $2
				UNION ALL
				SELECT 1, seq, data FROM crm_updates WHERE workspace_id = $1 AND doc = $2
			) AS stored ORDER BY part, seq`,
			[workspaceId, doc]
		);
		ws.logBytes = rows.reduce((sum, row) => sum + row.data.length, 0);
		return rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.length));
	}

	append(workspaceId: string, doc: string, update: Uint8Array): Promise<void> {
		if (this.closed) return Promise.reject(new Error('store is closed'));
		try {
			checkNames(workspaceId, doc);
		} catch (error) {
			return Promise.reject(asError(error));
		}
		if (this.pendingBytes + update.length > this.maxPendingBytes) {
			return Promise.reject(new Error('too many updates waiting for PostgreSQL'));
		}
		const ws = this.open(workspaceId, doc);
		this.pendingBytes += update.length;
		const promise = new Promise<void>((resolve, reject) => {
			ws.pending.push({ update, resolve, reject });
		});
		ws.lastAppend = promise.catch(() => {});
		this.scheduleFlush(ws);
		return promise;
	}

	/** Compacts what is stored so far, unless another process is compacting this document. */
	async compact(workspaceId: string, doc: string): Promise<void> {
		checkNames(workspaceId, doc);
		const ws = this.open(workspaceId, doc);
		while (ws.compacting) await ws.compacting.catch(() => {});
		ws.compacting = this.runCompaction(ws).finally(() => {
			ws.compacting = null;
		});
		return ws.compacting;
	}

	async listWorkspaces(): Promise<string[]> {
		await this.ready();
		const { rows } = await this.query<{ workspace_id: string }>(
			`SELECT workspace_id FROM crm_updates UNION SELECT workspace_id FROM crm_snapshots`
		);
		return rows.map((row) => row.workspace_id).sort();
	}

	async listDocuments(workspaceId: string): Promise<string[]> {
		if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
		await this.ready();
		const { rows } = await this.query<{ doc: string }>(
			`SELECT doc FROM crm_updates WHERE workspace_id = $1
				UNION SELECT doc FROM crm_snapshots WHERE workspace_id = $1`,
			[workspaceId]
		);
		return rows.map((row) => row.doc).sort();
	}

	async flush(): Promise<void> {
		await Promise.all([...this.documents.values()].map((ws) => ws.lastAppend));
	}

	async release(workspaceId: string, doc: string): Promise<void> {
		const key = documentKey(workspaceId, doc);
		const ws = this.documents.get(key);
		if (!ws) return;
		await ws.lastAppend;
		while (ws.compacting) await ws.compacting.catch(() => {});
		if (ws.logBytes >= RELEASE_COMPACT_BYTES && !this.closed) {
			await this.compact(workspaceId, doc).catch((error: unknown) => this.onError(key, error));
		}
		// An append that arrived while we waited keeps the document open.
		if (ws.pending.length > 0 || ws.flushing || ws.compacting) return;
		this.documents.delete(key);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.flush();
		await Promise.all(
			[...this.documents.values()].map((ws) => this.release(ws.workspaceId, ws.doc))
		);
		await this.pool.end();
	}

	/** Creates the tables once (retried after a failure: the server may not have been up). */
	private ready(): Promise<void> {
		this.schema ??= ensureSchema(this.pool).catch((error: unknown) => {
			this.schema = null;
			throw error;
		});
		return this.schema;
	}

	private async query<R extends pg.QueryResultRow>(
		text: string,
		values?: unknown[]
	): Promise<pg.QueryResult<R>> {
		try {
			const result = await this.pool.query<R>(text, values);
			this.reachable = true;
			return result;
		} catch (error) {
			if (isTransient(error)) this.reachable = false;
			throw error;
		}
	}

	private open(workspaceId: string, doc: string): OpenDocument {
		const key = documentKey(workspaceId, doc);
		let ws = this.documents.get(key);
		if (!ws) {
			ws = {
				workspaceId,
				doc,
				pending: [],
				flushScheduled: false,
				flushing: null,
				compacting: null,
				lastAppend: Promise.resolve(),
				logBytes: 0
			};
			this.documents.set(key, ws);
		}
		return ws;
	}

	private scheduleFlush(ws: OpenDocument): void {
		if (ws.flushScheduled || ws.flushing) return;
		ws.flushScheduled = true;
		// One turn of the event loop lets appends from the same burst share the statement.
		setImmediate(() => {
			ws.flushScheduled = false;
			ws.flushing = this.runFlush(ws).finally(() => {
				ws.flushing = null;
				if (ws.pending.length > 0) this.scheduleFlush(ws);
			});
		});
	}

	private async runFlush(ws: OpenDocument): Promise<void> {
		const key = documentKey(ws.workspaceId, ws.doc);
		while (ws.pending.length > 0) {
			const batch: PendingAppend[] = [];
			let bytes = 0;
			while (ws.pending.length > 0 && (batch.length === 0 || bytes < this.maxBatch)) {
				const next = ws.pending.shift()!;
				batch.push(next);
				bytes += next.update.length;
			}
			try {
				await this.storeBatch(
					ws,
					batch.map((p) => p.update)
				);
				ws.logBytes += bytes;
				for (const p of batch) p.resolve();
			} catch (error) {
				for (const p of batch) p.reject(asError(error));
				this.onError(key, error);
			} finally {
				this.pendingBytes -= bytes;
			}
		}
		if (ws.logBytes > this.compactAt && !ws.compacting && !this.closed) {
			this.compact(ws.workspaceId, ws.doc).catch((error: unknown) => this.onError(key, error));
		}
	}

	/** One INSERT of the batch, in order; retried while PostgreSQL is unreachable. */
	private async storeBatch(ws: OpenDocument, updates: Uint8Array[]): Promise<void> {
		const giveUpAt = Date.now() + this.retryForMs;
		for (let attempt = 0; ; attempt++) {
			try {
				await this.ready();
				await this.query(
					`INSERT INTO crm_updates (workspace_id, doc, data)
						SELECT $1, $2, data FROM unnest($3::bytea[]) WITH ORDINALITY AS u(data, n)
						ORDER BY n`,
					[ws.workspaceId, ws.doc, updates.map(toBuffer)]
				);
				return;
			} catch (error) {
				if (!isTransient(error) || this.closed || Date.now() >= giveUpAt) throw error;
				if (attempt === 0) this.onError(documentKey(ws.workspaceId, ws.doc), error);
				const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt);
				await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random() / 2)));
			}
		}
	}

	private async runCompaction(ws: OpenDocument): Promise<void> {
		await this.ready();
		const client = await this.pool.connect();
		let broken = false;
		try {
			await client.query('BEGIN');
			const { rows: locked } = await client.query<{ locked: boolean }>(
				`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
				[documentKey(ws.workspaceId, ws.doc)]
			);
			if (!locked[0].locked) {
				// Another process is compacting this document right now: its result will do.
				await client.query('ROLLBACK');
				return;
			}
			const snapshot = await client.query<{ data: Buffer }>(
				`SELECT data FROM crm_snapshots WHERE workspace_id = $1 AND doc = $2`,
				[ws.workspaceId, ws.doc]
			);
			const log = await client.query<{ seq: string; data: Buffer }>(
				`SELECT seq, data FROM crm_updates WHERE workspace_id = $1 AND doc = $2 ORDER BY seq`,
				[ws.workspaceId, ws.doc]
			);
			if (log.rows.length === 0) {
				await client.query('ROLLBACK');
				return;
			}
			const updates = [...snapshot.rows, ...log.rows].map((row) => row.data);
			// Off the event loop; a worker that cannot start is no reason to keep growing the log.
			const merged = await mergeUpdatesInWorker(updates).catch(() => mergeUpdates(updates));
			await client.query(
				`INSERT INTO crm_snapshots (workspace_id, doc, data) VALUES ($1, $2, $3)
					ON CONFLICT (workspace_id, doc) DO UPDATE SET data = EXCLUDED.data`,
				[ws.workspaceId, ws.doc, toBuffer(merged)]
			);
			await client.query(`DELETE FROM crm_updates WHERE seq = ANY($1::bigint[])`, [
				log.rows.map((row) => row.seq)
			]);
			await client.query('COMMIT');
			const compacted = log.rows.reduce((sum, row) => sum + row.data.length, 0);
			ws.logBytes = Math.max(0, ws.logBytes - compacted);
		} catch (error) {
			broken = true;
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release(broken);
		}
	}
}

/** The map key and lock name of a document: ids hold no '/', so this is unambiguous. */
function documentKey(workspaceId: string, doc: string): string {
	return `${workspaceId}/${doc}`;
}

/** The file store's checks, with its messages: the contract suite expects the same refusals. */
function checkNames(workspaceId: string, doc: string): void {
	if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
	if (!isDocName(doc)) throw new Error(`invalid document name "${String(doc)}"`);
}

function toBuffer(update: Uint8Array): Buffer {
	return Buffer.from(update.buffer, update.byteOffset, update.byteLength);
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
