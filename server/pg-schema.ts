// The relay's tables in PostgreSQL (DATABASE_URL), created on first use by whichever process gets
// there first, and which errors mean "PostgreSQL is away" rather than "this statement is wrong".
import type pg from 'pg';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS crm_updates (
	seq bigserial PRIMARY KEY,
	workspace_id text NOT NULL,
	doc text NOT NULL,
	data bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS crm_updates_doc ON crm_updates (workspace_id, doc, seq);
CREATE TABLE IF NOT EXISTS crm_snapshots (
	workspace_id text NOT NULL,
	doc text NOT NULL,
	data bytea NOT NULL,
	PRIMARY KEY (workspace_id, doc)
);
CREATE TABLE IF NOT EXISTS crm_workspaces (
	id text PRIMARY KEY,
	name text NOT NULL,
	created_at text NOT NULL
);
CREATE TABLE IF NOT EXISTS crm_invites (
	id text PRIMARY KEY,
	workspace_id text NOT NULL REFERENCES crm_workspaces (id),
	role text NOT NULL,
	label text NOT NULL,
	hash text NOT NULL,
	created_at text NOT NULL,
	revoked_at text,
	member_name text
);
`;

/** Any fixed number: the lock that keeps two processes from creating the tables at once. */
const SCHEMA_LOCK = 1_907_190_001;

/** Creates the tables if they are missing; several processes may call it at once. */
export function ensureSchema(pool: pg.Pool): Promise<void> {
	return ensureTables(pool, SCHEMA);
}

/** Runs `sql` (CREATE ... IF NOT EXISTS) under the schema lock: other modules' tables too. */
export async function ensureTables(pool: pg.Pool, sql: string): Promise<void> {
	const client = await pool.connect();
	let broken = false;
	try {
		await client.query('BEGIN');
		// CREATE ... IF NOT EXISTS still races on the catalogue: one process at a time.
		await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
		await client.query(sql);
		await client.query('COMMIT');
	} catch (error) {
		broken = true;
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		client.release(broken);
	}
}

/**
 * Whether an error means PostgreSQL could not be reached or went away (worth retrying): a
 * network error (no SQLSTATE), a connection class (08), the server shutting down or starting
 * (57P0x), out of resources (53) or a serialization failure (40).
 */
export function isTransient(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) {
		return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|terminat|timeout|Connection/i.test(
			`${String(code)} ${error.message}`
		);
	}
	return /^(08|57P0|53|40)/.test(code);
}
