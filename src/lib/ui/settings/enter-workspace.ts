import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { session } from '$lib/session/session.svelte';

/** Opens a workspace (unless it is already the open one) and shows its people. */
export async function enterWorkspace(workspaceId: string): Promise<void> {
	if (session.current?.profile.workspaceId !== workspaceId) await session.open(workspaceId);
	await goto(resolve('/people'));
}

export function errorMessage(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
