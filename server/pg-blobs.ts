// Attached files in PostgreSQL (DATABASE_URL), so a file uploaded through one relay process is
// served by every other, and the workspace's quota counts every process's uploads.
//   crm_blobs       (workspace_id, hash) → size, bytes (bytea); a workspace reads only its own rows
//   crm_blob_usage  workspace_id → used_bytes, quota_bytes (NULL: BLOB_QUOTA_BYTES)
//
// An upload streams to a temp file of this process while it is hashed and counted (a slow client
// holds no connection), then, verified, goes in one transaction: lock the workspace's usage row
// (FOR UPDATE: uploads to one workspace commit one at a time, across processes), skip if the
// hash is there already, check size and quota against the locked count, insert the row, add its
// size to the count, COMMIT. Two processes uploading at once therefore cannot pass the quota
// together, and a refused or failed upload leaves nothing in the tables.
//
// The bytes go to PostgreSQL as one binary parameter (node-postgres sends a Buffer unescaped),
// so a commit holds the file in memory twice (read, then framed): at most COMMITS at once per
// process. Reads are streamed in CHUNK_BYTES slices with substring(); the column is stored
// EXTERNAL (uncompressed TOAST), so a slice reads only its own TOAST chunks rather than
// decompressing the value from its start — most attachments (PDF, JPEG, PNG) are compressed
// already. Blobs are never deleted for now, as in the file store. Backups: pg_dump holds them.
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type pg from 'pg';
import {
	BLOB_HASH,
	BlobError,
	BlobUpload,
	checkBlob,
	type BlobLimits,
	type BlobStore,
	type BlobUsage
} from './blobs.ts';
import { ensureTables, isTransient } from './pg-schema.ts';
import { WORKSPACE_ID } from './storage.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS crm_blobs (
	workspace_id text NOT NULL,
	hash text NOT NULL,
	size bigint NOT NULL,
	data bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (workspace_id, hash),
	CHECK (size = octet_length(data))
);
CREATE TABLE IF NOT EXISTS crm_blob_usage (
	workspace_id text PRIMARY KEY,
	used_bytes bigint NOT NULL DEFAULT 0,
	quota_bytes bigint
);
DO $$ BEGIN
	IF (SELECT attstorage FROM pg_attribute
		WHERE attrelid = 'crm_blobs'::regclass AND attname = 'data') <> 'e' THEN
		ALTER TABLE crm_blobs ALTER COLUMN data SET STORAGE EXTERNAL;
	END IF;
END $$;
`;

/** A slice of a blob read per query while it is served. */
const CHUNK_BYTES = 1024 * 1024;
/** Uploads of this process inserting at once (each holds its file in memory twice). */
const COMMITS = 2;
const UNREACHABLE = 'attached files cannot be reached now (PostgreSQL is away); try again shortly';

export interface PgBlobOptions {
	/** Where uploads in progress are written (a fresh folder inside; default: the OS temp dir). */
	uploadDir?: string;
}

export class PgBlobStore implements BlobStore {
	private schema: Promise<void> | null = null;
	private uploads: Promise<string> | null = null;
	private readonly commits = new Slots(COMMITS);

	constructor(
		private readonly pool: pg.Pool,
		readonly limits: BlobLimits,
		private readonly options: PgBlobOptions = {}
	) {}

	async stat(workspaceId: string, hash: string): Promise<{ size: number } | null> {
		checkNames(workspaceId, hash);
		const { rows } = await this.query<{ size: string }>(
			'SELECT size FROM crm_blobs WHERE workspace_id = $1 AND hash = $2',
			[workspaceId, hash]
		);
		return rows.length > 0 ? { size: Number(rows[0].size) } : null;
	}

	async read(
		workspaceId: string,
		hash: string
	): Promise<{ size: number; stream: Readable } | null> {
		const found = await this.stat(workspaceId, hash);
		if (!found) return null;
		return { size: found.size, stream: Readable.from(this.slices(workspaceId, hash, found.size)) };
	}

	async usage(workspaceId: string): Promise<BlobUsage> {
		checkNames(workspaceId);
		const { rows } = await this.query<UsageRow>(
			'SELECT used_bytes, quota_bytes FROM crm_blob_usage WHERE workspace_id = $1',
			[workspaceId]
		);
		return this.usageOf(rows[0]);
	}

	async setQuota(workspaceId: string, quotaBytes: number): Promise<BlobUsage> {
		checkNames(workspaceId);
		if (!Number.isSafeInteger(quotaBytes) || quotaBytes < 0) {
			throw new BlobError(400, 'quotaBytes must be an integer >= 0');
		}
		const { rows } = await this.query<UsageRow>(
			`INSERT INTO crm_blob_usage (workspace_id, quota_bytes) VALUES ($1, $2)
			 ON CONFLICT (workspace_id) DO UPDATE SET quota_bytes = EXCLUDED.quota_bytes
			 RETURNING used_bytes, quota_bytes`,
			[workspaceId, quotaBytes]
		);
		return this.usageOf(rows[0]);
	}

	async begin(workspaceId: string, hash: string, declaredBytes?: number): Promise<BlobUpload> {
		checkNames(workspaceId, hash);
		// The count now, for refusing early; the commit checks again on the locked count.
		const known = await this.usage(workspaceId);
		const check = (size: number, atLeast?: boolean) =>
			checkBlob(this.limits, known.usedBytes, known.quotaBytes, size, atLeast);
		if (declaredBytes !== undefined) check(declaredBytes);
		return BlobUpload.open(await this.uploadDir(), hash, {
			check,
			place: (tmp, size) => this.insert(workspaceId, hash, tmp, size)
		});
	}

	async close(): Promise<void> {
		const dir = await this.uploads?.catch(() => null);
		if (dir) await fsp.rm(dir, { recursive: true, force: true });
	}

	/** Stores a verified temp file in one transaction with the quota's count (see the top). */
	private insert(workspaceId: string, hash: string, tmp: string, size: number): Promise<boolean> {
		return this.commits.run(async () => {
			const bytes = await fsp.readFile(tmp);
			if (bytes.length !== size) throw new Error(`upload ${tmp} changed on disk`);
			return this.transaction(async (client) => {
				await client.query(
					'INSERT INTO crm_blob_usage (workspace_id) VALUES ($1) ON CONFLICT DO NOTHING',
					[workspaceId]
				);
				const { rows } = await client.query<UsageRow>(
					'SELECT used_bytes, quota_bytes FROM crm_blob_usage WHERE workspace_id = $1 FOR UPDATE',
					[workspaceId]
				);
				// Read after the lock: an upload of the same hash committed meanwhile is seen.
				const there = await client.query(
					'SELECT 1 FROM crm_blobs WHERE workspace_id = $1 AND hash = $2',
					[workspaceId, hash]
				);
				if (there.rows.length > 0) return false;
				const usage = this.usageOf(rows[0]);
				checkBlob(this.limits, usage.usedBytes, usage.quotaBytes, size);
				await client.query(
					'INSERT INTO crm_blobs (workspace_id, hash, size, data) VALUES ($1, $2, $3, $4)',
					[workspaceId, hash, size, bytes]
				);
				await client.query(
					'UPDATE crm_blob_usage SET used_bytes = used_bytes + $2 WHERE workspace_id = $1',
					[workspaceId, size]
				);
				return true;
			});
		});
	}

	private async *slices(workspaceId: string, hash: string, size: number): AsyncGenerator<Buffer> {
		for (let at = 0; at < size; at += CHUNK_BYTES) {
			const { rows } = await this.query<{ part: Buffer }>(
				`SELECT substring(data FROM $3 FOR $4) AS part FROM crm_blobs
				 WHERE workspace_id = $1 AND hash = $2`,
				[workspaceId, hash, at + 1, CHUNK_BYTES]
			);
			if (rows.length === 0) throw new Error(`blob ${hash} is gone while being read`);
			yield rows[0].part;
		}
	}

	private usageOf(row: UsageRow | undefined): BlobUsage {
		return {
			usedBytes: row ? Number(row.used_bytes) : 0,
			quotaBytes:
				row?.quota_bytes === null || row === undefined
					? this.limits.quotaBytes
					: Number(row.quota_bytes)
		};
	}

	/** A folder of this process for uploads in progress, made at first use. */
	private uploadDir(): Promise<string> {
		this.uploads ??= fsp.mkdtemp(
			path.join(this.options.uploadDir ?? os.tmpdir(), 'crm-blob-uploads-')
		);
		this.uploads.catch(() => (this.uploads = null));
		return this.uploads;
	}

	private ready(): Promise<void> {
		this.schema ??= ensureTables(this.pool, SCHEMA).catch((error: unknown) => {
			this.schema = null; // tried again by the next request
			throw error;
		});
		return this.schema;
	}

	private async query<R extends pg.QueryResultRow>(
		sql: string,
		values: unknown[]
	): Promise<pg.QueryResult<R>> {
		try {
			await this.ready();
			return await this.pool.query<R>(sql, values);
		} catch (error) {
			throw unreachable(error);
		}
	}

	private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
		let client: pg.PoolClient;
		try {
			await this.ready();
			client = await this.pool.connect();
		} catch (error) {
			throw unreachable(error);
		}
		let broken = false;
		try {
			await client.query('BEGIN');
			const result = await fn(client);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			broken = isTransient(error);
			await client.query('ROLLBACK').catch(() => (broken = true));
			throw unreachable(error);
		} finally {
			client.release(broken);
		}
	}
}

interface UsageRow {
	used_bytes: string;
	quota_bytes: string | null;
}

function checkNames(workspaceId: string, hash?: string): void {
	if (!WORKSPACE_ID.test(workspaceId)) throw new Error(`invalid workspace id "${workspaceId}"`);
	if (hash !== undefined && !BLOB_HASH.test(hash)) {
		throw new BlobError(400, 'a blob hash is 64 lowercase hex digits');
	}
}

/** PostgreSQL away is said as such (503, try again); anything else is passed on. */
function unreachable(error: unknown): unknown {
	return isTransient(error) ? new BlobError(503, UNREACHABLE) : error;
}

/** At most `size` tasks at once; the rest wait their turn. */
class Slots {
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly size: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running < this.size) this.running++;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}
