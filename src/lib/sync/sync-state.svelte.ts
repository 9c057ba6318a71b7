/**
 * The relay connection's state for the UI, as runes. RelayConnection feeds it through its
 * `onStatus` option: `new RelayConnection(doc, { ..., onStatus: (s) => syncState.apply(s) })`.
 * 'synced' means connected and the initial sync is done; `pending` may still be above zero
 * (the UI shows "N changes not yet confirmed").
 */
import type { RelayStatus, SyncStatus } from './relay-connection';
import type { Role } from './wire';

export class SyncState {
	status = $state<SyncStatus>('offline');
	pending = $state(0);
	role = $state<Role | null>(null);
	message = $state('Not connected to a relay.');
	lastSyncedAt = $state<number | null>(null);
	workOffline = $state(false);

	constructor(initial?: RelayStatus) {
		if (initial) this.apply(initial);
	}

	/**
	 * Takes a status reported from anywhere, in a microtask, in the order reported, then runs
	 * `then` with the status before it. A document opened while a page computes a derived value
	 * (the campaign results reading a campaign's outbox) reports a status from inside that
	 * computation, where Svelte refuses to change state (`state_unsafe_mutation`): the page
	 * then showed "No campaign has been sent yet" for a sent one.
	 */
	applySoon(next: RelayStatus, then?: (previous: SyncStatus) => void): void {
		queueMicrotask(() => {
			const previous = this.status;
			this.apply(next);
			then?.(previous);
		});
	}

	apply(next: RelayStatus): void {
		this.status = next.status;
		this.pending = next.pending;
		this.role = next.role;
		this.message = next.message;
		this.lastSyncedAt = next.lastSyncedAt;
		this.workOffline = next.workOffline;
	}
}
