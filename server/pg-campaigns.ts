// Campaign sending with several relay processes on one PostgreSQL (DATABASE_URL): the ledger,
// which outboxes are done with, and which process sends a workspace's campaigns — the lease.
// Without DATABASE_URL the relay keeps these in DATA_DIR (campaign-ledger.ts, campaign-finished.ts).
//
// The lease is a session advisory lock per workspace, taken with pg_try_advisory_lock on one
// connection this process keeps for it. PostgreSQL drops the lock when that session ends — the
// process exits, is killed (kill -9 closes its socket) or loses the connection — and another
// process, which tries every LEASE_POLL_MS the workspaces with outboxes not done with, takes it
// and goes on from the ledger. A holder keeps its leases while it lives.
//
// Every ledger entry is written on that same connection: an INSERT that commits there proves the
// session, hence the lock, is still ours. So 'sending' is committed by the holder before the
// SMTP call, exactly as the file ledger fsyncs it; a process that takes over reads it as
// 'unknown' and never sends that message again. Entries waiting together share one INSERT.
//
// crm_campaign_outboxes lists each outbox the relay has seen with whether it is done with. A
// client's change to an outbox marks it open at once (before its room has stored the change, as
// the file list is), and once stored, NOTIFY crm_campaigns tells the holder to read it.
import pg from 'pg';
import type { LedgerEntry, LedgerState, MessageRecord } from './campaign-ledger.ts';
import { applyEntry, openingRecords } from './campaign-ledger.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS crm_campaign_ledger (
	id bigserial PRIMARY KEY,
	workspace_id text NOT NULL,
	campaign_id text NOT NULL,
	person_id text NOT NULL,
	state text NOT NULL,
	at bigint NOT NULL,
	attempt integer NOT NULL,
	reason text
);
CREATE INDEX IF NOT EXISTS crm_campaign_ledger_ws ON crm_campaign_ledger (workspace_id, id);
CREATE TABLE IF NOT EXISTS crm_campaign_outboxes (
	workspace_id text NOT NULL,
	campaign_id text NOT NULL,
	finished boolean NOT NULL DEFAULT false,
	PRIMARY KEY (workspace_id, campaign_id)
);
CREATE INDEX IF NOT EXISTS crm_campaign_outboxes_open ON crm_campaign_outboxes (workspace_id)
	WHERE NOT finished;
CREATE TABLE IF NOT EXISTS crm_smtp_settings (
	workspace_id text PRIMARY KEY,
	settings text NOT NULL
);
CREATE TABLE IF NOT EXISTS crm_campaign_secret (
	id integer PRIMARY KEY,
	secret text NOT NULL
);
`;
/** Fixed numbers: the schema lock, and the class of the per-workspace lease locks. */
const SCHEMA_LOCK = 1_907_190_003;
const LEASE_CLASS = 1_907_190_004;
export const CAMPAIGN_CHANNEL = 'crm_campaigns';
export const SMTP_CHANNEL = 'crm_smtp';

const LEASE_POLL_MS = 1000;
const QUERY_TIMEOUT_MS = 15_000;

/** What the sender hears from the lease (campaign-sender.ts). */
export interface LeaseListener {
	/** This process sends the workspace's campaigns from now on: read its open outboxes. */
	acquired(workspaceId: string): void;
	/** It no longer does (the lease connection was lost): drop what is queued. */
	lost(workspaceId: string): void;
	/** Another process stored a change to an outbox of a workspace we hold. */
	changed(workspaceId: string, campaignId: string): void;
}

export interface PgCampaignsOptions {
	onError?: (error: unknown) => void;
	/** A workspace's SMTP settings changed (at any process). */
	onSettingsNotice?: (workspaceId: string) => void;
}

interface Pending {
	entry: LedgerEntry;
	workspaceId: string;
	resolve: () => void;
	reject: (error: Error) => void;
}

export class PgCampaigns {
	readonly pool: pg.Pool;
	private client: pg.Client | null = null;
	/** Bumped whenever the lease connection changes: what was held under an older one is gone. */
	private epoch = 0;
	private readonly held = new Set<string>();
	private readonly cache = new Map<
		string,
		{ epoch: number; records: Promise<Map<string, MessageRecord>> }
	>();
	private queue: Pending[] = [];
	/** Reopens not committed yet, by `<workspaceId> <campaignId>`: announce waits for them. */
	private readonly reopening = new Map<string, Promise<void>>();
	private writing: Promise<void> | null = null;
	private listener: LeaseListener | null = null;
	private poll: NodeJS.Timeout | null = null;
	private polling: Promise<void> | null = null;
	private closed = false;
	private schema: Promise<void> | null = null;
	private readonly onError: (error: unknown) => void;

	constructor(
		private readonly url: string,
		private readonly options: PgCampaignsOptions = {}
	) {
		this.onError = options.onError ?? (() => {});
		this.pool = new pg.Pool({
			connectionString: url,
			max: 2,
			connectionTimeoutMillis: 5000,
			query_timeout: QUERY_TIMEOUT_MS
		});
		this.pool.on('error', (error) => this.onError(error));
	}

	/** Creates the tables if missing (once per process; retried after a failure). */
	ensureSchema(): Promise<void> {
		this.schema ??= (async () => {
			const client = await this.pool.connect();
			let broken = false;
			try {
				await client.query('BEGIN');
				await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
				await client.query(SCHEMA);
				await client.query('COMMIT');
			} catch (error) {
				broken = true;
				await client.query('ROLLBACK').catch(() => {});
				throw error;
			} finally {
				client.release(broken);
			}
		})().catch((error: unknown) => {
			this.schema = null;
			throw error;
		});
		return this.schema;
	}

	/** Starts the lease connection and its polling; the listener hears what changes. */
	start(listener: LeaseListener): void {
		this.listener = listener;
		if (this.poll || this.closed) return;
		this.poll = setInterval(() => void this.tick(), LEASE_POLL_MS);
		this.poll.unref();
		void this.tick();
	}

	holds(workspaceId: string): boolean {
		return this.held.has(workspaceId);
	}

	/** Tries the workspace's lease now (a change was noticed here). */
	want(workspaceId: string): void {
		void this.tryLease(workspaceId).catch((error: unknown) => this.onError(error));
	}

	/**
	 * Outboxes found in storage: listed as open unless known already. Answers which of them are
	 * not done with (the others a start need not read).
	 */
	async register(workspaceId: string, campaignIds: string[]): Promise<Set<string>> {
		await this.ensureSchema();
		if (campaignIds.length > 0) {
			await this.pool.query(
				`INSERT INTO crm_campaign_outboxes (workspace_id, campaign_id)
				 SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
				[workspaceId, campaignIds]
			);
		}
		return new Set(await this.openOutboxes(workspaceId));
	}

	async openOutboxes(workspaceId: string): Promise<string[]> {
		await this.ensureSchema();
		const { rows } = await this.pool.query<{ campaign_id: string }>(
			'SELECT campaign_id FROM crm_campaign_outboxes WHERE workspace_id = $1 AND NOT finished',
			[workspaceId]
		);
		return rows.map((row) => row.campaign_id);
	}

	/** A client changed the outbox: open again (resolves once committed). */
	reopen(workspaceId: string, campaignId: string): Promise<void> {
		const key = `${workspaceId} ${campaignId}`;
		const done = this.ensureSchema().then(async () => {
			await this.pool.query(
				`INSERT INTO crm_campaign_outboxes (workspace_id, campaign_id) VALUES ($1, $2)
				 ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET finished = false`,
				[workspaceId, campaignId]
			);
		});
		this.reopening.set(key, done);
		void done
			.catch(() => {})
			.finally(() => {
				if (this.reopening.get(key) === done) this.reopening.delete(key);
			});
		return done;
	}

	/** The change is stored: the holder, wherever it runs, reads the outbox (once marked open). */
	async announce(workspaceId: string, campaignId: string): Promise<void> {
		await this.reopening.get(`${workspaceId} ${campaignId}`);
		await this.pool.query('SELECT pg_notify($1, $2)', [
			CAMPAIGN_CHANNEL,
			`${workspaceId} ${campaignId}`
		]);
	}

	/** The holder is done with the outbox (and the document says so). */
	async finish(workspaceId: string, campaignId: string): Promise<void> {
		await this.ensureSchema();
		await this.pool.query(
			`INSERT INTO crm_campaign_outboxes (workspace_id, campaign_id, finished) VALUES ($1, $2, true)
			 ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET finished = true`,
			[workspaceId, campaignId]
		);
	}

	// The ledger (the same contract as CampaignLedger's), readable and writable by the holder only.

	async get(workspaceId: string, campaignId: string, personId: string) {
		return (await this.records(workspaceId)).get(`${campaignId}\n${personId}`);
	}

	async campaign(workspaceId: string, campaignId: string): Promise<Map<string, MessageRecord>> {
		const out = new Map<string, MessageRecord>();
		const prefix = `${campaignId}\n`;
		for (const [k, record] of await this.records(workspaceId)) {
			if (k.startsWith(prefix)) out.set(k.slice(prefix.length), record);
		}
		return out;
	}

	/** Appends an entry; resolves once committed on the lease connection, while the lease held. */
	async record(workspaceId: string, entry: LedgerEntry): Promise<void> {
		const epoch = this.epoch;
		const records = await this.records(workspaceId);
		await new Promise<void>((resolve, reject) => {
			this.queue.push({ entry, workspaceId, resolve, reject });
			this.writing ??= this.drain();
		});
		if (this.epoch === epoch) applyEntry(records, entry);
	}

	/** Ends the lease connection (PostgreSQL releases the leases) and the pool. */
	async close(): Promise<void> {
		this.closed = true;
		if (this.poll) clearInterval(this.poll);
		this.poll = null;
		await this.writing;
		const client = this.client;
		this.client = null;
		this.lose();
		await client?.end().catch(() => {});
		await this.pool.end().catch(() => {});
	}

	private records(workspaceId: string): Promise<Map<string, MessageRecord>> {
		if (!this.held.has(workspaceId)) {
			return Promise.reject(new Error('campaign lease not held by this process'));
		}
		const cached = this.cache.get(workspaceId);
		if (cached && cached.epoch === this.epoch) return cached.records;
		const records = this.load(workspaceId);
		this.cache.set(workspaceId, { epoch: this.epoch, records });
		records.catch(() => this.cache.delete(workspaceId));
		return records;
	}

	private async load(workspaceId: string): Promise<Map<string, MessageRecord>> {
		const { rows } = await this.pool.query<{
			campaign_id: string;
			person_id: string;
			state: LedgerState;
			at: string;
			attempt: number;
			reason: string | null;
		}>(
			`SELECT campaign_id, person_id, state, at, attempt, reason FROM crm_campaign_ledger
			 WHERE workspace_id = $1 ORDER BY id`,
			[workspaceId]
		);
		return openingRecords(
			rows.map((row) => ({
				c: row.campaign_id,
				p: row.person_id,
				s: row.state,
				at: Number(row.at),
				n: row.attempt,
				...(row.reason !== null ? { r: row.reason } : {})
			}))
		);
	}

	/** Writes what is queued, one INSERT per batch, on the lease connection. */
	private async drain(): Promise<void> {
		while (this.queue.length > 0) {
			const batch = this.queue.splice(0);
			const client = this.client;
			const ours = batch.filter((item) => client && this.held.has(item.workspaceId));
			for (const item of batch) {
				if (!ours.includes(item)) item.reject(new Error('campaign lease not held by this process'));
			}
			if (!client || ours.length === 0) continue;
			const values: unknown[] = [];
			const tuples = ours.map(({ workspaceId, entry }, i) => {
				values.push(workspaceId, entry.c, entry.p, entry.s, entry.at, entry.n, entry.r ?? null);
				const b = i * 7;
				return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
			});
			try {
				await client.query(
					`INSERT INTO crm_campaign_ledger
					 (workspace_id, campaign_id, person_id, state, at, attempt, reason)
					 VALUES ${tuples.join(', ')}`,
					values
				);
				for (const item of ours) item.resolve();
			} catch (error) {
				for (const item of ours) item.reject(error as Error);
			}
		}
		this.writing = null;
	}

	/** Connects the lease connection if needed, then tries the leases of open workspaces. */
	private tick(): Promise<void> {
		this.polling ??= this.tickNow()
			.catch((error: unknown) => this.onError(error))
			.finally(() => (this.polling = null));
		return this.polling;
	}

	private async tickNow(): Promise<void> {
		if (this.closed) return;
		await this.ensureSchema();
		if (!this.client) await this.connect();
		const { rows } = await this.pool.query<{ workspace_id: string }>(
			'SELECT DISTINCT workspace_id FROM crm_campaign_outboxes WHERE NOT finished'
		);
		for (const { workspace_id } of rows) await this.tryLease(workspace_id);
	}

	private async tryLease(workspaceId: string): Promise<void> {
		const client = this.client;
		if (!client || this.held.has(workspaceId) || this.closed) return;
		const { rows } = await client.query<{ ok: boolean }>(
			'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
			[LEASE_CLASS, workspaceId]
		);
		if (!rows[0]?.ok || client !== this.client || this.held.has(workspaceId)) return;
		this.held.add(workspaceId);
		this.listener?.acquired(workspaceId);
	}

	private async connect(): Promise<void> {
		const client = new pg.Client({
			connectionString: this.url,
			connectionTimeoutMillis: 5000,
			query_timeout: QUERY_TIMEOUT_MS,
			keepAlive: true
		});
		const gone = (error?: Error) => {
			if (error) this.onError(error);
			if (this.client !== client) return;
			this.client = null;
			this.lose();
			client.end().catch(() => {});
			// Reconnected by the next tick (it runs every LEASE_POLL_MS).
		};
		client.on('error', gone);
		client.on('end', () => gone());
		client.on('notification', (message) => this.notified(message.channel, message.payload ?? ''));
		await client.connect();
		await client.query(`LISTEN ${CAMPAIGN_CHANNEL}`);
		await client.query(`LISTEN ${SMTP_CHANNEL}`);
		if (this.closed) {
			await client.end().catch(() => {});
			return;
		}
		this.epoch++;
		this.client = client;
	}

	/** The lease connection ended: every lease with it. */
	private lose(): void {
		this.epoch++;
		const lost = [...this.held];
		this.held.clear();
		this.cache.clear();
		for (const workspaceId of lost) this.listener?.lost(workspaceId);
	}

	private notified(channel: string, payload: string): void {
		if (channel === SMTP_CHANNEL) {
			this.options.onSettingsNotice?.(payload);
			return;
		}
		const [workspaceId, campaignId] = payload.split(' ');
		if (workspaceId && campaignId && this.held.has(workspaceId)) {
			this.listener?.changed(workspaceId, campaignId);
		}
	}
}
