/**
 * Waits, bounded, for the device's copy of a workspace to load: before it has, the documents
 * may not hold records this device already has (an import matching e-mails would take a
 * customer of the last import for a new person).
 */
import type { Workspace } from '$lib/data/workspace.svelte';

const POLL_MS = 50;

/** Whether the workspace loaded within `limitMs` (at once when it already has). */
export function untilLoaded(ws: Pick<Workspace, 'loaded'>, limitMs: number): Promise<boolean> {
	if (ws.loaded) return Promise.resolve(true);
	const giveUpAt = Date.now() + limitMs;
	return new Promise((resolve) => {
		const poll = () => {
			if (ws.loaded) resolve(true);
			else if (Date.now() >= giveUpAt) resolve(false);
			else setTimeout(poll, POLL_MS);
		};
		setTimeout(poll, POLL_MS);
	});
}
