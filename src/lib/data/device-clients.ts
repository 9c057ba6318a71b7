/**
 * The Yjs client ids this device has written a workspace's documents under, in this page and
 * in the pages before it (a page's documents take new random ids each time). What a peer's
 * settle had not seen is written onto it by the device that made it (settled-records.ts): a
 * device that only received an edit may hold an older one than its author's latest, and writing
 * that back would undo the newer. The list is kept in localStorage, synchronously, from a
 * document's first own write on: a tab closed right after an offline edit leaves it for the
 * device's next page, which holds the edit (stored, or copied by unsaved-changes.ts).
 */
import type { WorkspaceDocs } from './workspace-docs';

/** Ids kept per workspace, the oldest dropped first (a page writes a few documents a visit). */
const KEPT = 5_000;
const keyOf = (workspaceId: string) => `crm-clients:${workspaceId}`;

export class DeviceClients {
	private readonly ids: Set<number>;

	/** `workspaceId` null: kept in memory only (tests, a device without localStorage). */
	constructor(private readonly workspaceId: string | null) {
		this.ids = new Set(workspaceId ? read(keyOf(workspaceId)) : []);
	}

	has(client: number): boolean {
		return this.ids.has(client);
	}

	/** Notes each document's own client id at its first write; returns how to stop. */
	watch(docs: WorkspaceDocs): () => void {
		const stops: (() => void)[] = [];
		const stopOpening = docs.onDoc((_name, doc) => {
			const onTransaction = (tr: {
				beforeState: Map<number, number>;
				afterState: Map<number, number>;
			}) => {
				const client = doc.clientID;
				if (this.ids.has(client)) return;
				if ((tr.afterState.get(client) ?? 0) > (tr.beforeState.get(client) ?? 0)) this.add(client);
			};
			doc.on('afterTransaction', onTransaction);
			stops.push(() => doc.off('afterTransaction', onTransaction));
		});
		return () => {
			stopOpening();
			for (const stop of stops) stop();
		};
	}

	private add(client: number): void {
		this.ids.add(client);
		if (!this.workspaceId) return;
		// Another tab of this device may have added its own since this one read the list.
		const key = keyOf(this.workspaceId);
		const merged = [...new Set([...read(key), ...this.ids])].slice(-KEPT);
		try {
			localStorage.setItem(key, JSON.stringify(merged));
		} catch (error) {
			console.warn('Could not note this page’s client id for settled records', error);
		}
	}
}

function read(key: string): number[] {
	try {
		const value: unknown = JSON.parse(globalThis.localStorage?.getItem(key) ?? '[]');
		return Array.isArray(value) ? value.filter((n): n is number => Number.isSafeInteger(n)) : [];
	} catch {
		return [];
	}
}
