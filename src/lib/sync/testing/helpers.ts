/** What the sync client's tests share: a storage in memory, and waiting for a condition. */
import type { KeyValueStorage } from '../pending-store';

export function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (key) => map.get(key) ?? null,
		setItem: (key, value) => void map.set(key, value),
		removeItem: (key) => void map.delete(key)
	};
}

/** Polls `check` every 5 ms until it holds; fails naming `what` after `timeout` ms. */
export async function waitFor(check: () => boolean, what: string, timeout = 3_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
