/**
 * Workspaces for tests of the layers above data/ (ui/ may not open one itself): kept in memory,
 * each member's changes brought to another as the relay would.
 */
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { syncInto } from '$lib/data/docs-testing';

/** A started workspace of `member` in memory, its clock fixed at `now`. */
export function memoryWorkspace(member: string, now: number): Workspace {
	const ws = new Workspace('ws', member, new WorkspaceDocs(undefined, () => now), () => now);
	ws.start();
	return ws;
}

/** What `from` holds that `to` lacks, applied to `to` as another device's changes. */
export function deliver(to: Workspace, from: Workspace): void {
	syncInto(to.docs, from.docs);
}
