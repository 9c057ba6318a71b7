/**
 * A campaign sent while offline must leave with the next sync even after a reload, yet outbox
 * documents open only on demand (data/shards.ts): those holding changes the relay has not
 * confirmed (the count each document keeps across reloads, sync/pending-store.ts) are opened
 * with the workspace and held until it closes, so the connection sends them.
 */
import { OUTBOX_FAMILY } from '$lib/data/campaign-outbox';
import { familyOf } from '$lib/data/shards';
import type { Workspace } from '$lib/data/workspace.svelte';
import { defaultStorage, loadPending } from '$lib/sync/pending-store';

export function holdUnsentOutboxes(ws: Workspace, workspaceId: string): void {
	const storage = defaultStorage();
	const unsent = ws.docs
		.listed()
		.filter((n) => familyOf(n) === OUTBOX_FAMILY && loadPending(storage, workspaceId, n) > 0);
	if (unsent.length > 0) ws.holdMonths(unsent);
}
