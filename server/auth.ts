// Workspaces and invite tokens. A token is `<inviteId>.<secret>`; only sha256(secret) is stored,
// in DATA_DIR/auth.json (written atomically: tmp, fsync, rename). The relay and the CLI may both
// write the file, so every read checks whether the file changed on disk and every write starts
// from the newest version.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ID } from './storage.ts';

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
}

export interface InviteView {
	id: string;
	role: Role;
	label: string;
	createdAt: string;
	revokedAt: string | null;
}

export type AuthResult =
	| { ok: true; workspace: WorkspaceRecord; role: Role; inviteId: string }
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

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

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
	private data: AuthFile = { version: 1, workspaces: {}, invites: {} };
	private stamp = '';
	readonly file: string;

	constructor(dataDir: string) {
		this.file = path.join(dataDir, 'auth.json');
		fs.mkdirSync(dataDir, { recursive: true });
		this.refresh();
	}

	/** Re-reads auth.json if another process changed it. Returns whether it did. */
	refresh(): boolean {
		let stat: fs.Stats;
		try {
			stat = fs.statSync(this.file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
			throw error;
		}
		const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
		if (stamp === this.stamp) return false;
		const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as AuthFile;
		if (parsed.version !== 1 || !parsed.workspaces || !parsed.invites) {
			throw new Error(`${this.file} is not a relay auth store`);
		}
		this.data = parsed;
		this.stamp = stamp;
		return true;
	}

	getWorkspace(id: string): WorkspaceRecord | undefined {
		this.refresh();
		return Object.hasOwn(this.data.workspaces, id) ? this.data.workspaces[id] : undefined;
	}

	listWorkspaces(): WorkspaceRecord[] {
		this.refresh();
		return Object.values(this.data.workspaces);
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
		} else {
			id = input.id;
		}
		const name = cleanText(input.name, 'name', true);
		const ownerLabel = cleanText(input.ownerLabel, 'memberName', false) || 'owner';
		return this.mutate(() => {
			if (Object.hasOwn(this.data.workspaces, id)) {
				throw new AuthError(409, `workspace ${id} already exists`);
			}
			const workspace = { id, name, createdAt: new Date().toISOString() };
			this.data.workspaces[id] = workspace;
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
		return Object.values(this.data.invites)
			.filter((invite) => invite.workspaceId === workspaceId)
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
			.map(view);
	}

	/** Revokes an invite; `keepOneOwner` refuses to revoke the last active owner invite. */
	revokeInvite(workspaceId: string, inviteId: string, keepOneOwner = false): InviteView {
		return this.mutate(() => {
			this.requireWorkspace(workspaceId);
			const invite = Object.hasOwn(this.data.invites, inviteId)
				? this.data.invites[inviteId]
				: undefined;
			if (!invite || invite.workspaceId !== workspaceId) {
				throw new AuthError(404, `no invite ${inviteId} in workspace ${workspaceId}`);
			}
			if (invite.revokedAt === null && invite.role === 'owner' && keepOneOwner) {
				const owners = Object.values(this.data.invites).filter(
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

	isRevoked(inviteId: string): boolean {
		const invite = Object.hasOwn(this.data.invites, inviteId)
			? this.data.invites[inviteId]
			: undefined;
		return !invite || invite.revokedAt !== null;
	}

	authenticate(workspaceId: string, token: string | null | undefined): AuthResult {
		this.refresh();
		const workspace = Object.hasOwn(this.data.workspaces, workspaceId)
			? this.data.workspaces[workspaceId]
			: undefined;
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
		const inviteId = token.slice(0, dot);
		const invite = Object.hasOwn(this.data.invites, inviteId)
			? this.data.invites[inviteId]
			: undefined;
		if (!invite || invite.workspaceId !== workspaceId) return invalid;
		const expected = Buffer.from(invite.hash, 'hex');
		if (!timingSafeEqual(sha256(token.slice(dot + 1)), expected)) return invalid;
		if (invite.revokedAt !== null) {
			return { ok: false, status: 403, reason: 'revoked_token', message: 'token revoked' };
		}
		return { ok: true, workspace, role: invite.role, inviteId };
	}

	private requireWorkspace(workspaceId: string): void {
		if (!Object.hasOwn(this.data.workspaces, workspaceId)) {
			throw new AuthError(404, `unknown workspace ${workspaceId}`);
		}
	}

	private addInvite(
		workspaceId: string,
		role: Role,
		label: string
	): { invite: InviteRecord; token: string } {
		let id = randomBytes(9).toString('base64url');
		while (Object.hasOwn(this.data.invites, id)) id = randomBytes(9).toString('base64url');
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
		this.data.invites[id] = invite;
		return { invite, token: `${id}.${secret}` };
	}

	/** Applies a change to the newest on-disk version and writes it back atomically. */
	private mutate<T>(change: () => T): T {
		this.refresh();
		const before = JSON.stringify(this.data);
		try {
			const result = change();
			this.write();
			return result;
		} catch (error) {
			this.data = JSON.parse(before) as AuthFile;
			throw error;
		}
	}

	private write(): void {
		const tmp = `${this.file}.${process.pid}.tmp`;
		const fd = fs.openSync(tmp, 'w', 0o600);
		try {
			fs.writeSync(fd, JSON.stringify(this.data, null, '\t') + '\n');
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
		const stat = fs.statSync(this.file);
		this.stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
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
