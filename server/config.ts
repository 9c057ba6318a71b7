// Relay configuration, read once from the environment. Every knob and its default is listed here.
import path from 'node:path';

export interface RelayConfig {
	/** PORT (3000). 0 picks a free port; the bound port is logged on start. */
	port: number;
	/** HOST (0.0.0.0). */
	host: string;
	/** DATA_DIR (./data): auth store and one folder per workspace. */
	dataDir: string;
	/** STATIC_DIR (./build): the built app. */
	staticDir: string;
	/** ALLOW_WORKSPACE_CREATION (true): whether POST /api/workspaces is open. */
	allowWorkspaceCreation: boolean;
	/** TRUST_PROXY (false): take the client IP from the first X-Forwarded-For entry. */
	trustProxy: boolean;
	limits: RelayLimits;
	storage: StorageTuning;
	blobs: BlobSettings;
	campaigns: CampaignSettings;
	/**
	 * REDIS_URL (none): `redis://host:6379` to run several relay processes behind one load
	 * balancer; each publishes its documents' updates and presence there (redis-fanout.ts).
	 * Unset: one process, as always.
	 */
	redisUrl: string | null;
	/**
	 * DATABASE_URL (none): `postgres://user:password@host:5432/crm` to keep documents and the auth
	 * store in PostgreSQL (pg-store.ts, pg-auth.ts), shared by every relay process. Unset: files
	 * in DATA_DIR, as always.
	 */
	databaseUrl: string | null;
}

/** Campaign sending (campaign-sender.ts) and its unsubscribe links (http-unsubscribe.ts). */
export interface CampaignSettings {
	/**
	 * RELAY_PUBLIC_URL (none): where recipients reach this relay, for the unsubscribe links in
	 * sent mail (`https://crm.example.com`). Unset: `http://<HOST or localhost>:<bound port>`.
	 */
	publicUrl: string | null;
	/** CAMPAIGN_RATE_PER_SEC (10): a workspace's messages per second until its owner sets one. */
	defaultRatePerSec: number;
	/** CAMPAIGN_RETRY_BASE_MS (2000) and CAMPAIGN_RETRY_MAX_MS (300000): back-off while SMTP fails. */
	retryBaseMs: number;
	retryMaxMs: number;
	/** CAMPAIGN_MAX_ATTEMPTS (20): tries of one message before it is marked failed. */
	maxAttempts: number;
}

/** Files attached to records (blobs.ts). */
export interface BlobSettings {
	/** MAX_BLOB_BYTES (25 MiB): a larger upload is refused with 413. */
	maxBlobBytes: number;
	/** BLOB_QUOTA_BYTES (1 GiB): a workspace's file storage until its owner sets another. */
	quotaBytes: number;
}

export interface RelayLimits {
	/** MAX_MESSAGE_BYTES (16 MiB): larger websocket messages close the connection with 4413. */
	maxMessageBytes: number;
	/**
	 * RATE_MESSAGES_PER_SEC (2000) and RATE_MESSAGES_BURST (10000): per-connection token bucket.
	 * A stock client sends a message per transaction, so a loop of edits or an import is a burst
	 * of thousands; a tiny message costs the relay microseconds.
	 */
	messagesPerSec: number;
	messagesBurst: number;
	/** RATE_BYTES_PER_SEC (8 MiB) and RATE_BYTES_BURST (32 MiB, at least MAX_MESSAGE_BYTES). */
	bytesPerSec: number;
	bytesBurst: number;
	/**
	 * MAX_BUFFERED_BYTES (8 MiB): a connection whose unsent bytes pass this is closed with 4408.
	 * A single larger message (a whole document for a joiner) is allowed on top until it drains.
	 */
	maxBufferedBytes: number;
	/** MAX_CONNECTIONS_PER_WORKSPACE (500). */
	connectionsPerWorkspace: number;
	/** MAX_CONNECTIONS_PER_IP (256). */
	connectionsPerIp: number;
	/**
	 * MAX_DOCUMENTS_PER_CONNECTION (4096): documents one `crm-docs` connection may carry; asking
	 * for one more closes it with 4431.
	 */
	documentsPerConnection: number;
	/** MAX_BODY_BYTES (64 KiB): HTTP API request bodies. */
	maxBodyBytes: number;
	/** CREATE_WORKSPACE_BURST (10) and CREATE_WORKSPACE_PER_HOUR (30): per client IP. */
	createWorkspaceBurst: number;
	createWorkspacePerHour: number;
}

export interface StorageTuning {
	/** GROUP_COMMIT_MAX_BYTES (256 KiB): one write + fsync covers at most this much. */
	groupCommitMaxBytes: number;
	/** COMPACT_LOG_BYTES (4 MiB): a document's log larger than this is merged into its snapshot. */
	compactLogBytes: number;
	/** WORKSPACE_IDLE_MS (15000): a document without connections is released after this delay. */
	idleReleaseMs: number;
	/** MAX_OPEN_LOG_FILES (256): document logs kept open; the least recently written close first. */
	maxOpenLogs: number;
}

const MiB = 1024 * 1024;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min) {
		throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
	}
	return value;
}

function url(env: NodeJS.ProcessEnv, name: string): string | null {
	const raw = env[name];
	if (raw === undefined || raw === '') return null;
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
	}
	return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
	const raw = env.REDIS_URL;
	if (raw === undefined || raw === '') return null;
	let protocol = '';
	try {
		protocol = new URL(raw).protocol;
	} catch {
		// reported below
	}
	if (protocol !== 'redis:' && protocol !== 'rediss:') {
		throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got "${raw}"`);
	}
	return raw;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | null {
	const raw = env.DATABASE_URL;
	if (raw === undefined || raw === '') return null;
	let protocol = '';
	try {
		protocol = new URL(raw).protocol;
	} catch {
		// reported below
	}
	if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
		// The URL may hold a password: never repeat it in the message.
		throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
	}
	return raw;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
	if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
	throw new Error(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
	const maxMessageBytes = int(env, 'MAX_MESSAGE_BYTES', 16 * MiB, 1024);
	return {
		port: int(env, 'PORT', 3000),
		host: env.HOST || '0.0.0.0',
		dataDir: path.resolve(env.DATA_DIR || './data'),
		staticDir: path.resolve(env.STATIC_DIR || './build'),
		allowWorkspaceCreation: bool(env, 'ALLOW_WORKSPACE_CREATION', true),
		trustProxy: bool(env, 'TRUST_PROXY', false),
		limits: {
			maxMessageBytes,
			messagesPerSec: int(env, 'RATE_MESSAGES_PER_SEC', 2000, 1),
			messagesBurst: int(env, 'RATE_MESSAGES_BURST', 10_000, 1),
			bytesPerSec: int(env, 'RATE_BYTES_PER_SEC', 8 * MiB, 1),
			// A single message up to the size limit must always fit in a full bucket.
			bytesBurst: Math.max(int(env, 'RATE_BYTES_BURST', 32 * MiB, 1), maxMessageBytes),
			maxBufferedBytes: int(env, 'MAX_BUFFERED_BYTES', 8 * MiB, 64 * 1024),
			connectionsPerWorkspace: int(env, 'MAX_CONNECTIONS_PER_WORKSPACE', 500, 1),
			connectionsPerIp: int(env, 'MAX_CONNECTIONS_PER_IP', 256, 1),
			documentsPerConnection: int(env, 'MAX_DOCUMENTS_PER_CONNECTION', 4096, 1),
			maxBodyBytes: int(env, 'MAX_BODY_BYTES', 64 * 1024, 1024),
			createWorkspaceBurst: int(env, 'CREATE_WORKSPACE_BURST', 10, 1),
			createWorkspacePerHour: int(env, 'CREATE_WORKSPACE_PER_HOUR', 30, 1)
		},
		storage: {
			groupCommitMaxBytes: int(env, 'GROUP_COMMIT_MAX_BYTES', 256 * 1024, 1024),
			compactLogBytes: int(env, 'COMPACT_LOG_BYTES', 4 * MiB, 1024),
			idleReleaseMs: int(env, 'WORKSPACE_IDLE_MS', 15_000),
			maxOpenLogs: int(env, 'MAX_OPEN_LOG_FILES', 256, 1)
		},
		blobs: {
			maxBlobBytes: int(env, 'MAX_BLOB_BYTES', 25 * MiB, 1),
			quotaBytes: int(env, 'BLOB_QUOTA_BYTES', 1024 * MiB)
		},
		campaigns: {
			publicUrl: url(env, 'RELAY_PUBLIC_URL'),
			defaultRatePerSec: int(env, 'CAMPAIGN_RATE_PER_SEC', 10, 1),
			retryBaseMs: int(env, 'CAMPAIGN_RETRY_BASE_MS', 2000, 1),
			retryMaxMs: int(env, 'CAMPAIGN_RETRY_MAX_MS', 300_000, 1),
			maxAttempts: int(env, 'CAMPAIGN_MAX_ATTEMPTS', 20, 1)
		},
		redisUrl: redisUrl(env),
		databaseUrl: databaseUrl(env)
	};
}
