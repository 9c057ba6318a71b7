/**
 * What a workspace costs at rest and to load, in Node: encoded size (Y.encodeStateAsUpdate)
 * against the plain JSON export (budget, README "Performance": ≤ 1.5×), and Y.applyUpdate time into a new doc.
 */
import * as Y from 'yjs';
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
	const { doc, interactionsDoc, json } = generateWorkspace({ ...SIZES[size], seed: 42 });
	const generateMs = performance.now() - started;
	const { interactions, ...records } = json;
	const docBytes = Y.encodeStateAsUpdate(doc);
	const logBytes = Y.encodeStateAsUpdate(interactionsDoc);
	doc.destroy();
	interactionsDoc.destroy();
	const recordsJson = Buffer.byteLength(JSON.stringify(records));
	const logJson = Buffer.byteLength(JSON.stringify(interactions));
	const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
	const label = `${SIZES[size].people.toLocaleString('en-US')} people / ${SIZES[size].organizations.toLocaleString('en-US')} organizations / ${SIZES[size].interactions.toLocaleString('en-US')} interactions`;

	const docLoad = timeLoads(docBytes, loads);
	const logLoad = timeLoads(logBytes, loads);
	const heap = heapOf(docBytes);
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
			`the workspace document (people, organizations, members, custom fields, history): ${mb(docBytes.length)} against ${mb(recordsJson)} of JSON`
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
			`Node: Y.applyUpdate of the workspace document (${mb(docBytes.length)}) into a new Y.Doc`
		),
		summarize(
			`storage.${size}.load.interactions`,
			'ms',
			'lower',
			logLoad,
			null,
			undefined,
			`Node: Y.applyUpdate of the interaction log (${mb(logBytes.length)}), loaded lazily by the app`
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
						'Node: heap held by the loaded workspace document, after a full GC'
					)
				])
	];
}

function timeLoads(update: Uint8Array, runs: number): number[] {
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const doc = new Y.Doc();
		const t = performance.now();
		Y.applyUpdate(doc, update);
		samples.push(performance.now() - t);
		doc.destroy();
	}
	return samples;
}

/** Heap the loaded document keeps alive; null without --expose-gc (bench/run.ts passes it). */
function heapOf(update: Uint8Array): number | null {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return null;
	gc();
	const before = process.memoryUsage().heapUsed;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	gc();
	const after = process.memoryUsage().heapUsed;
	doc.destroy();
	return (after - before) / 1024 / 1024;
}
