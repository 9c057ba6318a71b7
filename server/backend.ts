// Where the relay keeps documents, auth, attached files and calendar links: files in DATA_DIR (the
// default, one process), or PostgreSQL when DATABASE_URL is set (several processes share it).
// relay.ts takes whichever this makes; without DATABASE_URL it is exactly the files as before.
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { AuthStore, type Auth } from './auth.ts';
import { FileBlobStore, type BlobStore } from './blobs.ts';
import { FileCalendarFeeds, type CalendarFeeds } from './calendar-feeds.ts';
import type { RelayConfig } from './config.ts';
import { fenced } from './fence.ts';
import { FileStore } from './file-store.ts';
import { log } from './log.ts';
import { PgAuthStore } from './pg-auth.ts';
import { PgBlobStore } from './pg-blobs.ts';
import { PgCalendarFeeds } from './pg-calendar.ts';
import { PgStore } from './pg-store.ts';
import type { WorkspaceStore } from './storage.ts';

export interface Backend {
	store: WorkspaceStore;
	auth: Auth;
	/** Attached files and their quota (http-blobs.ts). */
	blobs: BlobStore;
	/** Calendar links' secrets (http-calendar.ts). */
	feeds: CalendarFeeds;
	/** What /readyz adds for storage: `postgres` with DATABASE_URL, nothing for files. */
	readiness(): Record<string, boolean>;
	/** Loads auth and starts following changes made elsewhere (the CLI, other processes). */
	start(): Promise<void>;
	/** Stops following changes; the store is closed by its own close(). */
	stop(): Promise<void>;
}

/** How long the first read of the auth tables may take before the relay serves anyway. */
const AUTH_START_MS = 10_000;
const PING_MS = 2000;

export function createBackend(config: RelayConfig, onAuthChange: () => void): Backend {
	return config.databaseUrl
		? postgresBackend(config, config.databaseUrl, onAuthChange)
		: fileBackend(config, onAuthChange);
}

function fileBackend(config: RelayConfig, onAuthChange: () => void): Backend {
	const auth = new AuthStore(config.dataDir);
	const store = new FileStore(config.dataDir, {
		groupCommitMaxBytes: config.storage.groupCommitMaxBytes,
		compactLogBytes: config.storage.compactLogBytes,
		maxOpenLogs: config.storage.maxOpenLogs,
		onError: (workspaceId, error) => log('storage_error', { workspaceId, error: String(error) })
	});
	// The CLI may revoke a token while we run: it rewrites auth.json, and live sockets must go.
	const onAuthFileChange = fenced(
		'auth_reload',
		() => {
			auth.refresh();
			onAuthChange();
		},
		(error) => log('auth_reload_failed', { error: String(error) })
	);
	return {
		store,
		auth,
		blobs: new FileBlobStore(config.dataDir, config.blobs),
		feeds: new FileCalendarFeeds(config.dataDir),
		readiness: () => ({}),
		start() {
			fs.watchFile(auth.file, { interval: 1000 }, onAuthFileChange);
			return Promise.resolve();
		},
		stop() {
			fs.unwatchFile(auth.file, onAuthFileChange);
			return Promise.resolve();
		}
	};
}

function postgresBackend(config: RelayConfig, url: string, onAuthChange: () => void): Backend {
	const store = new PgStore(url, {
		groupCommitMaxBytes: config.storage.groupCommitMaxBytes,
		compactLogBytes: config.storage.compactLogBytes,
		onError: (workspaceId, error) => log('storage_error', { workspaceId, error: String(error) })
	});
	const auth = new PgAuthStore(url, {
		onChange: fenced('auth_reload', onAuthChange),
		onError: (error) => log('auth_store_error', { error: String(error) })
	});
	// Attached files and calendar links on a pool of their own: a large upload's insert does not
	// hold up documents' appends.
	const filesPool = new pg.Pool({
		connectionString: url,
		max: 4,
		connectionTimeoutMillis: 5000,
		query_timeout: 60_000,
		idleTimeoutMillis: 30_000
	});
	filesPool.on('error', (error) => log('blob_store_error', { error: String(error) }));
	const blobs = new PgBlobStore(filesPool, config.blobs, { uploadDir: os.tmpdir() });
	let ping: NodeJS.Timeout | null = null;
	let started = false;
	return {
		store,
		auth,
		blobs,
		feeds: new PgCalendarFeeds(filesPool),
		readiness: () => ({ postgres: started && store.isReachable }),
		async start() {
			ping = setInterval(() => void store.ping(), PING_MS);
			ping.unref();
			// Serve even if PostgreSQL is away now: /readyz says so, and it is retried.
			const first = auth.start().then(() => (started = true));
			let timer: NodeJS.Timeout | undefined;
			const late = new Promise<void>((resolve) => {
				timer = setTimeout(resolve, AUTH_START_MS);
			});
			await Promise.race([first, late])
				.catch((error: unknown) => log('auth_store_unreachable', { error: String(error) }))
				.finally(() => clearTimeout(timer));
			if (!started) void retryStart(first);
		},
		async stop() {
			if (ping) clearInterval(ping);
			ping = null;
			await auth.close();
			await blobs.close();
			await filesPool.end();
		}
	};

	async function retryStart(first: Promise<unknown>): Promise<void> {
		await first.catch(() => {});
		while (!started && ping) {
			await new Promise((resolve) => setTimeout(resolve, PING_MS));
			await auth
				.start()
				.then(() => (started = true))
				.catch(() => {});
		}
	}
}
