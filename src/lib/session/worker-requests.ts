/**
 * One worker, one bounded request at a time: what the page's long computations over the
 * device's copy (the customer reports, the buying patterns) share.
 *
 * The worker is made with the first request. A request that has not had its last answer within
 * its limit ends the worker — a stuck worker is not asked again — and so does a crash; the next
 * request starts a new one. Answers of an earlier request (ended, or from a worker since replaced)
 * are dropped by their id.
 */

export interface WorkerMessage {
	id: number;
}

export interface RequestHandlers<Out> {
	/** A message of the request: progress, a part of the answer, or the last one. */
	answer(msg: Out): void;
	/** The worker crashed ("stopped: …") or gave no last answer in time ("stopped answering"). */
	fail(why: string): void;
}

export interface WorkerRequestsOptions<Out> {
	/** Makes the worker; null where this browser cannot run one. */
	start: () => Worker | null;
	/** Whether a message ends its request (not a progress report or a part of the answer). */
	isLast: (msg: Out) => boolean;
	/** How long one request may take to its last answer. */
	limitMs: number;
}

export class WorkerRequests<In extends WorkerMessage, Out extends WorkerMessage> {
	#worker: Worker | null = null;
	#lastId = 0;
	#running: {
		id: number;
		limit: ReturnType<typeof setTimeout>;
		handlers: RequestHandlers<Out>;
	} | null = null;

	constructor(private readonly options: WorkerRequestsOptions<Out>) {}

	#generation = 0;

	/** Which worker requests go to: a new number each time one is started (what an earlier
	 * one was sent, this one has not). Read in `make`, it is the receiving worker's. */
	get generation(): number {
		return this.#generation;
	}

	/** A request is waiting for its last answer (send no other until then). */
	get busy(): boolean {
		return this.#running !== null;
	}

	/**
	 * Sends the request `make` builds with its id; false, with nothing sent, where no worker can
	 * run. The handlers hear of this request only, and `answer` gets its last message after the
	 * request has ended (so it may send the next).
	 */
	send(make: (id: number) => In, handlers: RequestHandlers<Out>): boolean {
		if (this.#running) throw new Error('A worker request is still running.');
		const worker = this.#start();
		if (!worker) return false;
		const id = ++this.#lastId;
		const limit = setTimeout(() => this.#fail('stopped answering'), this.options.limitMs);
		this.#running = { id, limit, handlers };
		worker.postMessage(make(id));
		return true;
	}

	/** Ends the worker without a word to the running request's handlers (the next request
	 * starts a new worker: what a worker kept between requests is gone with it). */
	reset(): void {
		if (this.#running) clearTimeout(this.#running.limit);
		this.#running = null;
		this.#worker?.terminate();
		this.#worker = null;
	}

	#start(): Worker | null {
		if (this.#worker) return this.#worker;
		const worker = this.options.start();
		if (!worker) return null;
		this.#generation++;
		worker.onmessage = (e: MessageEvent<Out>) => this.#receive(e.data);
		worker.onerror = (e) => this.#fail(`stopped: ${e.message || 'unknown error'}`);
		return (this.#worker = worker);
	}

	#receive(msg: Out): void {
		const running = this.#running;
		if (!running || msg.id !== running.id) return;
		if (this.options.isLast(msg)) {
			clearTimeout(running.limit);
			this.#running = null;
		}
		running.handlers.answer(msg);
	}

	#fail(why: string): void {
		const running = this.#running;
		this.reset();
		running?.handlers.fail(why);
	}
}
