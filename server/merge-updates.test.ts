import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MERGE_WORKERS, mergeUpdates, mergeUpdatesInWorker } from './merge-updates.js';

// Counts the worker threads started, to tell a merge off this thread from a fast one on it.
const workers = vi.hoisted(() => ({ started: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
	const original = await importOriginal<typeof import('node:worker_threads')>();
	class CountingWorker extends original.Worker {
		constructor(...args: ConstructorParameters<typeof original.Worker>) {
			super(...args);
			workers.started++;
		}
	}
	return { ...original, Worker: CountingWorker };
});

/** A document's history as the relay stores it: one update per transaction. */
function history(edits: number): { doc: Y.Doc; updates: Uint8Array[] } {
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
	return { doc, updates };
}

/** A delete set as sorted, coalesced [client, [clock, length][]] ranges. */
function deletedRanges(ds: ReturnType<typeof Y.decodeUpdate>['ds']): Array<[number, number[][]]> {
	return [...ds.clients.entries()]
		.sort(([a], [b]) => a - b)
		.map(([client, items]) => {
			const ranges: number[][] = [];
			for (const { clock, len } of [...items].sort((x, y) => x.clock - y.clock)) {
				const last = ranges.at(-1);
				if (last && last[0] + last[1] >= clock) last[1] = Math.max(last[1], clock + len - last[0]);
				else ranges.push([clock, len]);
			}
			return [client, ranges];
		});
}

function contents(update: Uint8Array): unknown {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return { m: doc.getMap('m').toJSON(), t: doc.getText('t').toString() };
}

describe('mergeUpdates', () => {
	it('merges a history into one update holding the same document', async () => {
		const { doc, updates } = history(600);
		const expected = { m: doc.getMap('m').toJSON(), t: doc.getText('t').toString() };
		expect(contents(mergeUpdates(updates))).toEqual(expected);
		expect(contents(await mergeUpdatesInWorker(updates))).toEqual(expected);
		// The same state vector and deletions as Y.mergeUpdates.
		const reference = Y.decodeUpdate(Y.mergeUpdates(updates));
		const merged = Y.decodeUpdate(mergeUpdates(updates));
		expect(deletedRanges(merged.ds)).toEqual(deletedRanges(reference.ds));
		expect(Y.encodeStateVectorFromUpdate(mergeUpdates(updates))).toEqual(
			Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates))
		);
	});

	it('drops overwritten values: the result follows the document, not its history', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 200; i++) doc.getMap('m').set('big', String(i % 10).repeat(10_000));
		const merged = mergeUpdates(updates);
		expect(merged.length).toBeLessThan(12_000);
		expect(contents(merged)).toEqual({ m: { big: '9'.repeat(10_000) }, t: '' });
		// Also when everything is already one update holding the whole history.
		expect(mergeUpdates([Y.mergeUpdates(updates)]).length).toBeLessThan(12_000);
	});

	it('keeps updates whose dependencies are missing', () => {
		const { updates } = history(30);
		const orphan = updates.slice(20);
		const merged = mergeUpdates(orphan);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.mergeUpdates(updates.slice(0, 20)));
		Y.applyUpdate(doc, merged);
		expect(doc.store.pendingStructs).toBeNull();
		expect(contents(Y.encodeStateAsUpdate(doc))).toEqual(contents(Y.mergeUpdates(updates)));
	});

	// How long the relay's thread is held meanwhile is a figure, not an assertion (it depends on
	// the machine's load): bench/merge-worker.bench.ts measures it against a merge on the thread.
	it('merges 10,000 edits in a worker thread into the same document', async () => {
		const { doc, updates } = history(10_000);
		const merged = await mergeUpdatesInWorker(updates);
		expect(workers.started).toBeGreaterThan(0);
		expect(contents(merged)).toEqual({
			m: doc.getMap('m').toJSON(),
			t: doc.getText('t').toString()
		});
	});

	it('merges many documents at once in a few workers, kept between merges', async () => {
		// A relay releasing a large workspace compacts hundreds of documents at once.
		const docs = Array.from({ length: 40 }, (_, i) => history(50 + i));
		const merged = await Promise.all(docs.map(({ updates }) => mergeUpdatesInWorker(updates)));
		merged.forEach((update, i) =>
			expect(contents(update)).toEqual({
				m: docs[i].doc.getMap('m').toJSON(),
				t: docs[i].doc.getText('t').toString()
			})
		);
		expect(workers.started).toBeLessThanOrEqual(MERGE_WORKERS);
	});
});
