// The auth store in PostgreSQL (DATABASE_URL), so every relay process and the CLI see one set of
// workspaces, invites and revocations (tables crm_workspaces and crm_invites, pg-schema.ts).
//
// Reads stay synchronous, answered from a copy in memory: the relay authenticates every upgrade
// and request from it. The copy is read whole at start, again on every NOTIFY crm_auth (sent by
// each change, so a revocation made through another process closes live sockets here within
// milliseconds), and every POLL_MS in case a notification was missed while the listening
// connection was down. A change runs in one transaction under an advisory lock (one writer at a
// time, as the file lock does for auth.json): read the newest rows, apply the rules
// (auth-rules.ts), write the records that changed, notify, commit; it resolves after COMMIT.
import pg from 'pg';
import {
	AuthRules,
	emptyAuthData,
	type AuthData,
	type InviteRecord,
	type InviteView,
	type WorkspaceRecord
} from './auth-rules.ts';
import { ensureSchema } from './pg-schema.ts';
import { isRole } from '../src/lib/sync/wire.ts';

const CHANNEL = 'crm_auth';
/** Any fixed number: the lock every change to the auth tables takes. */
const AUTH_LOCK = 1_907_190_002;
const POLL_MS = 2000;
const CATCH_UP_MS = 3000;

export interface PgAuthOptions {
	/** The copy in memory changed (another process revoked an invite, say). */
	onChange?: () => void;
	onError?: (error: unknown) => void;
}

export class PgAuthStore extends AuthRules {
	private readonly pool: pg.Pool;
	private listener: pg.Client | null = null;
	private poll: NodeJS.Timeout | null = null;
	private closed = false;
	/** Reloads and changes one at a time, so an older read never overwrites a newer one. */
	private queue: Promise<unknown> = Promise.resolve();
	/** A catch-up read queued and not started yet: callers until it starts share it. */
	private waitingCatchUp: Promise<void> | null = null;
	private readonly onChange: () => void;
	private readonly onError: (error: unknown) => void;

	constructor(
		private readonly databaseUrl: string,
		options: PgAuthOptions = {}
	) {
		super();
		this.onChange = options.onChange ?? (() => {});
		this.onError = options.onError ?? (() => {});
		this.pool = new pg.Pool({
			connectionString: databaseUrl,
			max: 3,
			connectionTimeoutMillis: 5000,
			query_timeout: 15_000
		});
		this.pool.on('error', (error) => this.onError(error));
	}

	/** Reads the tables and starts following changes; rejects if PostgreSQL cannot be reached. */
	async start(): Promise<void> {
		await ensureSchema(this.pool);
		await this.reload();
		if (this.poll || this.closed) return; // started already (a retry that overlapped)
		this.poll = setInterval(() => {
			void this.reload().catch((error: unknown) => this.onError(error));
			if (!this.listener) void this.listen().catch((error: unknown) => this.onError(error));
		}, POLL_MS);
		this.poll.unref();
		await this.listen().catch((error: unknown) => this.onError(error));
	}

	/** The copy in memory is kept current by notifications: nothing to look at here. */
	refresh(): boolean {
		return false;
	}

	/** Reads the tables again (queued behind changes in flight). */
	reload(): Promise<void> {
		return this.enqueue(async () => {
			const data = await readAll(this.pool);
			const changed = !sameData(this.data, data);
			this.data = data;
			if (changed) this.onChange();
		});
	}

	/**
	 * Reads the tables again, in a read that starts after this call (so it sees what was committed
	 * before it), shared by every caller until it starts: a flood of unknown tokens costs one read
	 * at a time. Waits CATCH_UP_MS at most.
	 */
	catchUp(): Promise<void> {
		this.waitingCatchUp ??= this.enqueue(async () => {
			this.waitingCatchUp = null;
			const data = await readAll(this.pool);
			const changed = !sameData(this.data, data);
			this.data = data;
			if (changed) this.onChange();
		}).catch((error: unknown) => this.onError(error));
		let timer: NodeJS.Timeout | undefined;
		return Promise.race([
			this.waitingCatchUp,
			new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_MS)))
		]).finally(() => clearTimeout(timer));
	}

	createWorkspace(input: {
		id?: unknown;
		name: unknown;
		ownerLabel?: unknown;
	}): Promise<{ workspace: WorkspaceRecord; token: string }> {
		try {
			return this.mutate(this.workspaceCreation(input));
		} catch (error) {
			return Promise.reject(error as Error);
		}
	}

	createInvite(
		workspaceId: string,
		role: unknown,
		label: unknown
	): Promise<{ invite: InviteView; token: string }> {
		try {
			return this.mutate(this.inviteCreation(workspaceId, role, label));
		} catch (error) {
			return Promise.reject(error as Error);
		}
	}

	revokeInvite(workspaceId: string, inviteId: string, keepOneOwner = false): Promise<InviteView> {
		return this.mutate(() => this.revocation(workspaceId, inviteId, keepOneOwner));
	}

	/**
	 * The name an invite's holder goes by in presence. Presence cannot wait for a round trip, so a
	 * first claim is shown at once and bound in the background, decided again under the lock: if
	 * another process bound another name first, the copy in memory takes that one.
	 */
	memberName(workspaceId: string, inviteId: string, claimed: unknown): string {
		const bound = this.boundName(workspaceId, inviteId, claimed);
		if (bound.bind === null) return bound.name;
		const invite = this.data.invites.get(inviteId);
		if (invite) invite.memberName = bound.bind;
		this.mutate(() => this.nameBinding(workspaceId, inviteId, claimed)).catch((error: unknown) =>
			this.onError(error)
		);
		return bound.name;
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.poll) clearInterval(this.poll);
		await this.queue.catch(() => {});
		await this.listener?.end().catch(() => {});
		await this.pool.end();
	}

	/** One change: lock, newest rows, rules, write what changed, notify, commit. */
	private mutate<T>(change: () => T): Promise<T> {
		return this.enqueue(async () => {
			const client = await this.pool.connect();
			let broken = false;
			try {
				await client.query('BEGIN');
				await client.query('SELECT pg_advisory_xact_lock($1)', [AUTH_LOCK]);
				this.data = await readAll(client);
				const before = snapshot(this.data);
				let result: T;
				try {
					result = change();
				} catch (error) {
					this.data = await readAll(client);
					throw error;
				}
				for (const workspace of this.data.workspaces.values()) {
					if (before.get(`w:${workspace.id}`) === JSON.stringify(workspace)) continue;
					await client.query(
						`INSERT INTO crm_workspaces (id, name, created_at) VALUES ($1, $2, $3)
							ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`,
						[workspace.id, workspace.name, workspace.createdAt]
					);
				}
				for (const invite of this.data.invites.values()) {
					if (before.get(`i:${invite.id}`) === JSON.stringify(invite)) continue;
					await client.query(
						`INSERT INTO crm_invites
							(id, workspace_id, role, label, hash, created_at, revoked_at, member_name)
							VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
							ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label,
								revoked_at = EXCLUDED.revoked_at, member_name = EXCLUDED.member_name`,
						[
							invite.id,
							invite.workspaceId,
							invite.role,
							invite.label,
							invite.hash,
							invite.createdAt,
							invite.revokedAt,
							invite.memberName ?? null
						]
					);
				}
				await client.query(`NOTIFY ${CHANNEL}`);
				await client.query('COMMIT');
				return result;
			} catch (error) {
				broken = !(error instanceof Error && error.name === 'AuthError');
				await client.query('ROLLBACK').catch(() => {});
				throw error;
			} finally {
				client.release(broken);
			}
		});
	}

	private enqueue<T>(task: () => Promise<T>): Promise<T> {
		const next = this.queue.then(task, task);
		this.queue = next.catch(() => {});
		return next;
	}

	/** A connection of its own that LISTENs; lost, it is made again by the next poll. */
	private async listen(): Promise<void> {
		if (this.closed || this.listener) return;
		const client = new pg.Client({ connectionString: this.databaseUrl });
		this.listener = client;
		const lost = (error?: unknown) => {
			if (error) this.onError(error);
			if (this.listener === client) this.listener = null;
			void client.end().catch(() => {});
		};
		client.on('error', lost);
		client.on('end', () => lost());
		client.on('notification', () => {
			void this.reload().catch((error: unknown) => this.onError(error));
		});
		try {
			await client.connect();
			await client.query(`LISTEN ${CHANNEL}`);
		} catch (error) {
			lost();
			throw error;
		}
	}
}

interface Queryable {
	query<R extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<R>>;
}

interface InviteRow {
	id: string;
	workspace_id: string;
	role: string;
	label: string;
	hash: string;
	created_at: string;
	revoked_at: string | null;
	member_name: string | null;
}

async function readAll(db: Queryable): Promise<AuthData> {
	const data = emptyAuthData();
	const workspaces = await db.query<{ id: string; name: string; created_at: string }>(
		'SELECT id, name, created_at FROM crm_workspaces'
	);
	for (const row of workspaces.rows) {
		data.workspaces.set(row.id, { id: row.id, name: row.name, createdAt: row.created_at });
	}
	const invites = await db.query<InviteRow>(
		`SELECT id, workspace_id, role, label, hash, created_at, revoked_at, member_name
			FROM crm_invites`
	);
	for (const row of invites.rows) {
		if (!isRole(row.role)) continue;
		const invite: InviteRecord = {
			id: row.id,
			workspaceId: row.workspace_id,
			role: row.role,
			label: row.label,
			hash: row.hash,
			createdAt: row.created_at,
			revokedAt: row.revoked_at
		};
		if (row.member_name !== null) invite.memberName = row.member_name;
		data.invites.set(row.id, invite);
	}
	return data;
}

/** Every record as JSON by kind and id: what a change is compared against. */
function snapshot(data: AuthData): Map<string, string> {
	const entries = new Map<string, string>();
	for (const w of data.workspaces.values()) entries.set(`w:${w.id}`, JSON.stringify(w));
	for (const i of data.invites.values()) entries.set(`i:${i.id}`, JSON.stringify(i));
	return entries;
}

function sameData(a: AuthData, b: AuthData): boolean {
	const left = snapshot(a);
	const right = snapshot(b);
	if (left.size !== right.size) return false;
	for (const [key, value] of left) if (right.get(key) !== value) return false;
	return true;
}
