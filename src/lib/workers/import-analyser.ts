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
}

export class WorkerAnalyser implements ImportAnalyser {
	private readonly worker: Worker;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;

	constructor() {
		this.worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
		this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
			const msg = e.data;
			const p = this.pending.get(msg.id);
			if (!p) return;
			if (msg.type === 'progress') {
				p.onProgress?.(msg.phase, msg.done, msg.total);
				return;
			}
			this.pending.delete(msg.id);
			if (msg.type === 'failed') p.reject(new Error(msg.message));
			else p.resolve(msg);
		};
		this.worker.onerror = (e) => {
			const err = new Error(`The import worker stopped: ${e.message || 'unknown error'}`);
			for (const p of this.pending.values()) p.reject(err);
			this.pending.clear();
		};
	}

	private send(
		msg: DistributiveOmit<ToWorker, 'id'>,
		onProgress?: OnProgress
	): Promise<FromWorker> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject, onProgress });
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
		for (const p of this.pending.values()) p.reject(new Error('The import was closed.'));
		this.pending.clear();
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
