import { describe, expect, it } from 'vitest';
import type { RelayStatus } from './relay-connection';
import { SyncState } from './sync-state.svelte';

const report = (status: RelayStatus['status'], pending = 0): RelayStatus => ({
	status,
	pending,
	role: 'editor',
	message: status,
	lastSyncedAt: null,
	workOffline: false
});

describe('the sync status the UI shows', () => {
	it('takes a status reported from a derived computation after it, in order', async () => {
		const state = new SyncState(report('synced'));
		const seen: string[] = [];
		// A document opened while a derived value is computed reports from inside it.
		const reported = $derived.by(() => {
			state.applySoon(report('connecting', 2), (previous) => seen.push(previous));
			state.applySoon(report('synced'), (previous) => seen.push(previous));
			return true;
		});
		expect(reported).toBe(true);
		expect(state.pending).toBe(0); // nothing changed during the computation
		await Promise.resolve();
		expect(state.status).toBe('synced');
		expect(seen).toEqual(['synced', 'connecting']); // each with the status before it
	});
});
