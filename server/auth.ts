// The default auth store: workspaces and invite tokens in DATA_DIR/auth.json (auth-rules.ts has
// the rules). A token is `<inviteId>.<secret>`; only sha256(secret) is stored. The file is written
// atomically (tmp, fsync, rename). The relay and the CLI may both write it at any moment, so every
// change is a read-modify-write under a lock file (file-lock.ts): it reads the file afresh,
// changes it, and renames the new version into place before letting go, so no writer ever starts
// from a version another writer has replaced. Reads re-read the file (under the lock) whenever it
// changed on disk, which is how the relay sees the CLI's revocations.
import fs from 'node:fs';
import path from 'node:path';
import {
	AuthRules,
	emptyAuthData,
	type InviteRecord,
	type InviteView,
	type WorkspaceRecord
} from './auth-rules.ts';
import { withFileLock } from './file-lock.ts';

export {
	AuthError,
	isValidWorkspaceId,
	type Auth,
	type AuthResult,
	type InviteRecord,
	type InviteView,
	type WorkspaceRecord
} from './auth-rules.ts';

interface AuthFile {
	version: 1;
	workspaces: Record<string, WorkspaceRecord>;
	invites: Record<string, InviteRecord>;
}

export class AuthStore extends AuthRules {
	private stamp = '';
	readonly file: string;
	private readonly lockFile: string;

	constructor(dataDir: string) {
		super();
		this.file = path.join(dataDir, 'auth.json');
		this.lockFile = this.file + '.lock';
		fs.mkdirSync(dataDir, { recursive: true });
		this.refresh();
	}

	/** Re-reads auth.json if another process changed it. Returns whether it did. */
	refresh(): boolean {
		if (this.currentStamp() === this.stamp) return false;
		withFileLock(this.lockFile, () => this.read());
		return true;
	}

	createWorkspace(input: { id?: unknown; name: unknown; ownerLabel?: unknown }): {
		workspace: WorkspaceRecord;
		token: string;
	} {
		return this.mutate(this.workspaceCreation(input));
	}

	createInvite(
		workspaceId: string,
		role: unknown,
		label: unknown
	): { invite: InviteView; token: string } {
		return this.mutate(this.inviteCreation(workspaceId, role, label));
	}

	/** Revokes an invite; `keepOneOwner` refuses to revoke the last active owner invite. */
	revokeInvite(workspaceId: string, inviteId: string, keepOneOwner = false): InviteView {
		return this.mutate(() => this.revocation(workspaceId, inviteId, keepOneOwner));
	}

	/** The name an invite's holder goes by in presence (AuthRules.nameBinding). */
	memberName(workspaceId: string, inviteId: string, claimed: unknown): string {
		this.refresh();
		const bound = this.boundName(workspaceId, inviteId, claimed);
		if (bound.bind === null) return bound.name;
		// Another process may have bound it meanwhile: decide again on the newest file.
		return this.mutate(() => this.nameBinding(workspaceId, inviteId, claimed));
	}

	/**
	 * Read-modify-write under the lock: the change applies to the version on disk this instant,
	 * and nobody else writes until it is renamed into place. A change that throws writes nothing.
	 */
	private mutate<T>(change: () => T): T {
		return withFileLock(this.lockFile, () => {
			this.read();
			try {
				const result = change();
				this.write();
				return result;
			} catch (error) {
				this.read();
				throw error;
			}
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
		let text: string;
		let stat: fs.Stats;
		try {
			const fd = fs.openSync(this.file, 'r');
			try {
				stat = fs.fstatSync(fd);
				text = fs.readFileSync(fd, 'utf8');
			} finally {
				fs.closeSync(fd);
			}
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			this.data = emptyAuthData();
			this.stamp = '';
			return;
		}
		const parsed = JSON.parse(text) as AuthFile;
		if (
			parsed.version !== 1 ||
			typeof parsed.workspaces !== 'object' ||
			typeof parsed.invites !== 'object' ||
			parsed.workspaces === null ||
			parsed.invites === null
		) {
			throw new Error(`${this.file} is not a relay auth store`);
		}
		this.data = {
			workspaces: new Map(Object.entries(parsed.workspaces)),
			invites: new Map(Object.entries(parsed.invites))
		};
		this.stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
	}

	/** Writes the store atomically (call with the lock held): tmp, fsync, rename, fsync dir. */
	private write(): void {
		const file: AuthFile = {
			version: 1,
			// fromEntries defines own properties, so even an id like `__proto__` stays data.
			workspaces: Object.fromEntries(this.data.workspaces),
			invites: Object.fromEntries(this.data.invites)
		};
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
