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

export const NEED_MEMBER_NAME = 'Enter your name, so your team sees who made each change.';

/**
 * Creates or joins a workspace and enters it: the shared tail of the welcome and join forms.
 * Resolves to the message to show, or null once the workspace is open.
 */
export async function createOrJoin(
	action: () => Promise<{ ok: true; workspaceId: string } | { ok: false; message: string }>,
	failure: string
): Promise<string | null> {
	try {
		const result = await action();
		if (!result.ok) return result.message;
		await enterWorkspace(result.workspaceId);
		return null;
	} catch (err) {
		return `${failure}: ${errorMessage(err)}`;
	}
}
