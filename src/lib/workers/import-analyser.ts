/**
 * The page's handle on the heavy import work: in the import worker when the browser has
 * workers, or in this thread (tests, old browsers) with the same ImportSession and answers.
 */
import type { CustomFieldDef } from '$lib/domain/records';
import type { FromWorker, ToWorker } from './import-protocol';
import {
	ImportSession,
	type ConvertRequest,
	type ConvertResult,
	type LoadResult,
	type OnProgress
} from './import-session';

export interface ImportAnalyser {
	load(
		file: Blob,
		fileName: string,
		customDefs: CustomFieldDef[],
		onProgress?: OnProgress
	): Promise<LoadResult>;
	convert(request: ConvertRequest, onProgress?: OnProgress): Promise<ConvertResult>;
	dispose(): void;
}

export class InlineAnalyser implements ImportAnalyser {
	private readonly session = new ImportSession();

	async load(file: Blob, fileName: string, customDefs: CustomFieldDef[], onProgress?: OnProgress) {
		const bytes = new Uint8Array(await file.arrayBuffer());
		return this.session.load(bytes, fileName, customDefs, onProgress);
	}

	async convert(request: ConvertRequest, onProgress?: OnProgress) {
		return this.session.convert(request, onProgress);
	}

	dispose(): void {}
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Pending {
	resolve(msg: FromWorker): void;
	reject(err: Error): void;
	onProgress?: OnProgress;
	/** Rejects the request when the worker has been silent for STALL_LIMIT_MS. */
	watchdog: ReturnType<typeof setTimeout>;
}

/** The worker reports progress many times a second; this long without a word, it is stuck. */
export const STALL_LIMIT_MS = 30_000;
const STALLED =
	'The import worker stopped answering. Nothing was stored; choose the file again, or reload the page if it happens again.';

export class WorkerAnalyser implements ImportAnalyser {
	private readonly worker: Worker;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private failure: Error | null = null;

	constructor() {
		this.worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
		this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
			const msg = e.data;
			const p = this.pending.get(msg.id);
			if (!p) return;
			clearTimeout(p.watchdog);
			if (msg.type === 'progress') {
				p.watchdog = this.watch(msg.id);
				p.onProgress?.(msg.phase, msg.done, msg.total);
				return;
			}
			this.pending.delete(msg.id);
			if (msg.type === 'failed') p.reject(new Error(msg.message));
			else p.resolve(msg);
		};
		this.worker.onerror = (e) => {
			this.fail(new Error(`The import worker stopped: ${e.message || 'unknown error'}`));
		};
	}

	private watch(id: number): ReturnType<typeof setTimeout> {
		return setTimeout(() => {
			if (!this.pending.has(id)) return;
			this.worker.terminate(); // stuck: its session is gone with it
			this.fail(new Error(STALLED));
		}, STALL_LIMIT_MS);
	}

	/** Rejects every request, now and later. */
	private fail(err: Error): void {
		this.failure = err;
		for (const p of this.pending.values()) {
			clearTimeout(p.watchdog);
			p.reject(err);
		}
		this.pending.clear();
	}

	private send(
		msg: DistributiveOmit<ToWorker, 'id'>,
		onProgress?: OnProgress
	): Promise<FromWorker> {
		if (this.failure) return Promise.reject(this.failure);
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject, onProgress, watchdog: this.watch(id) });
			this.worker.postMessage({ ...msg, id } as ToWorker);
		});
	}

	async load(file: Blob, fileName: string, customDefs: CustomFieldDef[], onProgress?: OnProgress) {
		const reply = await this.send({ type: 'load', file, fileName, customDefs }, onProgress);
		if (reply.type !== 'loaded') throw new Error('The import worker gave an unexpected answer.');
		return reply.result;
	}

	async convert(request: ConvertRequest, onProgress?: OnProgress) {
		const reply = await this.send({ type: 'convert', request }, onProgress);
		if (reply.type !== 'converted') throw new Error('The import worker gave an unexpected answer.');
		return reply.result;
	}

	dispose(): void {
		this.worker.terminate();
		this.fail(new Error('The import was closed.'));
	}
}

/** The worker where there is one; this thread otherwise. */
export function createAnalyser(): ImportAnalyser {
	if (typeof Worker === 'undefined') return new InlineAnalyser();
	try {
		return new WorkerAnalyser();
	} catch {
		return new InlineAnalyser();
	}
}
