/**
 * The browser's connection to the relay for a workspace's core document: WorkspaceSync with
 * that one document, under the API the session has always used. What the connection does
 * (role, durable acks, refusals, offline handling, the count of changes not yet confirmed on
 * the relay's disk, the token in the subprotocol header) is WorkspaceSync's.
 *
 * Create it after the on-device copy has loaded (y-indexeddb `whenSynced`): changes left
 * unconfirmed by an earlier session are counted as confirmed once the relay acknowledges the
 * sync step 2 this device sends, so that step must already contain them.
 */
import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WorkspaceSync, type WorkspaceSyncOptions } from './workspace-sync';
import type { RelayStatus } from './relay-status';
import { CORE_DOC } from './wire';

export type { RelayStatus, SyncStatus } from './relay-status';
export { syncUrl } from './relay-url';

export type RelayConnectionOptions = Omit<WorkspaceSyncOptions, 'docs'>;

export class RelayConnection {
	readonly doc: Y.Doc;
	readonly workspaceId: string;
	readonly awareness: Awareness;
	readonly #sync: WorkspaceSync;

	constructor(doc: Y.Doc, options: RelayConnectionOptions) {
		this.doc = doc;
		this.#sync = new WorkspaceSync({
			...options,
			awareness: options.awareness ?? new Awareness(doc),
			docs: [[CORE_DOC, doc]]
		});
		this.workspaceId = this.#sync.workspaceId;
		this.awareness = this.#sync.awareness;
	}

	get status(): RelayStatus {
		return this.#sync.status;
	}

	get workOffline(): boolean {
		return this.#sync.workOffline;
	}

	/** The person's "work offline" switch: disconnects now, reconnects when turned off. */
	setWorkOffline(offline: boolean): void {
		this.#sync.setWorkOffline(offline);
	}

	/** Try again now: after a refusal or a stop, or to skip the wait before the next attempt. */
	reconnect(): void {
		this.#sync.reconnect();
	}

	/** Resolves once the document completed its first sync with the relay. */
	synced(): Promise<void> {
		return this.#sync.synced(CORE_DOC);
	}

	destroy(): void {
		this.#sync.destroy();
	}
}
