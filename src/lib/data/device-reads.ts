/**
 * How DeviceDocs reads stored rows: in a worker on the page (workers/device-read.ts says why),
 * in this thread where there are no workers (tests) or when the worker cannot start or fails —
 * then every read goes on here, slower for a large month but never refused for that.
 */
import { readDoc, readWorkspaceExcept, type DeviceDocsDb, type OnStarted } from './device-docs-db';
import { within } from './bounded';
import { opensLater } from './shards';
import type { DeviceRead, DeviceReadAnswer, StoredRead } from '$lib/workers/device-read';

export type { SlicedDoc, StoredRead } from '$lib/workers/device-read';

export interface WorkspaceRead extends StoredRead {
	/** The documents that open later, left unread. */
	left: string[];
}

/** Reads of stored rows; large documents may come back merged in slices (a worker's reads). */
export interface DeviceReads {
	/** Every document's rows but those of documents that open later at `now`. */
	workspace(ws: string, now: number, started: OnStarted): Promise<WorkspaceRead>;
	doc(ws: string, doc: string, started: OnStarted): Promise<StoredRead>;
	close(): void;
}

/** Reads in this thread, rows as stored (slicing a document costs as much as applying it). */
export function readsHere(db: DeviceDocsDb): DeviceReads {
	return {
		workspace: async (ws, now, started) => ({
			...(await readWorkspaceExcept(db, ws, (doc) => opensLater(doc, now), started)),
			sliced: []
		}),
		doc: async (ws, doc, started) => ({ rows: await readDoc(db, ws, doc, started), sliced: [] }),
		close: () => {}
	};
}

interface Waiting {
	started: OnStarted;
	answer(answer: DeviceReadAnswer): void;
	/** The same read in this thread. */
	here(): void;
}

/**
 * Starts the worker at once; a read waits for it to load for READY_WAIT_MS at most, then is done
 * here (the first open's read, on a busy page, may come before; measured, waiting for the worker
 * without a bound cost the first visit seconds, and reading here without waiting held a first
 * visit's page 45–77 ms in one task at 10k–100k people). A message sent before its handler is
 * set would be lost, so none is.
 */
class WorkerReads implements DeviceReads {
	private worker: Worker | null = null;
	private ready = false;
	private failed = false;
	/** Settles once the worker said it loaded, or failed. */
	private readonly loaded: Promise<void>;
	private settleLoaded: () => void = () => {};
	/** A read waited READY_WAIT_MS and the worker had not loaded. */
	private waitedInVain = false;
	private nextId = 1;
	private readonly waiting = new Map<number, Waiting>();

	constructor(private readonly inThread: DeviceReads) {
		this.loaded = new Promise((resolve) => (this.settleLoaded = resolve));
		try {
			this.worker = this.start();
		} catch {
			this.failed = true; // no module workers here (a policy, an old browser)
		}
	}

	workspace(ws: string, now: number, started: OnStarted): Promise<WorkspaceRead> {
		return this.ask({ read: 'workspace', ws, now }, started, () =>
			this.inThread.workspace(ws, now, started)
		);
	}

	async doc(ws: string, doc: string, started: OnStarted): Promise<StoredRead> {
		const { rows, sliced } = await this.ask({ read: 'doc', ws, doc }, started, async () => ({
			...(await this.inThread.doc(ws, doc, started)),
			left: []
		}));
		return { rows, sliced };
	}

	close(): void {
		this.fail();
	}

	private async ask(
		request: DeviceRead,
		started: OnStarted,
		here: () => Promise<WorkspaceRead>
	): Promise<WorkspaceRead> {
		if (!this.ready && !this.failed && !this.waitedInVain) {
			await within(this.loaded, READY_WAIT_MS, undefined);
			this.waitedInVain = !this.ready; // later reads do not wait again
		}
		const worker = this.worker;
		if (this.failed || !this.ready || !worker) return here();
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.waiting.set(id, {
				started,
				answer: (a) => {
					if ('error' in a) reject(new Error(a.error));
					else if ('rows' in a) resolve({ rows: a.rows, sliced: a.sliced, left: a.left });
				},
				here: () => void here().then(resolve, reject)
			});
			worker.postMessage({ ...request, id });
		});
	}

	private start(): Worker {
		const worker = new Worker(new URL('../workers/device-read.worker.ts', import.meta.url), {
			type: 'module'
		});
		worker.onmessage = (event: MessageEvent<DeviceReadAnswer | { ready: true }>) => {
			const a = event.data;
			if ('ready' in a) {
				performance.mark('crm:device-read-worker-ready');
				this.ready = true;
				this.settleLoaded();
				return;
			}
			const waiting = this.waiting.get(a.id);
			if (!waiting) return;
			if ('started' in a) return waiting.started();
			this.waiting.delete(a.id);
			waiting.answer(a);
		};
		// A worker that does not load (its script missing offline, say) or fails: this thread reads.
		worker.onerror = (event) => {
			event.preventDefault();
			this.fail();
		};
		return worker;
	}

	/** From now on every read is done here, those waiting too (a read only reads: again is safe). */
	private fail(): void {
		this.failed = true;
		this.settleLoaded();
		this.worker?.terminate();
		this.worker = null;
		const waiting = [...this.waiting.values()];
		this.waiting.clear();
		for (const w of waiting) w.here();
	}
}

/** How long a read waits for the worker to load before it is done on the page instead. */
const READY_WAIT_MS = 250;

/** Reads in a worker where the page has workers, else here. */
export function deviceReads(db: DeviceDocsDb): DeviceReads {
	const here = readsHere(db);
	return typeof Worker === 'undefined' ? here : new WorkerReads(here);
}
