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
import { availableParallelism } from 'node:os';
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
 * Merges off the event loop in at most this many worker threads, kept while merges keep coming:
 * a relay releasing a 100k workspace's ~800 documents at once started a thread for each (a V8
 * isolate and Yjs loaded each time, all at once: seconds of CPU on two cores, after every push).
 */
export const MERGE_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
/** An idle worker is stopped after this long. */
const WORKER_IDLE_MS = 5_000;

/** @typedef {{ updates: Uint8Array[], resolve: (merged: Uint8Array) => void, reject: (error: Error) => void }} Job */
/** @type {Job[]} */
const queue = [];
/** @type {Array<{ worker: Worker, idle: ReturnType<typeof setTimeout> }>} */
const idleWorkers = [];
let workerCount = 0;

/**
 * mergeUpdates in a worker thread, so the caller's event loop keeps serving meanwhile; merges
 * asked for while MERGE_WORKERS run wait their turn.
 * @param {Uint8Array[]} updates
 * @returns {Promise<Uint8Array>}
 */
export function mergeUpdatesInWorker(updates) {
	if (updates.length === 0) return Promise.resolve(mergeUpdates(updates));
	return new Promise((resolve, reject) => {
		queue.push({ updates, resolve, reject });
		pump();
	});
}

function pump() {
	while (queue.length > 0 && (idleWorkers.length > 0 || workerCount < MERGE_WORKERS)) {
		const kept = idleWorkers.pop();
		if (kept) clearTimeout(kept.idle);
		const worker = kept?.worker ?? startWorker();
		if (worker) run(worker, /** @type {Job} */ (queue.shift()));
		else for (const job of queue.splice(0)) job.reject(new Error('no merge worker'));
	}
}

/** @returns {Worker | null} */
function startWorker() {
	try {
		const worker = new Worker(new URL(import.meta.url), { workerData: WORKER_ROLE });
		workerCount++;
		worker.once('exit', () => {
			workerCount--;
			const at = idleWorkers.findIndex((w) => w.worker === worker);
			if (at >= 0) clearTimeout(idleWorkers.splice(at, 1)[0].idle);
			pump();
		});
		return worker;
	} catch {
		return null;
	}
}

/**
 * @param {Worker} worker
 * @param {Job} job
 */
function run(worker, job) {
	const done = () => {
		worker.off('message', onMessage);
		worker.off('error', onError);
		worker.off('exit', onExit);
	};
	/** @param {Uint8Array} merged */
	const onMessage = (merged) => {
		done();
		worker.unref(); // an idle worker does not keep the process alive; a busy one does
		job.resolve(merged);
		idleWorkers.push({
			worker,
			idle: setTimeout(() => void worker.terminate(), WORKER_IDLE_MS).unref()
		});
		pump();
	};
	/** @param {Error} error */
	const onError = (error) => {
		done();
		job.reject(error);
	};
	/** @param {number} code */
	const onExit = (code) => {
		done();
		job.reject(new Error(`merge worker exited with code ${code}`));
	};
	worker.ref();
	worker.on('message', onMessage);
	worker.once('error', onError);
	worker.once('exit', onExit);
	worker.postMessage(job.updates);
}

if (!isMainThread && workerData === WORKER_ROLE && parentPort) {
	const port = parentPort;
	port.on('message', (/** @type {Uint8Array[]} */ updates) => {
		const merged = mergeUpdates(updates);
		port.postMessage(merged, [/** @type {ArrayBuffer} */ (merged.buffer)]);
	});
}
