// Workspaces and invite tokens. A token is `<inviteId>.<secret>`; only sha256(secret) is stored,
// in DATA_DIR/auth.json (written atomically: tmp, fsync, rename). The relay and the CLI may both
// write the file at any moment, so every change is a read-modify-write under a lock file
// (file-lock.ts): it reads the file afresh, changes it, and renames the new version into place
// before letting go, so no writer ever starts from a version another writer has replaced. Reads
// re-read the file (under the lock) whenever it changed on disk, which is how the relay sees the
// CLI's revocations.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROLES, isRole, type Role } from '../src/lib/sync/wire.ts';
import { withFileLock } from './file-lock.ts';
import { WORKSPACE_ID } from './storage.ts';

export interface WorkspaceRecord {
	id: string;
	name: string;
	createdAt: string;
}

export interface InviteRecord {
	id: string;
	workspaceId: string;
	role: Role;
	label: string;
	/** sha256 of the secret, hex. */
	hash: string;
	createdAt: string;
	revokedAt: string | null;
	/** The name its holder goes by in presence, bound at its first use (memberName()). */
	memberName?: string;
}

export interface InviteView {
	id: string;
	role: Role;
	label: string;
	createdAt: string;
	revokedAt: string | null;
}

export type AuthResult =
	| {
			ok: true;
			workspace: WorkspaceRecord;
			role: Role;
			inviteId: string;
			/** The invite's label: the name its holder goes by in presence. */
			label: string;
	  }
	| {
			ok: false;
			status: 401 | 403 | 404;
			reason: 'missing_token' | 'invalid_token' | 'revoked_token' | 'unknown_workspace';
			message: string;
	  };

interface AuthFile {
	version: 1;
	workspaces: Record<string, WorkspaceRecord>;
	invites: Record<string, InviteRecord>;
}

/** The store in memory: Maps, so no id (`__proto__`, `constructor`) is ever a property name. */
interface AuthData {
	workspaces: Map<string, WorkspaceRecord>;
	invites: Map<string, InviteRecord>;
}

/** Names an object already has: never valid as a workspace id, whatever the store does. */
const RESERVED_IDS = new Set([
	'__proto__',
	'constructor',
	'prototype',
	...Object.getOwnPropertyNames(Object.prototype),
	...Object.getOwnPropertyNames(Function.prototype)
]);

export function isValidWorkspaceId(id: unknown): id is string {
	return typeof id === 'string' && WORKSPACE_ID.test(id) && !RESERVED_IDS.has(id);
}

/** A request the caller got wrong; the message is safe to show. */
export class AuthError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

const MAX_TEXT = 200;
const MAX_NAME = 80;

function sha256(text: string): Buffer {
	return createHash('sha256').update(text).digest();
}

function cleanText(value: unknown, field: string, required: boolean): string {
	if (value === undefined || value === null) {
		if (required) throw new AuthError(400, `${field} is required`);
		return '';
	}
	if (typeof value !== 'string') throw new AuthError(400, `${field} must be a string`);
	const text = value.trim();
	if (required && text === '') throw new AuthError(400, `${field} must not be empty`);
	if (text.length > MAX_TEXT) throw new AuthError(400, `${field} is longer than ${MAX_TEXT}`);
	return text;
}

export class AuthStore {
	private data: AuthData = { workspaces: new Map(), invites: new Map() };
	private stamp = '';
	readonly file: string;
	private readonly lockFile: string;

	constructor(dataDir: string) {
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

	getWorkspace(id: string): WorkspaceRecord | undefined {
		this.refresh();
		return this.data.workspaces.get(id);
	}

	listWorkspaces(): WorkspaceRecord[] {
		this.refresh();
		return [...this.data.workspaces.values()];
	}

	createWorkspace(input: { id?: unknown; name: unknown; ownerLabel?: unknown }): {
		workspace: WorkspaceRecord;
		token: string;
	} {
		let id: string;
		if (input.id === undefined || input.id === null) {
			id = randomBytes(16).toString('base64url');
		} else if (typeof input.id !== 'string' || !WORKSPACE_ID.test(input.id)) {
			throw new AuthError(400, 'id must match /^[A-Za-z0-9_-]{8,64}$/');
		} else if (!isValidWorkspaceId(input.id)) {
			throw new AuthError(400, `id "${input.id}" is reserved; choose another`);
		} else {
			id = input.id;
		}
		const name = cleanText(input.name, 'name', true);
		const ownerLabel = cleanText(input.ownerLabel, 'memberName', false) || 'owner';
		return this.mutate(() => {
			if (this.data.workspaces.has(id)) {
				throw new AuthError(409, `workspace ${id} already exists`);
			}
			const workspace = { id, name, createdAt: new Date().toISOString() };
			this.data.workspaces.set(id, workspace);
			const { token } = this.addInvite(id, 'owner', ownerLabel);
			return { workspace, token };
		});
	}

	createInvite(
		workspaceId: string,
		role: unknown,
		label: unknown
	): { invite: InviteView; token: string } {
		if (!isRole(role)) throw new AuthError(400, `role must be one of ${ROLES.join(', ')}`);
		const text = cleanText(label, 'label', false);
		return this.mutate(() => {
			this.requireWorkspace(workspaceId);
			const { invite, token } = this.addInvite(workspaceId, role, text);
			return { invite: view(invite), token };
		});
	}

	listInvites(workspaceId: string): InviteView[] {
		this.refresh();
		this.requireWorkspace(workspaceId);
		return [...this.data.invites.values()]
			.filter((invite) => invite.workspaceId === workspaceId)
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
			.map(view);
	}

	/** Revokes an invite; `keepOneOwner` refuses to revoke the last active owner invite. */
	revokeInvite(workspaceId: string, inviteId: string, keepOneOwner = false): InviteView {
		return this.mutate(() => {
			this.requireWorkspace(workspaceId);
			const invite = this.data.invites.get(inviteId);
			if (!invite || invite.workspaceId !== workspaceId) {
				throw new AuthError(404, `no invite ${inviteId} in workspace ${workspaceId}`);
			}
			if (invite.revokedAt === null && invite.role === 'owner' && keepOneOwner) {
				const owners = [...this.data.invites.values()].filter(
					(i) => i.workspaceId === workspaceId && i.role === 'owner' && i.revokedAt === null
				);
				if (owners.length === 1) {
					throw new AuthError(409, 'cannot revoke the last owner invite of a workspace');
				}
			}
			invite.revokedAt ??= new Date().toISOString();
			return view(invite);
		});
	}

	/**
	 * The name an invite's holder goes by in presence. It comes from the invite: the first name
	 * its holder claims is bound to it (stored here), and from then on every message of that
	 * invite shows it, whatever the message says. A claim that is another invite's name or label
	 * in the workspace is not bound: the invite's own label (or role) is shown instead, so nobody
	 * poses as another member.
	 */
	memberName(workspaceId: string, inviteId: string, claimed: unknown): string {
		this.refresh();
		const bound = this.boundName(workspaceId, inviteId, claimed);
		if (bound.bind === null) return bound.name;
		return this.mutate(() => {
			// Another process may have bound it meanwhile: decide again on the newest file.
			const again = this.boundName(workspaceId, inviteId, claimed);
			const invite = this.data.invites.get(inviteId);
			if (again.bind !== null && invite) invite.memberName = again.bind;
			return again.name;
		});
	}

	private boundName(
		workspaceId: string,
		inviteId: string,
		claimed: unknown
	): { name: string; bind: string | null } {
		const invite = this.data.invites.get(inviteId);
		if (!invite || invite.workspaceId !== workspaceId) return { name: 'Unknown', bind: null };
		if (invite.memberName) return { name: invite.memberName, bind: null };
		const fallback = {
			name: invite.label || invite.role.charAt(0).toUpperCase() + invite.role.slice(1),
			bind: null
		};
		const name = typeof claimed === 'string' ? claimed.trim().slice(0, MAX_NAME) : '';
		if (name === '') return fallback;
		const key = name.toLowerCase();
		for (const other of this.data.invites.values()) {
			if (other.workspaceId !== workspaceId || other.id === inviteId) continue;
			const taken = [other.memberName, other.label, other.role];
			if (taken.some((n) => n?.trim().toLowerCase() === key)) return fallback;
		}
		return { name, bind: name };
	}

	isRevoked(inviteId: string): boolean {
		const invite = this.data.invites.get(inviteId);
		return !invite || invite.revokedAt !== null;
	}

	authenticate(workspaceId: string, token: string | null | undefined): AuthResult {
		this.refresh();
		const workspace = this.data.workspaces.get(workspaceId);
		if (!workspace) {
			return {
				ok: false,
				status: 404,
				reason: 'unknown_workspace',
				message: 'unknown workspace'
			};
		}
		if (!token) {
			return { ok: false, status: 401, reason: 'missing_token', message: 'missing token' };
		}
		const invalid = {
			ok: false,
			status: 401,
			reason: 'invalid_token',
			message: 'invalid token'
		} as const;
		const dot = token.indexOf('.');
		if (dot <= 0) return invalid;
		const invite = this.data.invites.get(token.slice(0, dot));
		if (!invite || invite.workspaceId !== workspaceId) return invalid;
		const expected = Buffer.from(invite.hash, 'hex');
		if (!timingSafeEqual(sha256(token.slice(dot + 1)), expected)) return invalid;
		if (invite.revokedAt !== null) {
			return { ok: false, status: 403, reason: 'revoked_token', message: 'token revoked' };
		}
		return { ok: true, workspace, role: invite.role, inviteId: invite.id, label: invite.label };
	}

	private requireWorkspace(workspaceId: string): void {
		if (!this.data.workspaces.has(workspaceId)) {
			throw new AuthError(404, `unknown workspace ${workspaceId}`);
		}
	}

	private addInvite(
		workspaceId: string,
		role: Role,
		label: string
	): { invite: InviteRecord; token: string } {
		let id = randomBytes(9).toString('base64url');
		while (this.data.invites.has(id)) id = randomBytes(9).toString('base64url');
		const secret = randomBytes(32).toString('base64url');
		const invite: InviteRecord = {
			id,
			workspaceId,
			role,
			label,
			hash: sha256(secret).toString('hex'),
			createdAt: new Date().toISOString(),
			revokedAt: null
		};
		this.data.invites.set(id, invite);
		return { invite, token: `${id}.${secret}` };
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
			this.data = { workspaces: new Map(), invites: new Map() };
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

function view(invite: InviteRecord): InviteView {
	return {
		id: invite.id,
		role: invite.role,
		label: invite.label,
		createdAt: invite.createdAt,
		revokedAt: invite.revokedAt
	};
}
