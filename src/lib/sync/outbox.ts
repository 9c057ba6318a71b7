/**
 * What one connection sends, batched: messages queued during a task go out together after it
 * (one microtask, however many documents), each document's in the order queued, and a
 * document's local updates queued back to back go out as one merged update. A loop of 2,000
 * small edits, or 600 documents added at once, is one flush rather than thousands of
 * scheduled sends, and stays under the relay's per-connection rate limit.
 *
 * It also keeps the relay's count: every sync message is recorded with its document's counter
 * when its place in that document's stream is fixed (an update run: when it is closed), so the
 * n-th recorded message of a document is the n-th the relay receives for it.
 */
import * as Y from 'yjs';
import { encodeUpdateFrame, SYNC_UPDATE, type DocMessage } from './wire';

/** What the outbox tells about each sync message it sends (a ConfirmationCounter). */
export interface SentRecorder {
	recordSent(syncType: number): void;
}

interface Message {
	message: Uint8Array;
}

interface UpdateRun {
	updates: Uint8Array[];
	recorder: SentRecorder;
	recorded: boolean;
}

type Entry = Message | UpdateRun;

/** Where an outbox's messages go: one frame per message… */
export interface FrameTarget {
	/** The frame that carries `message` of document `doc` on this connection. */
	frame(doc: string, message: Uint8Array): Uint8Array;
	/** Hands one frame to the socket. */
	send(frame: Uint8Array): void;
}

/** …or everything one flush sends, at once and in order (a connection that carries batches). */
export interface BatchTarget {
	sendAll(messages: DocMessage[]): void;
}

export type OutboxTarget = FrameTarget | BatchTarget;

export class Outbox {
	/** Hands one flush's messages, in order, to the target (per frame or as one batch). */
	readonly #sendAll: (messages: DocMessage[]) => void;
	/** Documents with something to send, in the order they first queued it. */
	#queues = new Map<string, Entry[]>();
	/** Sync messages recorded per document on this connection. */
	#sent = new Map<string, number>();
	#scheduled = false;
	#closed = false;

	constructor(target: OutboxTarget) {
		this.#sendAll =
			'sendAll' in target
				? (messages) => target.sendAll(messages)
				: (messages) => {
						for (const { doc, message } of messages) target.send(target.frame(doc, message));
					};
	}

	/** Sync messages of `doc` recorded on this connection so far (what the relay will count). */
	sentFor(doc: string): number {
		this.seal(doc);
		return this.#sent.get(doc) ?? 0;
	}

	/** A message that is not a sync message (awareness), or a sync message of the given type. */
	send(doc: string, message: Uint8Array, sync?: { type: number; recorder: SentRecorder }): void {
		if (this.#closed) return;
		this.seal(doc);
		if (sync) this.#record(doc, sync.recorder, sync.type);
		this.#queue(doc).push({ message });
	}

	/** A local Yjs update of `doc`, merged with the updates queued right before it. */
	sendUpdate(doc: string, update: Uint8Array, recorder: SentRecorder): void {
		if (this.#closed) return;
		const queue = this.#queue(doc);
		const last = queue.at(-1);
		if (last !== undefined && 'updates' in last && !last.recorded && last.recorder === recorder) {
			last.updates.push(update);
			return;
		}
		this.seal(doc);
		queue.push({ updates: [update], recorder, recorded: false });
	}

	/** Fixes the place of `doc`'s open update run in its stream: later messages go after it. */
	seal(doc: string): void {
		const last = this.#queues.get(doc)?.at(-1);
		if (last !== undefined && 'updates' in last && !last.recorded) {
			last.recorded = true;
			this.#record(doc, last.recorder, SYNC_UPDATE);
		}
	}

	/**
	 * Makes this task's flush come before microtasks queued after this call: a local edit's
	 * update is queued only after the edit's observers ran, and they schedule the re-render,
	 * which then went first and kept the colleague waiting for it (~4 ms per logged call).
	 */
	reserve(): void {
		if (!this.#closed) this.#schedule();
	}

	/** Sends everything queued now (before a deliberate close, so nothing queued is lost). */
	flush(): void {
		if (this.#closed) return;
		const queues = this.#queues;
		this.#queues = new Map();
		const all: DocMessage[] = [];
		for (const [doc, entries] of queues) {
			for (const entry of entries) {
				let message: Uint8Array;
				if ('updates' in entry) {
					if (!entry.recorded) {
						entry.recorded = true;
						this.#record(doc, entry.recorder, SYNC_UPDATE);
					}
					message = encodeUpdateFrame(
						entry.updates.length === 1 ? entry.updates[0] : mergeMany(entry.updates)
					);
				} else {
					message = entry.message;
				}
				all.push({ doc, message });
			}
		}
		if (all.length > 0) this.#sendAll(all);
	}

	/** The connection is gone: drop what is queued, send nothing more. */
	close(): void {
		this.#closed = true;
		this.#queues.clear();
	}

	#record(doc: string, recorder: SentRecorder, type: number): void {
		this.#sent.set(doc, (this.#sent.get(doc) ?? 0) + 1);
		recorder.recordSent(type);
	}

	#queue(doc: string): Entry[] {
		let queue = this.#queues.get(doc);
		if (queue === undefined) {
			queue = [];
			this.#queues.set(doc, queue);
		}
		this.#schedule();
		return queue;
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			this.flush();
		});
	}
}

/**
 * Y.mergeUpdates over thousands of small updates at once is slow (2,000 edits: ~330 ms here);
 * merging in groups of 16, then the results, gives the same update in ~25 ms.
 */
export function mergeMany(updates: Uint8Array[]): Uint8Array {
	let level = updates;
	while (level.length > 1) {
		const next: Uint8Array[] = [];
		for (let i = 0; i < level.length; i += 16) next.push(Y.mergeUpdates(level.slice(i, i + 16)));
		level = next;
	}
	return level[0];
}
