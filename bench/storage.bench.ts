/**
 * What a workspace costs at rest and to load, in Node: encoded size (Y.encodeStateAsUpdate of
 * every document: the core, the shards, the history partitions) against the plain JSON export
 * (budget, README "Performance": ≤ 1.5×), and Y.applyUpdate time of all of them into new docs.
 */
import * as Y from 'yjs';
import { docsFromUpdates, encodeDocs } from '../src/lib/data/docs-testing';
import { generateWorkspace, SIZES } from './generate';
import { summarize, type BenchOptions, type BenchResult } from './result';

const RATIO_BUDGET = 1.5;

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const plan: (keyof typeof SIZES)[] = quick ? ['10k'] : ['10k', '100k'];
	for (const size of plan) results.push(...measure(size, quick ? 3 : 5));
	return Promise.resolve(results);
}

function measure(size: keyof typeof SIZES, loads: number): BenchResult[] {
	const started = performance.now();
	const { docs, interactionsDoc, json } = generateWorkspace({ ...SIZES[size], seed: 42 });
	const generateMs = performance.now() - started;
	const { interactions, ...records } = json;
	const updates = encodeDocs(docs);
	const docBytes = { length: [...updates.values()].reduce((sum, u) => sum + u.length, 0) };
	const logBytes = Y.encodeStateAsUpdate(interactionsDoc);
	docs.destroy();
	interactionsDoc.destroy();
	const recordsJson = Buffer.byteLength(JSON.stringify(records));
	const logJson = Buffer.byteLength(JSON.stringify(interactions));
	const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
	const label = `${SIZES[size].people.toLocaleString('en-US')} people / ${SIZES[size].organizations.toLocaleString('en-US')} organizations / ${SIZES[size].interactions.toLocaleString('en-US')} interactions`;

	const docLoad = timeLoads(updates, loads);
	const logLoad = timeLoads(new Map([['', logBytes]]), loads);
	const heap = heapOf(updates);
	return [
		summarize(
			`storage.${size}.ratio`,
			'x',
			'lower',
			[(docBytes.length + logBytes.length) / (recordsJson + logJson)],
			RATIO_BUDGET,
			undefined,
			`${label}: both documents ${mb(docBytes.length + logBytes.length)} against ${mb(recordsJson + logJson)} of JSON export (generated in ${(generateMs / 1000).toFixed(1)} s)`
		),
		summarize(
			`storage.${size}.ratio.workspace`,
			'x',
			'lower',
			[docBytes.length / recordsJson],
			RATIO_BUDGET,
			undefined,
			`the workspace's ${updates.size} documents (people, organizations, members, custom fields, history): ${mb(docBytes.length)} against ${mb(recordsJson)} of JSON`
		),
		summarize(
			`storage.${size}.ratio.interactions`,
			'x',
			'lower',
			[logBytes.length / logJson],
			RATIO_BUDGET,
			undefined,
			`the interaction log document: ${mb(logBytes.length)} against ${mb(logJson)} of JSON`
		),
		summarize(
			`storage.${size}.load.workspace`,
			'ms',
			'lower',
			docLoad,
			null,
			undefined,
			`Node: Y.applyUpdate of the workspace's ${updates.size} documents (${mb(docBytes.length)}), each into a new Y.Doc`
		),
		summarize(
			`storage.${size}.load.interactions`,
			'ms',
			'lower',
			logLoad,
			null,
			undefined,
			`Node: Y.applyUpdate of the interaction log (${mb(logBytes.length)}, one document), loaded lazily by the app`
		),
		...(heap === null
			? []
			: [
					summarize(
						`storage.${size}.heap.workspace`,
						'MB',
						'lower',
						[heap],
						null,
						undefined,
						"Node: heap held by the workspace's loaded documents, after a full GC"
					)
				])
	];
}

/** ms to apply every document's update into new docs (the core first, as a device does). */
function timeLoads(updates: Map<string, Uint8Array>, runs: number): number[] {
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		const docs = docsFromUpdates(updates);
		samples.push(performance.now() - t);
		docs.destroy();
	}
	return samples;
}

/** Heap the loaded document keeps alive; null without --expose-gc (bench/run.ts passes it). */
function heapOf(updates: Map<string, Uint8Array>): number | null {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return null;
	gc();
	const before = process.memoryUsage().heapUsed;
	const docs = docsFromUpdates(updates);
	gc();
	const after = process.memoryUsage().heapUsed;
	docs.destroy();
	return (after - before) / 1024 / 1024;
}
