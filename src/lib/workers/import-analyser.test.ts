import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STALL_LIMIT_MS, WorkerAnalyser } from './import-analyser';

/** A worker that takes messages and says only what the test makes it say. */
class SilentWorker {
	static last: SilentWorker | null = null;
	onmessage: ((e: MessageEvent) => void) | null = null;
	onerror: ((e: ErrorEvent) => void) | null = null;
	sent: { id: number }[] = [];
	terminated = false;
	constructor() {
		SilentWorker.last = this;
	}
	postMessage(msg: { id: number }) {
		this.sent.push(msg);
	}
	terminate() {
		this.terminated = true;
	}
	say(data: unknown) {
		this.onmessage?.({ data } as MessageEvent);
	}
}

describe('the import worker handle', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.stubGlobal('Worker', SilentWorker);
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('gives up on a worker that stops answering, with what to do, and stops it', async () => {
		const analyser = new WorkerAnalyser();
		const load = analyser.load(new Blob(['a,b\n']), 'a.csv', []);
		const outcome = load.catch((err: Error) => err);
		await vi.advanceTimersByTimeAsync(STALL_LIMIT_MS);
		expect(String(await outcome)).toMatch(/stopped answering.*choose the file again/);
		expect(SilentWorker.last!.terminated).toBe(true);
		// later requests fail at once instead of waiting on the stopped worker
		await expect(analyser.convert({} as never)).rejects.toThrow(/stopped answering/);
	});

	it('keeps waiting while the worker reports progress', async () => {
		const analyser = new WorkerAnalyser();
		const load = analyser.load(new Blob(['a,b\n']), 'a.csv', []);
		const worker = SilentWorker.last!;
		const id = worker.sent[0].id;
		for (let i = 0; i < 3; i++) {
			await vi.advanceTimersByTimeAsync(STALL_LIMIT_MS - 1_000);
			worker.say({ type: 'progress', id, phase: 'parse', done: i, total: 3 });
		}
		const result = { rows: 1 };
		worker.say({ type: 'loaded', id, result });
		expect(await load).toBe(result);
		expect(worker.terminated).toBe(false);
	});
});
