/**
 * What a workspace costs at rest and to load, in Node: encoded size (Y.encodeStateAsUpdate of
 * every document: the core, the shards, the history partitions, the interactions' monthly
 * partitions) against the plain JSON export (budget, README "Performance": ≤ 1.5×), and
 * Y.applyUpdate time of all of them into new docs: the interaction months apart.
 */
import { docsFromUpdates } from '../src/lib/data/docs-testing';
import { HOT_MONTHS, familyOf } from '../src/lib/data/shards';
import { encodeWorkspace, generateWorkspace, SIZES } from './generate';
import { summarize, type BenchOptions, type BenchResult } from './result';

const RATIO_BUDGET = 1.5;
const INTERACTIONS = 'interactions';

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const plan: (keyof typeof SIZES)[] = quick ? ['10k'] : ['10k', '100k'];
	for (const size of plan) results.push(...measure(size, quick ? 3 : 5));
	return Promise.resolve(results);
}

function measure(size: keyof typeof SIZES, loads: number): BenchResult[] {
	const started = performance.now();
	const generated = generateWorkspace({ ...SIZES[size], seed: 42 });
	const generateMs = performance.now() - started;
	const all = encodeWorkspace(generated);
	generated.docs.destroy();
	// The interactions' monthly partitions apart from the rest (the app opens only recent months).
	const updates = new Map([...all].filter(([name]) => familyOf(name) !== INTERACTIONS));
	const months = new Map([...all].filter(([name]) => familyOf(name) === INTERACTIONS));
	const bytesOf = (m: Map<string, Uint8Array>) =>
		[...m.values()].reduce((sum, u) => sum + u.length, 0);
	const docBytes = { length: bytesOf(updates) };
	const logBytes = { length: bytesOf(months) };
	const recordsJson = Buffer.byteLength(JSON.stringify(generated.json));
	const logJson = generated.interactionJsonBytes;
	const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
	const label = `${SIZES[size].people.toLocaleString('en-US')} people / ${SIZES[size].organizations.toLocaleString('en-US')} organizations / ${SIZES[size].interactions.toLocaleString('en-US')} interactions`;

	const docLoad = timeLoads(updates, loads);
	const logLoad = timeLoads(months, loads);
	const heap = heapOf(updates);
	return [
		summarize(
			`storage.${size}.ratio`,
			'x',
			'lower',
			[(docBytes.length + logBytes.length) / (recordsJson + logJson)],
			RATIO_BUDGET,
			undefined,
			`${label}: every document ${mb(docBytes.length + logBytes.length)} against ${mb(recordsJson + logJson)} of JSON export (generated in ${(generateMs / 1000).toFixed(1)} s)`
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
			`the interactions' ${months.size} monthly partitions: ${mb(logBytes.length)} against ${mb(logJson)} of JSON`
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
			`Node: Y.applyUpdate of every monthly partition of interactions (${months.size} documents, ${mb(logBytes.length)}), of which the app opens the last ${HOT_MONTHS} with the workspace`
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
