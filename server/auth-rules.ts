// What the relay knows of workspaces and invites, and the rules over it, whichever store keeps it:
// auth.ts (DATA_DIR/auth.json, the default) or pg-auth.ts (PostgreSQL, with DATABASE_URL). Reads
// are answered from memory, which each store keeps current; a change is decided here on the
// newest data the store holds under its lock (a file lock, an advisory lock), then written.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, isRole, type Role } from '../src/lib/sync/wire.ts';
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

/** The store in memory: Maps, so no id (`__proto__`, `constructor`) is ever a property name. */
export interface AuthData {
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

/** A value now (the file store) or once stored (PostgreSQL). */
export type Awaitable<T> = T | Promise<T>;

/** What the relay's handlers use, whichever store is behind it. */
export interface Auth {
	/** Takes in another process's changes now, if the store has to look for them. */
	refresh(): boolean;
	getWorkspace(id: string): WorkspaceRecord | undefined;
	listWorkspaces(): WorkspaceRecord[];
	createWorkspace(input: { id?: unknown; name: unknown; ownerLabel?: unknown }): Awaitable<{
		workspace: WorkspaceRecord;
		token: string;
	}>;
	createInvite(
		workspaceId: string,
		role: unknown,
		label: unknown
	): Awaitable<{ invite: InviteView; token: string }>;
	listInvites(workspaceId: string): InviteView[];
	revokeInvite(
		workspaceId: string,
		inviteId: string,
		keepOneOwner?: boolean
	): Awaitable<InviteView>;
	memberName(workspaceId: string, inviteId: string, claimed: unknown): string;
	isRevoked(inviteId: string): boolean;
	authenticate(workspaceId: string, token: string | null | undefined): AuthResult;
	/**
	 * Stores shared by several processes: reads changes made elsewhere that may not have reached
	 * this copy yet (an invite made at another process a moment ago). Bounded; never rejects.
	 */
	catchUp?(): Promise<void>;
}

export function emptyAuthData(): AuthData {
	return { workspaces: new Map(), invites: new Map() };
}

/**
 * The rules, on `data`. Subclasses keep `data` current (refresh) and run each change under their
 * lock on the newest data (mutate), writing it only if the change did not throw.
 */
export abstract class AuthRules {
	protected data: AuthData = emptyAuthData();

	abstract refresh(): boolean;

	getWorkspace(id: string): WorkspaceRecord | undefined {
		this.refresh();
		return this.data.workspaces.get(id);
	}

	listWorkspaces(): WorkspaceRecord[] {
		this.refresh();
		return [...this.data.workspaces.values()];
	}

	listInvites(workspaceId: string): InviteView[] {
		this.refresh();
		this.requireWorkspace(workspaceId);
		return [...this.data.invites.values()]
			.filter((invite) => invite.workspaceId === workspaceId)
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
			.map(view);
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

	/** Checks the input (outside the lock) and answers the change to run under it. */
	protected workspaceCreation(input: {
		id?: unknown;
		name: unknown;
		ownerLabel?: unknown;
	}): () => { workspace: WorkspaceRecord; token: string } {
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
		return () => {
			if (this.data.workspaces.has(id)) {
				throw new AuthError(409, `workspace ${id} already exists`);
			}
			const workspace = { id, name, createdAt: new Date().toISOString() };
			this.data.workspaces.set(id, workspace);
			const { token } = this.addInvite(id, 'owner', ownerLabel);
			return { workspace, token };
		};
	}

	protected inviteCreation(
		workspaceId: string,
		role: unknown,
		label: unknown
	): () => { invite: InviteView; token: string } {
		if (!isRole(role)) throw new AuthError(400, `role must be one of ${ROLES.join(', ')}`);
		const text = cleanText(label, 'label', false);
		return () => {
			this.requireWorkspace(workspaceId);
			const { invite, token } = this.addInvite(workspaceId, role, text);
			return { invite: view(invite), token };
		};
	}

	/** `keepOneOwner` refuses to revoke the last active owner invite. */
	protected revocation(workspaceId: string, inviteId: string, keepOneOwner: boolean): InviteView {
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
	}

	/**
	 * The name an invite's holder goes by in presence. It comes from the invite: the first name
	 * its holder claims is bound to it (stored), and from then on every message of that invite
	 * shows it, whatever the message says. A claim that is another invite's name or label in the
	 * workspace is not bound: the invite's own label (or role) is shown instead, so nobody poses
	 * as another member. Run under the lock, it decides again on the newest data and binds.
	 */
	protected nameBinding(workspaceId: string, inviteId: string, claimed: unknown): string {
		const again = this.boundName(workspaceId, inviteId, claimed);
		const invite = this.data.invites.get(inviteId);
		if (again.bind !== null && invite) invite.memberName = again.bind;
		return again.name;
	}

	protected boundName(
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

	protected requireWorkspace(workspaceId: string): void {
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
}

export function view(invite: InviteRecord): InviteView {
	return {
		id: invite.id,
		role: invite.role,
		label: invite.label,
		createdAt: invite.createdAt,
		revokedAt: invite.revokedAt
	};
}
