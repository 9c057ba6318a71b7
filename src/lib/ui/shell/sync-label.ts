/** What the sync indicator says, and which colour its dot takes, for a sync state. */

export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'refused';
export type SyncTone = 'ok' | 'busy' | 'off' | 'bad';

export interface SyncLabel {
	text: string;
	tone: SyncTone;
}

export function syncLabel(status: SyncStatus, pending: number, workOffline: boolean): SyncLabel {
	// Unconfirmed changes matter most whatever the connection: they exist only on this device.
	if (pending > 0) {
		const text = `${pending} ${pending === 1 ? 'change' : 'changes'} not yet confirmed`;
		return { text, tone: status === 'refused' ? 'bad' : status === 'synced' ? 'busy' : 'off' };
	}
	if (workOffline) return { text: 'Offline', tone: 'off' };
	switch (status) {
		case 'synced':
			return { text: 'Synced', tone: 'ok' };
		case 'connecting':
			return { text: 'Connecting…', tone: 'busy' };
		case 'refused':
			return { text: 'Sync refused', tone: 'bad' };
		default:
			return { text: 'Offline', tone: 'off' };
	}
}
