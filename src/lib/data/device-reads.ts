/**
 * How DeviceDocs reads stored rows: in a worker on the page (workers/device-read.ts says why),
 * in this thread where there are no workers (tests) or when the worker cannot start or fails —
 * then every read goes on here, slower for a large month but never refused for that.
 */
import {
	readDoc,
	readWorkspaceExcept,
	type DeviceDocsDb,
	type OnStarted,
	type StoredUpdate
} from './device-docs-db';
import { opensLater } from './shards';
import type { DeviceReadAnswer, DeviceReadRequest } from '$lib/workers/device-read';

export interface WorkspaceRead {
	rows: StoredUpdate[];
	/** The documents that open later, left unread. */
	left: string[];
}

export interface DeviceReads {
	/** Every document's rows but those of documents that open later at `now`. */
	workspace(ws: string, now: number, started: OnStarted): Promise<WorkspaceRead>;
	doc(ws: string, doc: string, started: OnStarted): Promise<StoredUpdate[]>;
	close(): void;
}

/** Reads in this thread. */
export function readsHere(db: DeviceDocsDb): DeviceReads {
	return {
		workspace: (ws, now, started) =>
			readWorkspaceExcept(db, ws, (doc) => opensLater(doc, now), started),
		doc: (ws, doc, started) => readDoc(db, ws, doc, started),
		close: () => {}
	};
}

/** How long a new worker may take to load before reads go on in this thread. */
const WORKER_READY_MS = 3_000;

type Request = DeviceReadRequest extends infer R
	? R extends unknown
		? Omit<R, 'id'>
		: never
	: never;

interface Waiting {
	started: OnStarted;
	answer(answer: DeviceReadAnswer): void;
	/** The same read in this thread. */
	here(): void;
}

class WorkerReads implements DeviceReads {
	private worker: Worker | null = null;
	/** Requests made before the worker said it is loaded: sent then (a message it receives
	 * before its handler is set is lost, and the read would wait for its bound). */
	private unsent: DeviceReadRequest[] | null = [];
	private failed = false;
	private nextId = 1;
	private readonly waiting = new Map<number, Waiting>();

	constructor(
		private readonly inThread: DeviceReads,
		private readonly readyMs: number
	) {}

	workspace(ws: string, now: number, started: OnStarted): Promise<WorkspaceRead> {
		return this.ask({ read: 'workspace', ws, now }, started, () =>
			this.inThread.workspace(ws, now, started)
		);
	}

	async doc(ws: string, doc: string, started: OnStarted): Promise<StoredUpdate[]> {
		const { rows } = await this.ask({ read: 'doc', ws, doc }, started, async () => ({
			rows: await this.inThread.doc(ws, doc, started),
			left: []
		}));
		return rows;
	}

	close(): void {
		this.fail();
	}

	private ask(
		request: Request,
		started: OnStarted,
		here: () => Promise<WorkspaceRead>
	): Promise<WorkspaceRead> {
		if (this.failed) return here();
		if (!this.worker) {
			try {
				this.worker = this.start();
			} catch {
				this.failed = true; // no workers here (a policy, a browser without module workers)
				return here();
			}
		}
		const worker = this.worker;
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.waiting.set(id, {
				started,
				answer: (a) => {
					if ('error' in a) reject(new Error(a.error));
					else if ('rows' in a) resolve({ rows: a.rows, left: a.left });
				},
				here: () => void here().then(resolve, reject)
			});
			const message = { ...request, id } as DeviceReadRequest;
			if (this.unsent) this.unsent.push(message);
			else worker.postMessage(message);
		});
	}

	private start(): Worker {
		const worker = new Worker(new URL('../workers/device-read.worker.ts', import.meta.url), {
			type: 'module'
		});
		// A worker that does not load (its script missing offline, say) or fails: this thread reads.
		const loading = setTimeout(() => this.fail(), this.readyMs);
		worker.onmessage = (event: MessageEvent<DeviceReadAnswer | { ready: true }>) => {
			const a = event.data;
			if ('ready' in a) {
				clearTimeout(loading);
				for (const message of this.unsent ?? []) worker.postMessage(message);
				this.unsent = null;
				return;
			}
			const waiting = this.waiting.get(a.id);
			if (!waiting) return;
			if ('started' in a) return waiting.started();
			this.waiting.delete(a.id);
			waiting.answer(a);
		};
		worker.onerror = (event) => {
			event.preventDefault();
			clearTimeout(loading);
			this.fail();
		};
		return worker;
	}

	/** From now on every read is done here, those waiting too (a read only reads: again is safe). */
	private fail(): void {
		this.failed = true;
		this.unsent = null;
		this.worker?.terminate();
		this.worker = null;
		const waiting = [...this.waiting.values()];
		this.waiting.clear();
		for (const w of waiting) w.here();
	}
}

/** Reads in a worker where the page has workers, else here. */
export function deviceReads(db: DeviceDocsDb, readyMs = WORKER_READY_MS): DeviceReads {
	const here = readsHere(db);
	return typeof Worker === 'undefined' ? here : new WorkerReads(here, readyMs);
}
