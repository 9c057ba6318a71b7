// With DATABASE_URL, the workspaces' SMTP settings and the unsubscribe links' secret live in
// PostgreSQL (tables made by pg-campaigns.ts), so settings saved through one relay process send
// from whichever process holds the workspace's lease, and a link signed by one is good at all.
//
// Sending reads the settings per message, synchronously: from a copy in memory, read whole at
// start, again for a workspace on NOTIFY crm_smtp (each save sends one) and whole every
// REFRESH_MS in case a notification was missed. The owner's screen reads the table itself
// (read()), so a save at one process is what the next GET at another answers. As in the file,
// the password leaves only to the SMTP client: views carry `passwordSet` (smtp-settings.ts).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SMTP_CHANNEL } from './pg-campaigns.ts';
import type { SmtpSettings, SmtpSettingsSource } from './smtp-settings.ts';

const REFRESH_MS = 5000;

export class PgSmtpSettings implements SmtpSettingsSource {
	private copy = new Map<string, SmtpSettings>();
	private refresh: NodeJS.Timeout | null = null;

	constructor(
		private readonly pool: pg.Pool,
		private readonly ready: () => Promise<void>,
		private readonly onError: (error: unknown) => void
	) {}

	/** Reads every workspace's settings, then keeps the copy current. */
	async start(): Promise<void> {
		await this.reloadAll();
		this.refresh ??= setInterval(
			() => void this.reloadAll().catch((error: unknown) => this.onError(error)),
			REFRESH_MS
		);
		this.refresh.unref();
	}

	stop(): void {
		if (this.refresh) clearInterval(this.refresh);
		this.refresh = null;
	}

	get(workspaceId: string): SmtpSettings | undefined {
		return this.copy.get(workspaceId);
	}

	async read(workspaceId: string): Promise<SmtpSettings | undefined> {
		await this.ready();
		const { rows } = await this.pool.query<{ settings: string }>(
			'SELECT settings FROM crm_smtp_settings WHERE workspace_id = $1',
			[workspaceId]
		);
		const settings = rows[0] ? parse(rows[0].settings) : undefined;
		if (settings) this.copy.set(workspaceId, settings);
		else this.copy.delete(workspaceId);
		return settings;
	}

	/** A save at some process: read that workspace's row again. */
	noticed(workspaceId: string): Promise<void> {
		return this.read(workspaceId).then(() => {});
	}

	async set(workspaceId: string, settings: SmtpSettings): Promise<void> {
		await this.ready();
		await this.pool.query(
			`WITH saved AS (
				INSERT INTO crm_smtp_settings (workspace_id, settings) VALUES ($1, $2)
				ON CONFLICT (workspace_id) DO UPDATE SET settings = EXCLUDED.settings
			) SELECT pg_notify($3, $1)`,
			[workspaceId, JSON.stringify(settings), SMTP_CHANNEL]
		);
		this.copy.set(workspaceId, settings);
	}

	async delete(workspaceId: string): Promise<boolean> {
		await this.ready();
		const { rows } = await this.pool.query<{ had: boolean }>(
			`WITH gone AS (DELETE FROM crm_smtp_settings WHERE workspace_id = $1 RETURNING 1)
			 SELECT EXISTS (SELECT 1 FROM gone) AS had, pg_notify($2, $1)`,
			[workspaceId, SMTP_CHANNEL]
		);
		this.copy.delete(workspaceId);
		return rows[0]?.had ?? false;
	}

	private async reloadAll(): Promise<void> {
		await this.ready();
		const { rows } = await this.pool.query<{ workspace_id: string; settings: string }>(
			'SELECT workspace_id, settings FROM crm_smtp_settings'
		);
		const copy = new Map<string, SmtpSettings>();
		for (const row of rows) {
			const settings = parse(row.settings);
			if (settings) copy.set(row.workspace_id, settings);
		}
		this.copy = copy;
	}
}

function parse(text: string): SmtpSettings | undefined {
	try {
		const value = JSON.parse(text) as SmtpSettings;
		return value && typeof value === 'object' && typeof value.host === 'string' ? value : undefined;
	} catch {
		return undefined; // never the parser's message: the text holds a password
	}
}

/**
 * The unsubscribe secret all processes share: made once by whichever gets there first. A relay
 * moving from files to PostgreSQL brings its file's secret, so links already sent keep working.
 */
export async function sharedSecret(pool: pg.Pool, fromFile: Buffer | null): Promise<Buffer> {
	const candidate = (fromFile ?? randomBytes(32)).toString('base64url');
	const { rows } = await pool.query<{ secret: string }>(
		`WITH made AS (
			INSERT INTO crm_campaign_secret (id, secret) VALUES (1, $1)
			ON CONFLICT (id) DO NOTHING RETURNING secret
		) SELECT secret FROM made UNION ALL SELECT secret FROM crm_campaign_secret WHERE id = 1`,
		[candidate]
	);
	const secret = rows[0]?.secret;
	if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) {
		throw new Error('crm_campaign_secret holds no usable secret');
	}
	return Buffer.from(secret, 'base64url');
}
