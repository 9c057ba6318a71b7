/**
 * What applying a large document in slices would cost (issue #11: no task over 50 ms after the
 * paint; a hot month of 20k interactions, 13 MB, applies in one task of ~200 ms): the document's
 * update decoded, re-encoded as updates of at most N structs each (one client's run of clocks
 * each, the delete set last), applied one after another into a fresh Y.Doc, and compared with
 * applying it whole. Also run on a synthetic document written by many clients editing each
 * other's records, where a chunk may arrive before what it builds on (Yjs keeps it pending).
 *   node --import tsx --expose-gc bench/split-apply.ts [<seed index .json> <document>] [--structs 1000] [--bytes 262144]
 * The seed index is what interactions.bench.ts writes with BENCH_SEED_CACHE=<dir>.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { SLICE_LIMITS, sliceUpdate, type SliceLimits } from '../src/lib/data/update-slices';

function measure(name: string, update: Uint8Array, limits: SliceLimits): void {
	const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
	gc();
	let t = performance.now();
	const whole = new Y.Doc();
	Y.applyUpdate(whole, update);
	const wholeMs = performance.now() - t;
	gc();
	t = performance.now();
	const chunks = sliceUpdate(update, limits);
	const splitMs = performance.now() - t;
	const doc = new Y.Doc();
	const times: number[] = [];
	for (const chunk of chunks) {
		t = performance.now();
		Y.applyUpdate(doc, chunk);
		times.push(performance.now() - t);
	}
	const same =
		Buffer.compare(
			Buffer.from(Y.encodeStateAsUpdate(doc)),
			Buffer.from(Y.encodeStateAsUpdate(whole))
		) === 0;
	const sorted = [...times].sort((a, b) => a - b);
	const at = (q: number) =>
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
	console.log(
		`${name}: ${(update.length / 1e6).toFixed(1)} MB, whole ${wholeMs.toFixed(0)} ms; split (${splitMs.toFixed(0)} ms) into ${chunks.length} updates of ≤ ${limits.structs} structs or ~${limits.bytes} bytes: each median ${at(0.5)} ms, p90 ${at(0.9)}, max ${at(1)}, sum ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms; pending at the end: ${doc.store.pendingStructs !== null || doc.store.pendingDs !== null}; same state as whole: ${same}`
	);
}

/** `clients` devices each adding records and editing the others', synced after each round. */
function manyClients(clients: number, rounds: number): Uint8Array {
	const docs = Array.from({ length: clients }, () => new Y.Doc());
	for (let r = 0; r < rounds; r++) {
		docs.forEach((doc, i) => {
			const map = doc.getMap<Y.Map<unknown>>('interactions');
			doc.transact(() => {
				const record = new Y.Map<unknown>();
				record.set('$', JSON.stringify({ subject: `call ${r}-${i}`, occurredAt: r }));
				const body = new Y.Text();
				body.insert(0, `notes of round ${r} by ${i}`);
				record.set('body', body);
				map.set(`${r}-${i}`, record);
				const other = map.get(`${r > 0 ? r - 1 : r}-${(i + 1) % clients}`);
				other?.set('outcome', `edited by ${i}`);
				(other?.get('body') as Y.Text | undefined)?.insert(0, `${i}: `);
				if (r > 1) map.get(`${r - 2}-${(i + 2) % clients}`)?.set('deletedAt', r);
			});
		});
		const merged = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)));
		for (const doc of docs) Y.applyUpdate(doc, merged);
	}
	return Y.encodeStateAsUpdate(docs[0]);
}

const args = process.argv.slice(2);
const limits: SliceLimits = {
	structs: Number(args[args.indexOf('--structs') + 1]) || SLICE_LIMITS.structs,
	bytes: Number(args[args.indexOf('--bytes') + 1]) || SLICE_LIMITS.bytes
};
const [index, docName] = args.filter(
	(a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')
);
if (index && docName) {
	const dir = path.dirname(index);
	const seeds = JSON.parse(readFileSync(index, 'utf8')) as {
		withSeed: { parts: { url: string; docs: [string, number][] }[] };
	};
	for (const part of seeds.withSeed.parts) {
		const body = readFileSync(path.join(dir, path.basename(part.url)));
		let at = 0;
		for (const [name, length] of part.docs) {
			if (name === docName) measure(name, body.subarray(at, at + length), limits);
			at += length;
		}
	}
}
measure('12 clients editing each other, 100 rounds', manyClients(12, 100), limits);
