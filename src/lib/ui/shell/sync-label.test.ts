import { describe, expect, it } from 'vitest';
import { syncLabel } from './sync-label';

describe('syncLabel', () => {
	it('names each connection state', () => {
		expect(syncLabel('offline', 0, false)).toEqual({ text: 'Offline', tone: 'off' });
		expect(syncLabel('connecting', 0, false)).toEqual({ text: 'Connecting…', tone: 'busy' });
		expect(syncLabel('synced', 0, false)).toEqual({ text: 'Synced', tone: 'ok' });
		expect(syncLabel('refused', 0, false).text).toBe('Sync refused');
	});

	it('says Offline while working offline even if a socket is still closing', () => {
		expect(syncLabel('connecting', 0, true).text).toBe('Offline');
	});

	it('counts unconfirmed changes, singular and plural', () => {
		expect(syncLabel('offline', 1, false).text).toBe('1 change not yet confirmed');
		expect(syncLabel('synced', 3, false)).toEqual({
			text: '3 changes not yet confirmed',
			tone: 'busy'
		});
		expect(syncLabel('offline', 12, true).tone).toBe('off');
	});
});
