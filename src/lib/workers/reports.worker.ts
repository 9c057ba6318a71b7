/**
 * The reports worker: computes the customer reports that read every month of orders
 * (reports-engine.ts) off the page's thread, one request at a time, in the order asked.
 */
import '$lib/data/yjs-strings'; // before any update is decoded in this worker
import '$lib/data/yjs-handlers'; // before any type is made
import { DeviceDocsDb } from '$lib/data/device-docs-db';
import { packDrills } from '$lib/domain/reports/drill-pack';
import { ReportsEngine } from './reports-engine';
import { ReportFactsDb } from './reports-kept';
import type { WonDeal } from '$lib/domain/reports/customer-events';
import type { FromReportsWorker, ToReportsWorker } from './reports-protocol';

const scope = self as unknown as {
	postMessage(message: FromReportsWorker): void;
	onmessage: ((e: MessageEvent<ToReportsWorker>) => void) | null;
};

/** How often the page hears how far a first read is. */
const PROGRESS_MS = 250;

const db = new DeviceDocsDb();
/** What earlier workers read of each document: a later visit decodes only what changed. */
const kept = new ReportFactsDb();
const engines = new Map<string, ReportsEngine>();
/** Each workspace's won deals as last sent (a request sends them only when they changed). */
const wonDeals = new Map<string, WonDeal[]>();
let queue: Promise<void> = Promise.resolve();

async function compute(msg: ToReportsWorker): Promise<void> {
	const started = performance.now();
	if (msg.wonDeals) wonDeals.set(msg.ws, msg.wonDeals);
	const won = wonDeals.get(msg.ws);
	if (!won) throw new Error('the won deals were not sent');
	let engine = engines.get(msg.ws);
	if (!engine) engines.set(msg.ws, (engine = new ReportsEngine(db, msg.ws, kept)));
	// At most a few progress messages a second: each redraws the waiting card.
	let told = 0;
	const result = await engine.compute({ ...msg, wonDeals: won }, (done, total) => {
		const now = performance.now();
		if (done < total && now - told < PROGRESS_MS) return;
		told = now;
		scope.postMessage({ type: 'progress', id: msg.id, done, total });
	});
	scope.postMessage({
		type: 'done',
		id: msg.id,
		packed: packDrills(result),
		ms: performance.now() - started
	});
}

scope.onmessage = (e) => {
	const msg = e.data;
	queue = queue.then(() =>
		compute(msg).catch((err: unknown) => {
			// Its cache may be half updated: the next request reads everything again.
			engines.delete(msg.ws);
			scope.postMessage({
				type: 'failed',
				id: msg.id,
				message: err instanceof Error ? err.message : String(err)
			});
		})
	);
};
