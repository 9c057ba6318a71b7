/**
 * Writes a planned order import as the people import is written (import-run.ts): an import
 * batch first, then chunks of orders, one transaction per touched document and chunk (IMPORT
 * origin: undo and the history log leave it alone), the page given a turn between chunks. The
 * people and products an order needs are made in its chunk, just before it. Every record made
 * carries the batch's id and every order updated leaves its previous values in the batch, so
 * revertImport undoes it all in one step.
 */
import { order, person, product } from '$lib/domain/record-types';
import {
	batchMap,
	CREATED_PREFIX,
	previousMap,
	startBatch,
	type PreviousValues
} from './import-batch';
import {
	DEFAULT_CHUNK,
	importWriters,
	nextChunkSize,
	yieldToPage,
	type RunOptions,
	type RunResult
} from './import-run';
import { collectionOf, readField } from './layout';
import type { OrderImportPlan, PlannedOrder } from './order-import-plan';
import { IMPORT } from './origins';
import type { Workspace } from './workspace.svelte';

export interface OrderRunOptions extends RunOptions {
	/** After each chunk, with the orders it wrote and the batch's id (service reminders). */
	afterChunk?(orders: readonly PlannedOrder[], importId: string): void;
}

/** One write of the import: a record made or an order written, in document `doc`. */
interface Step {
	doc: string;
	run(): void;
	order?: PlannedOrder;
}

/** The fields an update replaces; an order's date stays, since its month places it. */
const UPDATED = ['status', 'personId', 'currency', 'lines', 'total'] as const;

export async function runOrderImport(
	ws: Workspace,
	plan: OrderImportPlan,
	opts: OrderRunOptions
): Promise<RunResult> {
	let chunkSize = Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK);
	const pause = opts.pause ?? yieldToPage;
	const importId = startBatch(ws, {
		fileName: opts.fileName,
		entity: order.name,
		mode: plan.choices.existing,
		total: plan.orders.length,
		skipped: plan.skipped
	});
	const batch = batchMap(ws.docs.core, importId)!;
	const previous = previousMap(ws.docs.core, importId)!;
	const writers = importWriters(ws);
	const orders = collectionOf(ws.layout, order);
	const people = collectionOf(ws.layout, person);
	const products = collectionOf(ws.layout, product);
	const result: RunResult = {
		importId,
		created: 0,
		createdOrganizations: 0,
		updated: 0,
		cancelled: false
	};
	let createdPeople = 0;
	let createdProducts = 0;
	const startedAt = Date.now();

	const writeOrder = (p: PlannedOrder) => {
		if (p.action === 'create') {
			writers.orders.insert(p.id, { ...p.fields, importId } as never);
			result.created++;
			return;
		}
		const map = orders.get(p.id);
		if (!map) return;
		const patch: Record<string, unknown> = {};
		const before: PreviousValues = previous.get(p.id) ?? { collection: 'orders', fields: {} };
		const was = { ...before.fields };
		for (const key of UPDATED) {
			const now = readField(map, key);
			if (JSON.stringify(now) === JSON.stringify(p.fields[key])) continue;
			patch[key] = p.fields[key];
			if (!(key in was)) was[key] = now ?? null;
		}
		if (Object.keys(patch).length === 0) return;
		previous.set(p.id, { ...before, fields: was });
		writers.orders.update(p.id, patch as never);
		result.updated++;
	};

	// The new people and products first, then the orders month by month, each group in the
	// order of its documents: a chunk then touches a few documents instead of a dozen months
	// and most of the 256 people shards, and each touched document costs a transaction, a
	// stored update and a message to the relay (the 100k-line bench: see README).
	const writes: Step[] = [];
	const makers: Step[] = [];
	for (const p of plan.orders) {
		const customer = p.newPerson;
		if (customer)
			makers.push({
				doc: people.docNameOf(customer.id),
				run: () => {
					writers.people.insert(customer.id, { ...customer.fields, importId } as never);
					createdPeople++;
				}
			});
		for (const np of p.newProducts ?? [])
			makers.push({
				doc: products.docNameOf(np.id),
				run: () => {
					writers.products.insert(np.id, { ...np.fields, importId } as never);
					createdProducts++;
				}
			});
		writes.push({ doc: orders.docNameOf(p.id), run: () => writeOrder(p), order: p });
	}
	const byDoc = (x: Step, y: Step) => (x.doc < y.doc ? -1 : x.doc > y.doc ? 1 : 0);
	const steps = [...makers.sort(byDoc), ...writes.sort(byDoc)];

	let done = 0;
	try {
		while (done < steps.length) {
			const chunk = steps.slice(done, done + chunkSize);
			const chunkStart = performance.now();
			ws.docs.transact(
				chunk.map((step) => step.doc),
				() => {
					for (const step of chunk) step.run();
					batch.set('created', result.created);
					batch.set('updated', result.updated);
					batch.set(CREATED_PREFIX + person.collection, createdPeople);
					batch.set(CREATED_PREFIX + product.collection, createdProducts);
				},
				IMPORT
			);
			const written = chunk.flatMap((step) => (step.order ? [step.order] : []));
			if (written.length > 0) opts.afterChunk?.(written, importId);
			done += chunk.length;
			if (opts.chunkSize === undefined) {
				chunkSize = nextChunkSize(chunkSize, performance.now() - chunkStart);
			}
			opts.onProgress?.({ done, total: steps.length, startedAt });
			if (done < steps.length) {
				await pause();
				if (opts.cancelled?.()) {
					result.cancelled = true;
					break;
				}
			}
		}
	} finally {
		result.createdOther = {
			[person.collection]: createdPeople,
			[product.collection]: createdProducts
		};
		ws.docs.core.transact(() => {
			batch.set('status', result.cancelled || done < steps.length ? 'cancelled' : 'done');
			batch.set('finishedAt', Date.now());
		}, IMPORT);
	}
	return result;
}
