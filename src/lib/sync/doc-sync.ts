/**
 * One document's side of a workspace connection: its sync with the relay (y-protocols sync
 * steps and updates), and the count of its local changes the relay has not yet confirmed. The
 * connection itself (socket, envelope, reconnects, status) is WorkspaceSync's.
 */
import type * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { applyReceived } from './apply-received';
import { ConfirmationCounter } from './confirmation-counter';
import { editKey } from './edit-key';
import type { Outbox } from './outbox';
import { MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2 } from './wire';

export interface DocSyncHooks {
	/** Whether a transaction origin is a local edit worth confirming. */
	isLocalOrigin(origin: unknown): boolean;
	/** The count of unconfirmed changes changed (persist it, update the status). */
	pendingChanged(sync: DocSync): void;
	/** The document completed its sync with the relay on this connection. */
	synced(sync: DocSync): void;
	/** A change that did not come from the relay or another tab (for the other tabs). */
	changed(sync: DocSync, update: Uint8Array): void;
	/** A local edit's observers are about to run (the other tabs' send goes before them too). */
	beforeLocalObservers(): void;
}

export class DocSync {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly counter: ConfirmationCounter;
	/** The origin of what the relay sends: never counted as a local change. */
	readonly origin: object;
	readonly #hooks: DocSyncHooks;
	#outbox: Outbox | null = null;
	/** Received the relay's sync step 2 on the current connection. */
	#syncedNow = false;
	/** Completed a sync with the relay in this session. */
	#everSynced = false;
	#waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

	constructor(name: string, doc: Y.Doc, unconfirmed: number, origin: object, hooks: DocSyncHooks) {
		this.name = name;
		this.doc = doc;
		this.origin = origin;
		this.#hooks = hooks;
		this.counter = new ConfirmationCounter(unconfirmed);
		doc.on('beforeObserverCalls', this.#beforeObservers);
		doc.on('update', this.#onUpdate);
	}

	get syncedNow(): boolean {
		return this.#syncedNow;
	}

	get pending(): number {
		return this.counter.pending;
	}

	/** Resolves once the document completed its first sync with the relay in this session. */
	whenSynced(): Promise<void> {
		if (this.#everSynced) return Promise.resolve();
		return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
	}

	/**
	 * A new connection: subscribe by sending our sync step 1; the relay answers with its own
	 * (which we answer with our step 2) and its step 2. A document removed and added again on the
	 * same connection is subscribed already: the relay will not send its step 1 again, so our
	 * step 2 goes along at once, with the whole document (rare, and always correct).
	 */
	attach(outbox: Outbox): void {
		this.#outbox = outbox;
		this.#syncedNow = false;
		const alreadySent = outbox.sentFor(this.name);
		this.counter.startConnection(alreadySent);
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(step1, this.doc);
		outbox.send(this.name, encoding.toUint8Array(step1), {
			type: SYNC_STEP_1,
			recorder: this.counter
		});
		if (alreadySent === 0) return;
		const step2 = encoding.createEncoder();
		encoding.writeVarUint(step2, MESSAGE_SYNC);
		syncProtocol.writeSyncStep2(step2, this.doc);
		outbox.send(this.name, encoding.toUint8Array(step2), {
			type: SYNC_STEP_2,
			recorder: this.counter
		});
	}

	/** The connection is gone (or the document removed): send nothing more on it. */
	detach(): void {
		this.#outbox = null;
		this.#syncedNow = false;
	}

	/** A sync message (after its type byte) from the relay. */
	receiveSync(decoder: decoding.Decoder): void {
		const outbox = this.#outbox;
		if (outbox === null) return;
		const reply = encoding.createEncoder();
		encoding.writeVarUint(reply, MESSAGE_SYNC);
		const type = this.readSync(decoder, reply);
		if (encoding.length(reply) > 1) {
			// Only a step 1 has an answer: our step 2, which carries all the relay lacks.
			outbox.send(this.name, encoding.toUint8Array(reply), {
				type: SYNC_STEP_2,
				recorder: this.counter
			});
		}
		if (type === syncProtocol.messageYjsSyncStep2 && !this.#syncedNow) {
			this.#syncedNow = true;
			if (!this.#everSynced) {
				this.#everSynced = true;
				for (const waiter of this.#waiters.splice(0)) waiter.resolve();
			}
			this.#hooks.synced(this);
		}
	}

	/**
	 * Reads one sync message into the document; the answer, if it has one, goes to `reply`. An
	 * update that does not apply (a buggy peer's) is reported, as in y-protocols' own reader;
	 * what of it did apply is stored (applyReceived).
	 */
	protected readSync(decoder: decoding.Decoder, reply: encoding.Encoder): number {
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case syncProtocol.messageYjsSyncStep1:
				syncProtocol.readSyncStep1(decoder, reply, this.doc);
				break;
			case syncProtocol.messageYjsSyncStep2:
			case syncProtocol.messageYjsUpdate:
				try {
					applyReceived(this.doc, decoding.readVarUint8Array(decoder).slice(), this.origin);
				} catch (error) {
					console.error(`${this.name}: an update from the relay did not apply`, error);
				}
				break;
			default:
				throw new Error(`unknown sync message type ${type}`);
		}
		return type;
	}

	/** The relay says the first `n` sync messages of this document on this connection are durable. */
	acknowledge(n: number): boolean {
		if (this.#outbox === null || !this.counter.acknowledge(n)) return false;
		this.#hooks.pendingChanged(this);
		return true;
	}

	/** Stops following the document; waiters for its first sync are told why. */
	destroy(reason: string): void {
		this.doc.off('beforeObserverCalls', this.#beforeObservers);
		this.doc.off('update', this.#onUpdate);
		this.detach();
		for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error(reason));
	}

	/** A local edit: its update goes out before what its observers schedule (a re-render). */
	#beforeObservers = (tr: Y.Transaction): void => {
		if (tr.origin === this.origin || !this.#hooks.isLocalOrigin(tr.origin)) return;
		this.#outbox?.reserve();
		this.#hooks.beforeLocalObservers();
	};

	#onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction): void => {
		if (origin === this.origin) return; // the relay's or another tab's: nothing to send on
		// Counted before it is queued: the message that carries it also covers it. Writes that
		// are not edits (a load from the device, a migration) are sent but not counted.
		const counted = this.#hooks.isLocalOrigin(origin);
		if (counted) this.counter.recordChange(Date.now(), editKey(tr));
		this.#outbox?.sendUpdate(this.name, update, this.counter);
		this.#hooks.changed(this, update);
		if (counted) this.#hooks.pendingChanged(this);
	};
}
