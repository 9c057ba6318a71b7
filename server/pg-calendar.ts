// Calendar feeds' secrets in PostgreSQL (DATABASE_URL), so a link made through one relay process
// opens at every other: one row per (workspace, member) in crm_calendar_feeds, holding only the
// secret's SHA-256 (unique: the feed's GET finds its row by it), as calendar-feeds.json does.
// Every call is one statement, read fresh: a rotation or turn-off at one process is in force at
// the others at once (calendar apps poll every 15 minutes or more; nothing is cached).
import type pg from 'pg';
import { newFeed, secretHash, type CalendarFeeds, type FeedRecord } from './calendar-feeds.ts';
import { ensureTables } from './pg-schema.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS crm_calendar_feeds (
	workspace_id text NOT NULL,
	member_id text NOT NULL,
	invite_id text NOT NULL,
	hash text NOT NULL UNIQUE,
	created_at text NOT NULL,
	PRIMARY KEY (workspace_id, member_id)
);
`;

const COLUMNS = `workspace_id AS "workspaceId", member_id AS "memberId", invite_id AS "inviteId",
	hash, created_at AS "createdAt"`;

export class PgCalendarFeeds implements CalendarFeeds {
	private schema: Promise<void> | null = null;

	constructor(private readonly pool: pg.Pool) {}

	async get(workspaceId: string, memberId: string): Promise<FeedRecord | undefined> {
		const { rows } = await this.query<FeedRecord>(
			`SELECT ${COLUMNS} FROM crm_calendar_feeds WHERE workspace_id = $1 AND member_id = $2`,
			[workspaceId, memberId]
		);
		return rows[0];
	}

	async find(secret: string): Promise<FeedRecord | undefined> {
		const hash = secretHash(secret);
		if (hash === null) return undefined;
		const { rows } = await this.query<FeedRecord>(
			`SELECT ${COLUMNS} FROM crm_calendar_feeds WHERE hash = $1`,
			[hash]
		);
		return rows[0];
	}

	async rotate(
		workspaceId: string,
		memberId: string,
		inviteId: string
	): Promise<{ feed: FeedRecord; secret: string }> {
		const made = newFeed(workspaceId, memberId, inviteId);
		const { feed } = made;
		await this.query(
			`INSERT INTO crm_calendar_feeds (workspace_id, member_id, invite_id, hash, created_at)
			 VALUES ($1, $2, $3, $4, $5)
			 ON CONFLICT (workspace_id, member_id) DO UPDATE SET invite_id = EXCLUDED.invite_id,
			 	hash = EXCLUDED.hash, created_at = EXCLUDED.created_at`,
			[feed.workspaceId, feed.memberId, feed.inviteId, feed.hash, feed.createdAt]
		);
		return made;
	}

	async revoke(workspaceId: string, memberId: string): Promise<boolean> {
		const { rowCount } = await this.query(
			'DELETE FROM crm_calendar_feeds WHERE workspace_id = $1 AND member_id = $2',
			[workspaceId, memberId]
		);
		return (rowCount ?? 0) > 0;
	}

	private async query<R extends pg.QueryResultRow>(
		sql: string,
		values: unknown[]
	): Promise<pg.QueryResult<R>> {
		this.schema ??= ensureTables(this.pool, SCHEMA).catch((error: unknown) => {
			this.schema = null; // tried again by the next request
			throw error;
		});
		await this.schema;
		return this.pool.query<R>(sql, values);
	}
}
