/**
 * The relay's compaction merge off its main thread (server/merge-updates.js): while a worker
 * merges a document's 10,000 stored edits, how long the relay's own thread is held (the longest
 * gap of a 5 ms timer), against the same merge run on the thread itself in the same run. A
 * ratio on a shared machine; the unit test checks the merge's result and that a worker ran.
 *   node --import tsx bench/run-one.ts bench/merge-worker.bench.ts /tmp/out.json [--quick]
 */
import * as Y from 'yjs';
import { mergeUpdates, mergeUpdatesInWorker } from '../server/merge-updates.js';
import { summarize, type BenchOptions, type BenchResult } from './result';

/** A document's history as the relay stores it: one update per transaction. */
function history(edits: number): Uint8Array[] {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const map = doc.getMap<number>('m');
	const text = doc.getText('t');
	for (let i = 0; i < edits; i++) {
		if (i % 3 === 0) text.insert(Math.min(text.length, i % 7), 'ab');
		else if (i % 3 === 1) text.delete(0, 1);
		else map.set(`k${i % 50}`, i);
	}
	return updates;
}

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestGap(work: () => Promise<unknown>): Promise<number> {
	let longest = 0;
	let last = performance.now();
	const ticker = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 5);
	try {
		await work();
		const now = performance.now();
		return Math.max(longest, now - last);
	} finally {
		clearInterval(ticker);
	}
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const updates = history(10_000);
	const runs = quick ? 1 : 7;
	const inWorker: number[] = [];
	const onThread: number[] = [];
	for (let i = 0; i < runs; i++) {
		inWorker.push(await longestGap(() => mergeUpdatesInWorker(updates)));
		onThread.push(await longestGap(async () => mergeUpdates(updates)));
	}
	return [
		summarize(
			'relay.merge.worker.longest-gap',
			'ms',
			'lower',
			inWorker,
			200,
			onThread,
			'10,000 edits merged in a worker: the relay thread’s longest gap; reference: the same merge on the thread'
		)
	];
}
