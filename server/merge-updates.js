// Compacts Yjs updates into one update holding the same document, in this thread or in a worker
// thread (this module is also the worker's entry point). The updates are integrated into a
// scratch document with garbage collection on and its state encoded: deleted content (every
// overwritten value, every deleted row) is dropped, only the deletions' ids remain, so stored
// size follows the live document, not its history. Y.mergeUpdates would keep it all, and slows
// down far more than linearly with the number of updates (a 4.2 MB document plus 50,000 small
// edits: 3 minutes, against under 2 s here).
//
// Plain JavaScript: a worker thread loads this file itself, without the TypeScript loader the
// relay runs under (tsx) or the one tests run under (vitest).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';

const WORKER_ROLE = 'merge-updates';

/**
 * Updates whose dependencies are missing are kept (encodeStateAsUpdate includes pending ones).
 * A single update goes through the document too: it may hold history from before this rule.
 * @param {Uint8Array[]} updates
 * @returns {Uint8Array}
 */
export function mergeUpdates(updates) {
	const doc = new Y.Doc({ gc: true });
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	const merged = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return merged;
}

/**
 * mergeUpdates in a worker thread, so the caller's event loop keeps serving meanwhile.
 * @param {Uint8Array[]} updates
 * @returns {Promise<Uint8Array>}
 */
export function mergeUpdatesInWorker(updates) {
	if (updates.length === 0) return Promise.resolve(mergeUpdates(updates));
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL(import.meta.url), { workerData: WORKER_ROLE });
		worker.once('message', (/** @type {Uint8Array} */ merged) => resolve(merged));
		worker.once('error', reject);
		worker.once('exit', (code) => reject(new Error(`merge worker exited with code ${code}`)));
		worker.postMessage(updates);
	});
}

if (!isMainThread && workerData === WORKER_ROLE && parentPort) {
	const port = parentPort;
	port.once('message', (/** @type {Uint8Array[]} */ updates) => {
		const merged = mergeUpdates(updates);
		port.postMessage(merged, [/** @type {ArrayBuffer} */ (merged.buffer)]);
	});
}
