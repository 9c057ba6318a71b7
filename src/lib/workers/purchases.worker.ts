/**
 * The purchases worker: every customer's buying pattern and effort, from every month of orders
 * and interactions on the device (purchases-engine.ts), off the page's thread. It answers each
 * request with the customers that changed, in slices, then 'done'.
 */
import { DeviceDocsDb } from '$lib/data/device-docs-db';
import { PurchasesEngine } from './purchases-engine';
import { SLICE, type FromPurchasesWorker, type ToPurchasesWorker } from './purchases-protocol';

const scope = self as unknown as {
	postMessage(message: FromPurchasesWorker): void;
	onmessage: ((e: MessageEvent<ToPurchasesWorker>) => void) | null;
};

const db = new DeviceDocsDb();
const engines = new Map<string, PurchasesEngine>();
/** One computation at a time, in the order asked. */
let queue: Promise<void> = Promise.resolve();

async function compute(msg: ToPurchasesWorker): Promise<void> {
	const started = performance.now();
	let engine = engines.get(msg.ws);
	if (!engine) engines.set(msg.ws, (engine = new PurchasesEngine(db, msg.ws)));
	const result = await engine.compute(msg.currency, msg.rates, msg.now);
	const ids = [...result.changed];
	for (let i = 0; i < ids.length; i += SLICE) {
		const slice = ids.slice(i, i + SLICE);
		scope.postMessage({
			type: 'changed',
			id: msg.id,
			profiles: slice.map((c) => [c, result.profiles.get(c) ?? null]),
			effort: slice.map((c) => [c, result.effort.get(c) ?? null])
		});
	}
	scope.postMessage({
		type: 'done',
		id: msg.id,
		computedAt: msg.now,
		ms: performance.now() - started,
		readDocs: result.readDocs,
		changed: ids.length,
		full: result.full
	});
}

scope.onmessage = (e) => {
	const msg = e.data;
	queue = queue.then(() =>
		compute(msg).catch((err: unknown) => {
			// Its cache may be half updated: the next request starts over and sends everyone.
			engines.delete(msg.ws);
			scope.postMessage({
				type: 'failed',
				id: msg.id,
				message: err instanceof Error ? err.message : String(err)
			});
		})
	);
};
