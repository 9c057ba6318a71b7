/**
 * The tabs of one browser share a workspace's changes over a BroadcastChannel, as y-websocket
 * did: an edit in one tab shows in the others at once, relay or not. Each document a tab adds
 * asks the others for what they hold (its sync step 1); each local change goes to them as an
 * update, batched per task like the relay's messages. A task's messages leave as one post (a
 * batch, wire.ts): a new device opening 814 documents posted 814 step 1s one by one, ~60 ms of
 * its first second, whether or not another tab listened. What comes from another tab is applied
 * with the relay's origin: this tab neither sends it to the relay (its own tab does) nor counts
 * it as its own change. Presence stays with the relay.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { applyReceived } from './apply-received';
import { Outbox } from './outbox';
import {
	encodeDocMessages,
	encodeSync,
	MESSAGE_BATCH,
	MESSAGE_SYNC,
	readBatch,
	readDocMessage,
	SYNC_STEP_1,
	SYNC_STEP_2
} from './wire';

const NOT_COUNTED = { recordSent: () => {} };

export class TabChannel {
	readonly #channel: BroadcastChannel;
	readonly #outbox: Outbox;
	readonly #docs: (name: string) => Y.Doc | undefined;
	readonly #origin: object;

	/**
	 * @param docs the document of a name, if this tab follows it
	 * @param origin the origin to apply other tabs' changes with
	 */
	constructor(name: string, docs: (name: string) => Y.Doc | undefined, origin: object) {
		this.#docs = docs;
		this.#origin = origin;
		this.#channel = new BroadcastChannel(name);
		this.#outbox = new Outbox({
			sendAll: (messages) => this.#channel.postMessage(encodeDocMessages(messages))
		});
		this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
	}

	/** This tab follows `doc` now: ask the other tabs for what they hold of it. */
	announce(name: string, doc: Y.Doc): void {
		this.#outbox.send(name, encodeSync(SYNC_STEP_1, Y.encodeStateVector(doc)));
	}

	/** A change of this tab's (anything but what came from the relay or another tab). */
	update(name: string, update: Uint8Array): void {
		this.#outbox.sendUpdate(name, update, NOT_COUNTED);
	}

	/**
	 * A local edit is about to run its observers: its update goes to the other tabs before the
	 * re-render they schedule (3–10 ms of this tab's, which a teammate's dashboard waited out).
	 */
	reserve(): void {
		this.#outbox.reserve();
	}

	destroy(): void {
		this.#outbox.flush();
		this.#outbox.close();
		this.#channel.close();
	}

	#receive(data: unknown): void {
		if (!(data instanceof Uint8Array)) return;
		if (data[0] === MESSAGE_BATCH) {
			for (const entry of readBatch(data) ?? []) this.#receiveOne(entry);
		} else {
			const envelope = readDocMessage(data);
			if (envelope !== null) this.#receiveOne(envelope);
		}
	}

	#receiveOne(envelope: { doc: string; message: Uint8Array }): void {
		const doc = this.#docs(envelope.doc);
		if (doc === undefined) return;
		try {
			const decoder = decoding.createDecoder(envelope.message);
			if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
			const type = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (type === SYNC_STEP_1) {
				this.#outbox.send(
					envelope.doc,
					encodeSync(SYNC_STEP_2, Y.encodeStateAsUpdate(doc, payload))
				);
				// The asking tab holds changes this one lacks: ask back (once: then it holds them).
				if (holdsMore(Y.decodeStateVector(payload), doc)) this.announce(envelope.doc, doc);
			} else {
				applyReceived(doc, payload.slice(), this.#origin);
			}
		} catch {
			// another version's message: the relay brings the change anyway
		}
	}
}

function holdsMore(theirs: Map<number, number>, doc: Y.Doc): boolean {
	const ours = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const [client, clock] of theirs) if (clock > (ours.get(client) ?? 0)) return true;
	return false;
}
