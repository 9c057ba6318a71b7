/**
 * Puts a document into a workspace on the relay from Node, the way a device would: the app's
 * own RelayConnection (y-websocket plus the relay's acks) over `ws`, resolving once the relay
 * has confirmed the update as stored on its disk.
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { IMPORT, isLocalOrigin } from '../../src/lib/data/origins';
import type { WebSocketClass } from '../../src/lib/sync/counting-websocket';
import { RelayConnection, type RelayStatus } from '../../src/lib/sync/relay-connection';

export async function pushToRelay(
	input: { relayOrigin: string; workspaceId: string; token: string; update: Uint8Array },
	timeoutMs = 120_000
): Promise<void> {
	const doc = new Y.Doc();
	let onStatus: (s: RelayStatus) => void = () => {};
	const connection = new RelayConnection(doc, {
		relayUrl: input.relayOrigin,
		workspaceId: input.workspaceId,
		token: input.token,
		WebSocket: WebSocket as unknown as WebSocketClass,
		storage: null,
		disableBc: true,
		isLocalOrigin,
		onStatus: (s) => onStatus(s)
	});
	const until = (what: string, done: (s: RelayStatus) => boolean) =>
		new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`relay push: not ${what} within ${timeoutMs / 1000} s`)),
				timeoutMs
			);
			onStatus = (s) => {
				if (s.status === 'refused') reject(new Error(`relay push refused: ${s.message}`));
				if (!done(s)) return;
				clearTimeout(timer);
				resolve();
			};
			onStatus(connection.status);
		});
	try {
		await until('synced', (s) => s.status === 'synced');
		Y.applyUpdate(doc, input.update, IMPORT);
		await until('confirmed', (s) => s.status === 'synced' && s.pending === 0);
	} finally {
		connection.destroy();
		doc.destroy();
	}
}
