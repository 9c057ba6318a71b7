import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerRequests } from './worker-requests';

interface Ask {
	id: number;
	n: number;
}
type Reply = { id: number; type: 'part' | 'last'; value: number };

/** A worker as the page sees one: what it was sent, and a way to answer or crash. */
class FakeWorker {
	sent: Ask[] = [];
	terminated = false;
	onmessage: ((e: MessageEvent<Reply>) => void) | null = null;
	onerror: ((e: ErrorEvent) => void) | null = null;
	postMessage(msg: Ask): void {
		this.sent.push(msg);
	}
	terminate(): void {
		this.terminated = true;
	}
	reply(msg: Reply): void {
		this.onmessage?.({ data: msg } as MessageEvent<Reply>);
	}
	crash(message: string): void {
		this.onerror?.({ message } as ErrorEvent);
	}
}

function setup(start: () => FakeWorker | null = () => new FakeWorker()) {
	const workers: FakeWorker[] = [];
	const requests = new WorkerRequests<Ask, Reply>({
		start: () => {
			const w = start();
			if (w) workers.push(w);
			return w as unknown as Worker;
		},
		isLast: (msg) => msg.type === 'last',
		limitMs: 1_000
	});
	const heard: string[] = [];
	const handlers = {
		answer: (msg: Reply) => heard.push(`${msg.type} ${msg.value}`),
		fail: (why: string) => heard.push(`fail: ${why}`)
	};
	return { requests, workers, heard, handlers };
}

describe('WorkerRequests', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('sends a request with its id, hears its parts and its last answer, then is free', () => {
		const { requests, workers, heard, handlers } = setup();
		expect(requests.send((id) => ({ id, n: 7 }), handlers)).toBe(true);
		const [w] = workers;
		expect(w.sent).toEqual([{ id: 1, n: 7 }]);
		expect(requests.busy).toBe(true);
		w.reply({ id: 1, type: 'part', value: 1 });
		expect(requests.busy).toBe(true);
		w.reply({ id: 1, type: 'last', value: 2 });
		expect(heard).toEqual(['part 1', 'last 2']);
		expect(requests.busy).toBe(false);
		// The same worker takes the next request; a late answer of the first is dropped.
		requests.send((id) => ({ id, n: 8 }), handlers);
		w.reply({ id: 1, type: 'last', value: 3 });
		expect(workers).toHaveLength(1);
		expect(w.sent[1]).toEqual({ id: 2, n: 8 });
		expect(heard).toEqual(['part 1', 'last 2']);
	});

	it('lets the last answer send the next request', () => {
		const { requests, workers, heard } = setup();
		const next = {
			answer: () => heard.push('second done'),
			fail: () => heard.push('second failed')
		};
		requests.send((id) => ({ id, n: 1 }), {
			answer: () => requests.send((id) => ({ id, n: 2 }), next),
			fail: () => heard.push('first failed')
		});
		workers[0].reply({ id: 1, type: 'last', value: 0 });
		expect(workers[0].sent.map((m) => m.n)).toEqual([1, 2]);
		workers[0].reply({ id: 2, type: 'last', value: 0 });
		expect(heard).toEqual(['second done']);
	});

	it('refuses a second request while one runs', () => {
		const { requests, handlers } = setup();
		requests.send((id) => ({ id, n: 1 }), handlers);
		expect(() => requests.send((id) => ({ id, n: 2 }), handlers)).toThrow(/still running/);
	});

	it('ends a worker that gives no last answer in time; the next request starts a new one', () => {
		const { requests, workers, heard, handlers } = setup();
		requests.send((id) => ({ id, n: 1 }), handlers);
		workers[0].reply({ id: 1, type: 'part', value: 1 });
		vi.advanceTimersByTime(999);
		expect(heard).toEqual(['part 1']);
		vi.advanceTimersByTime(1);
		expect(heard).toEqual(['part 1', 'fail: stopped answering']);
		expect(workers[0].terminated).toBe(true);
		expect(requests.busy).toBe(false);
		// What the stuck worker still says is not heard.
		workers[0].reply({ id: 1, type: 'last', value: 9 });
		requests.send((id) => ({ id, n: 2 }), handlers);
		expect(workers).toHaveLength(2);
		expect(workers[1].sent).toEqual([{ id: 2, n: 2 }]);
		expect(heard).toHaveLength(2);
	});

	it('does not time out a request that was answered', () => {
		const { requests, workers, heard, handlers } = setup();
		requests.send((id) => ({ id, n: 1 }), handlers);
		workers[0].reply({ id: 1, type: 'last', value: 1 });
		vi.advanceTimersByTime(5_000);
		expect(heard).toEqual(['last 1']);
		expect(workers[0].terminated).toBe(false);
	});

	it('tells the running request of a crash, and starts a new worker after it', () => {
		const { requests, workers, heard, handlers } = setup();
		requests.send((id) => ({ id, n: 1 }), handlers);
		workers[0].crash('out of memory');
		expect(heard).toEqual(['fail: stopped: out of memory']);
		workers[0].crash('');
		expect(heard).toHaveLength(1);
		requests.send((id) => ({ id, n: 2 }), handlers);
		workers[1].crash('');
		expect(heard.at(-1)).toBe('fail: stopped: unknown error');
		vi.advanceTimersByTime(5_000);
		expect(heard).toHaveLength(2);
	});

	it('sends nothing where no worker can run', () => {
		const { requests, heard, handlers } = setup(() => null);
		expect(requests.send((id) => ({ id, n: 1 }), handlers)).toBe(false);
		expect(requests.busy).toBe(false);
		vi.advanceTimersByTime(5_000);
		expect(heard).toEqual([]);
	});

	it('reset ends the worker silently: the running request hears nothing more', () => {
		const { requests, workers, heard, handlers } = setup();
		requests.send((id) => ({ id, n: 1 }), handlers);
		requests.reset();
		expect(workers[0].terminated).toBe(true);
		workers[0].reply({ id: 1, type: 'last', value: 1 });
		vi.advanceTimersByTime(5_000);
		expect(heard).toEqual([]);
		expect(requests.busy).toBe(false);
	});

	it("numbers its workers: `make` reads the receiving worker's generation", () => {
		const { requests, workers, handlers } = setup();
		const seen: number[] = [];
		const ask = (id: number) => (seen.push(requests.generation), { id, n: 0 });
		requests.send(ask, handlers);
		workers[0].reply({ id: 1, type: 'last', value: 0 });
		requests.send(ask, handlers); // the same worker
		workers[0].crash('gone');
		requests.send(ask, handlers); // a new one after the crash
		workers[1].reply({ id: 3, type: 'last', value: 0 });
		requests.reset();
		requests.send(ask, handlers); // a new one after a reset
		expect(seen).toEqual([1, 1, 2, 3]);
		expect(workers).toHaveLength(3);
	});
});
