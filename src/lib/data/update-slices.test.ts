import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sliceUpdate } from './update-slices';

/** A small deterministic PRNG (mulberry32), so a failing case can be run again. */
function prng(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * `clients` devices adding records (a map with a Y.Text body), editing and deleting each
 * other's, and typing into each other's text, synced after each round: a document whose
 * structs build on other clients' structs all over.
 */
function editedByMany(clients: number, rounds: number, seed: number): Uint8Array {
	const random = prng(seed);
	const docs = Array.from({ length: clients }, () => new Y.Doc());
	for (let r = 0; r < rounds; r++) {
		docs.forEach((doc, i) => {
			const records = doc.getMap<Y.Map<unknown>>('records');
			doc.transact(() => {
				const record = new Y.Map<unknown>();
				record.set('$', JSON.stringify({ subject: `call ${r}-${i}`, at: r }));
				const body = new Y.Text();
				body.insert(0, `notes of round ${r} by ${i}`);
				record.set('body', body);
				records.set(`${r}-${i}`, record);
				const keys = [...records.keys()];
				for (let k = 0; k < 3 && keys.length > 0; k++) {
					const other = records.get(keys[Math.floor(random() * keys.length)]);
					if (!other) continue;
					other.set('outcome', `edited by ${i} in ${r}`);
					const text = other.get('body') as Y.Text | undefined;
					if (text) {
						const at = Math.floor(random() * (text.length + 1));
						if (random() < 0.3 && text.length > 2) text.delete(Math.min(at, text.length - 2), 2);
						else text.insert(at, `${i}:`);
					}
				}
				if (random() < 0.2 && keys.length > 0)
					records.delete(keys[Math.floor(random() * keys.length)]);
			});
		});
		const merged = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)));
		for (const doc of docs) Y.applyUpdate(doc, merged);
	}
	return Y.encodeStateAsUpdate(docs[0]);
}

function stateOf(doc: Y.Doc): unknown {
	return {
		records: doc.getMap('records').toJSON(),
		vector: [...Y.encodeStateVector(doc)],
		deletes: [...Y.encodeSnapshot(Y.snapshot(doc))]
	};
}

function structsIn(update: Uint8Array): number {
	return Y.decodeUpdate(update).structs.length;
}

describe('sliceUpdate', () => {
	for (const seed of [1, 2, 3]) {
		it(`gives the same document as the whole update, slice by slice with nothing pending (seed ${seed})`, () => {
			const update = editedByMany(8, 30, seed);
			const whole = new Y.Doc();
			Y.applyUpdate(whole, update);
			const slices = sliceUpdate(update, { structs: 50, bytes: 1 << 20 });
			expect(slices.length).toBeGreaterThan(10);
			const doc = new Y.Doc();
			for (const slice of slices) {
				Y.applyUpdate(doc, slice);
				// Each slice builds only on earlier ones: nothing waits for a later slice.
				expect(doc.store.pendingStructs).toBeNull();
			}
			expect(doc.store.pendingDs).toBeNull();
			expect(stateOf(doc)).toEqual(stateOf(whole));
			expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(whole));
		});
	}

	it('keeps each slice within its limits (structs, then bytes)', () => {
		const update = editedByMany(4, 20, 7);
		for (const slice of sliceUpdate(update, { structs: 40, bytes: 1 << 20 }).slice(0, -1))
			expect(structsIn(slice)).toBeLessThanOrEqual(40);
		const doc = new Y.Doc();
		doc.getMap('records').set('big', 'x'.repeat(10_000));
		for (let i = 0; i < 20; i++) doc.getMap('records').set(`k${i}`, 'y'.repeat(3_000));
		const bySize = sliceUpdate(Y.encodeStateAsUpdate(doc), { structs: 1_000, bytes: 8_000 });
		// 10 kB alone, then 3 kB values three at a time (a slice ends once it passed 8 kB).
		expect(bySize.length).toBeGreaterThanOrEqual(8);
		for (const slice of bySize.slice(0, -1)) expect(slice.byteLength).toBeLessThan(12_000);
	});

	it('leaves a gap where the update has one, as applying it whole does', () => {
		const a = new Y.Doc();
		const map = a.getMap('records');
		const steps: Uint8Array[] = [];
		a.on('update', (u: Uint8Array) => steps.push(u));
		for (let i = 0; i < 6; i++) map.set(`k${i}`, i);
		// Updates 0–1 and 4–5 merged: clocks 2–3 are missing (a Skip in the merged update).
		const holed = Y.mergeUpdates([steps[0], steps[1], steps[4], steps[5]]);
		const whole = new Y.Doc();
		Y.applyUpdate(whole, holed);
		const doc = new Y.Doc();
		for (const slice of sliceUpdate(holed, { structs: 1, bytes: 1 << 20 }))
			Y.applyUpdate(doc, slice);
		expect(doc.getMap('records').toJSON()).toEqual(whole.getMap('records').toJSON());
		// What was missing arrives later: both end up whole.
		Y.applyUpdate(doc, Y.mergeUpdates([steps[2], steps[3]]));
		expect(doc.getMap('records').toJSON()).toEqual(map.toJSON());
	});

	it('slices an empty document into one empty update, and throws on bytes that are not one', () => {
		const empty = sliceUpdate(Y.encodeStateAsUpdate(new Y.Doc()));
		expect(empty).toHaveLength(1);
		Y.applyUpdate(new Y.Doc(), empty[0]);
		expect(() => sliceUpdate(new Uint8Array([200, 1, 2, 3]))).toThrow();
	});
});
