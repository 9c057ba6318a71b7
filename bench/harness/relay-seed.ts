/**
 * Puts a workspace's documents into the relay from Node, the way a device would: the app's own
 * WorkspaceSync (every document over one `crm-docs` socket, with the relay's acks) over `ws`.
 * Each document is subscribed empty, then the generated update is applied to it as an import,
 * and it resolves once the relay has confirmed every update as stored on its disk.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { IMPORT, isLocalOrigin } from '../../src/lib/data/origins';
import { CORE, WorkspaceDocs } from '../../src/lib/data/workspace-docs';
import {
	WorkspaceSync,
	type RelayStatus,
	type WebSocketClass
} from '../../src/lib/sync/workspace-sync';

export async function pushToRelay(
	input: {
		relayOrigin: string;
		workspaceId: string;
		token: string;
		/** Every document's update (generate.ts encodeWorkspace), closed months too. */
		updates: Map<string, Uint8Array>;
	},
	timeoutMs = 300_000
): Promise<void> {
	const target = new WorkspaceDocs();
	let onStatus: (s: RelayStatus) => void = () => {};
	const sync = new WorkspaceSync({
		relayUrl: input.relayOrigin,
		workspaceId: input.workspaceId,
		token: input.token,
		WebSocket: WebSocket as unknown as WebSocketClass,
		storage: null,
		isLocalOrigin,
		onStatus: (s) => onStatus(s)
	});
	// Every document, as it opens (the core now, the others as the directory lists them).
	const stop = target.onDoc((name, doc) => sync.add(name, doc));
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
			onStatus(sync.status);
		});
	try {
		await until('synced', (s) => s.status === 'synced');
		// The core first: its directory lists the others (old months too: they open here only
		// because they are written to, as on the device that made them).
		Y.applyUpdate(target.core, input.updates.get(CORE)!, IMPORT);
		for (const [name, update] of input.updates)
			if (name !== CORE) Y.applyUpdate(target.open(name), update, IMPORT);
		await sync.allSynced();
		await until('confirmed', (s) => s.status === 'synced' && s.pending === 0);
	} finally {
		stop();
		sync.destroy();
		target.destroy();
	}
}
