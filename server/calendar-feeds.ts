// The secrets of calendar subscription feeds: one per (workspace, member), kept on the relay only:
// here in DATA_DIR/calendar-feeds.json (FileCalendarFeeds), or with DATABASE_URL in PostgreSQL for
// every process (pg-calendar.ts); backend.ts picks one. Like auth's tokens only sha256(secret) is
// stored, so the file does not hand out anyone's feed. The URL `/calendar/<secret>.ics` is the
// credential (calendar apps send no headers); the invite that made it must stay unrevoked.
// Written as auth.json is: read-modify-write under a lock file, tmp + fsync + rename.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { withFileLock } from './file-lock.ts';

export interface FeedRecord {
	workspaceId: string;
	/** The member whose tasks it shows: the id tasks name as their assignee. */
	memberId: string;
	/** The invite that made it: a feed dies with its invite's revocation. */
	inviteId: string;
	/** sha256 of the secret, hex. */
	hash: string;
	createdAt: string;
}

interface FeedFile {
	version: 1;
	feeds: Record<string, FeedRecord>;
}

/** Member ids are the app's random UUIDs; anything within this alphabet is accepted. */
export const MEMBER_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** 32 random bytes, base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function feedPath(secret: string): string {
	return `/calendar/${secret}.ics`;
}

function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The feeds' secrets, whichever store keeps them. */
export interface CalendarFeeds {
	get(workspaceId: string, memberId: string): Promise<FeedRecord | undefined>;
	/** The feed a secret opens, or undefined; anything malformed is simply unknown. */
	find(secret: string): Promise<FeedRecord | undefined>;
	/** Makes the member's feed, or replaces its secret (the old URL stops working). */
	rotate(
		workspaceId: string,
		memberId: string,
		inviteId: string
	): Promise<{ feed: FeedRecord; secret: string }>;
	/** Removes the member's feed; whether there was one. */
	revoke(workspaceId: string, memberId: string): Promise<boolean>;
}

/** A new secret and the record that keeps its hash. */
export function newFeed(
	workspaceId: string,
	memberId: string,
	inviteId: string
): { feed: FeedRecord; secret: string } {
	const secret = randomBytes(32).toString('base64url');
	const feed: FeedRecord = {
		workspaceId,
		memberId,
		inviteId,
		hash: sha256Hex(secret),
		createdAt: new Date().toISOString()
	};
	return { feed, secret };
}

/** sha256 of a well-formed secret, or null for anything else (then it opens nothing). */
export function secretHash(secret: string): string | null {
	return SECRET.test(secret) ? sha256Hex(secret) : null;
}

/** `<workspaceId>/<memberId>`: neither holds a '/'. */
function keyOf(workspaceId: string, memberId: string): string {
	return `${workspaceId}/${memberId}`;
}

export class FileCalendarFeeds implements CalendarFeeds {
	readonly file: string;
	private readonly lockFile: string;
	private feeds = new Map<string, FeedRecord>();
	/** The same records by hash, for the feed's GET. */
	private byHash = new Map<string, FeedRecord>();
	private stamp = '';

	constructor(dataDir: string) {
		this.file = path.join(dataDir, 'calendar-feeds.json');
		this.lockFile = this.file + '.lock';
		fs.mkdirSync(dataDir, { recursive: true });
		withFileLock(this.lockFile, () => this.read());
	}

	// Synchronous inside (a lock file and small reads), async to match the shared store.
	get(workspaceId: string, memberId: string): Promise<FeedRecord | undefined> {
		return attempt(() => {
			this.refresh();
			return this.feeds.get(keyOf(workspaceId, memberId));
		});
	}

	find(secret: string): Promise<FeedRecord | undefined> {
		return attempt(() => {
			const hash = secretHash(secret);
			if (hash === null) return undefined;
			this.refresh();
			return this.byHash.get(hash);
		});
	}

	rotate(
		workspaceId: string,
		memberId: string,
		inviteId: string
	): Promise<{ feed: FeedRecord; secret: string }> {
		return attempt(() => {
			const made = newFeed(workspaceId, memberId, inviteId);
			this.mutate(() => this.feeds.set(keyOf(workspaceId, memberId), made.feed));
			return made;
		});
	}

	revoke(workspaceId: string, memberId: string): Promise<boolean> {
		return attempt(() => this.mutate(() => this.feeds.delete(keyOf(workspaceId, memberId))));
	}

	private refresh(): void {
		if (this.currentStamp() !== this.stamp) withFileLock(this.lockFile, () => this.read());
	}

	private mutate<T>(change: () => T): T {
		return withFileLock(this.lockFile, () => {
			this.read();
			const result = change();
			this.write();
			this.index();
			return result;
		});
	}

	private currentStamp(): string {
		try {
			const stat = fs.statSync(this.file);
			return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
			throw error;
		}
	}

	/** Loads the file as it is now (call with the lock held). */
	private read(): void {
		let text = '';
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
		const parsed = text ? (JSON.parse(text) as FeedFile) : { version: 1, feeds: {} };
		if (parsed.version !== 1 || typeof parsed.feeds !== 'object' || parsed.feeds === null) {
			throw new Error(`${this.file} is not a calendar feed store`);
		}
		this.feeds = new Map(Object.entries(parsed.feeds));
		this.index();
		this.stamp = this.currentStamp();
	}

	private index(): void {
		this.byHash = new Map([...this.feeds.values()].map((feed) => [feed.hash, feed]));
	}

	/** Writes atomically (call with the lock held): tmp, fsync, rename, fsync the folder. */
	private write(): void {
		const file: FeedFile = { version: 1, feeds: Object.fromEntries(this.feeds) };
		const tmp = `${this.file}.${process.pid}.tmp`;
		const fd = fs.openSync(tmp, 'w', 0o600);
		try {
			fs.writeSync(fd, JSON.stringify(file, null, '\t') + '\n');
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		fs.renameSync(tmp, this.file);
		const dir = fs.openSync(path.dirname(this.file), 'r');
		try {
			fs.fsyncSync(dir);
		} finally {
			fs.closeSync(dir);
		}
		this.stamp = this.currentStamp();
	}
}

/** `fn`'s value, or its throw, as a promise. */
function attempt<T>(fn: () => T): Promise<T> {
	try {
		return Promise.resolve(fn());
	} catch (error) {
		return Promise.reject(error instanceof Error ? error : new Error(String(error)));
	}
}
