/**
 * The workspaces this device belongs to, with the invite token and who "I" am in each.
 * Kept in localStorage, mirrored into a cookie: when the browser evicts the site's storage
 * under pressure it clears localStorage and IndexedDB but not cookies, so the device can
 * still find its workspaces and recover them from the relay.
 */
export type Role = 'owner' | 'editor' | 'viewer';

export interface WorkspaceProfile {
	workspaceId: string;
	name: string;
	token: string | null; // null: created offline, not yet registered at the relay
	role: Role | null;
	memberId: string;
	memberName: string;
	color: string;
	createdAt: number;
	/** Records seen on this device the last time it was open: an empty load below it means eviction. */
	knownRecords: number;
}

const KEY = 'crm:profiles';
const COOKIE = 'crm_profiles';
const COOKIE_MAX_AGE = 60 * 60 * 24 * 400; // the longest browsers allow

export function loadProfiles(): WorkspaceProfile[] {
	const fromStorage = parse(safeLocalStorage()?.getItem(KEY) ?? null);
	if (fromStorage.length > 0) return fromStorage;
	return parse(readCookie());
}

export function saveProfiles(profiles: WorkspaceProfile[]): void {
	const json = JSON.stringify(profiles);
	safeLocalStorage()?.setItem(KEY, json);
	document.cookie = `${COOKIE}=${encodeURIComponent(json)}; Max-Age=${COOKIE_MAX_AGE}; Path=/; SameSite=Strict`;
}

function parse(json: string | null): WorkspaceProfile[] {
	if (!json) return [];
	try {
		const value: unknown = JSON.parse(json);
		return Array.isArray(value) ? value.filter(isProfile) : [];
	} catch {
		return [];
	}
}

function isProfile(v: unknown): v is WorkspaceProfile {
	const p = v as WorkspaceProfile;
	return (
		typeof p === 'object' &&
		p !== null &&
		typeof p.workspaceId === 'string' &&
		typeof p.memberId === 'string' &&
		typeof p.memberName === 'string'
	);
}

function readCookie(): string | null {
	const entry = document.cookie.split('; ').find((c) => c.startsWith(`${COOKIE}=`));
	return entry ? decodeURIComponent(entry.slice(COOKIE.length + 1)) : null;
}

function safeLocalStorage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}
