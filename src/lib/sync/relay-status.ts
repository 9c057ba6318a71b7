/**
 * What the relay connection tells the person in front of the screen: one status and one or two
 * sentences, worked out from the facts of the connection. Shared by WorkspaceSync (every
 * document of a workspace over one socket) and RelayConnection (its single-document face).
 */
import type { CloseMeaning } from './close-codes';
import type { Role } from './wire';

export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'refused';

export interface RelayStatus {
	status: SyncStatus;
	/** Local changes the relay has not yet confirmed as stored on its disk. */
	pending: number;
	/** This device's role in the workspace, as the relay last said; null until it does. */
	role: Role | null;
	/** What is going on, for people: one or two sentences, never empty. */
	message: string;
	/** When this device last completed a sync or got a confirmation (ms since epoch). */
	lastSyncedAt: number | null;
	/** The person chose to work offline (setWorkOffline). */
	workOffline: boolean;
}

export const STATUS_MESSAGES = {
	connecting: 'Connecting to the relay…',
	unreachable:
		'The relay could not be reached; retrying. You can keep working: your changes are kept on this device.',
	synced: 'Connected to the relay.',
	workOffline:
		'Working offline. Your changes are kept on this device and sync when you go back online.',
	browserOffline:
		'This device is offline. Your changes are kept on this device and sync when the network is back.'
} as const;

/** The facts a status is made of. */
export interface ConnectionFacts {
	pending: number;
	role: Role | null;
	lastSyncedAt: number | null;
	workOffline: boolean;
	browserOffline: boolean;
	/** A close that ended automatic reconnection ('refuse' or 'stop'). */
	halt: CloseMeaning | null;
	/** Connected, and every document completed its sync on this connection. */
	synced: boolean;
	/** Why we are reconnecting, once a connection dropped. */
	notice: string | null;
}

export function relayStatus(facts: ConnectionFacts): RelayStatus {
	const base = {
		pending: facts.pending,
		role: facts.role,
		lastSyncedAt: facts.lastSyncedAt,
		workOffline: facts.workOffline
	};
	if (facts.halt !== null) {
		const status = facts.halt.action === 'refuse' ? 'refused' : 'offline';
		return { ...base, status, message: facts.halt.message };
	}
	if (facts.workOffline) {
		return { ...base, status: 'offline', message: STATUS_MESSAGES.workOffline };
	}
	if (facts.browserOffline) {
		return { ...base, status: 'offline', message: STATUS_MESSAGES.browserOffline };
	}
	if (facts.synced) return { ...base, status: 'synced', message: STATUS_MESSAGES.synced };
	return {
		...base,
		status: 'connecting',
		message: facts.notice ?? STATUS_MESSAGES.connecting
	};
}
