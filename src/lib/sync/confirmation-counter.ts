/**
 * Counts local changes that the relay has not yet confirmed as durably stored.
 *
 * The relay acks `n`: the first n sync messages this connection sent are on disk. Each sent
 * message records how many changes it "covers": once it and every earlier message on the same
 * connection are durable, so are all changes up to that count. A connection covers nothing until
 * it has sent its sync step 2, which carries everything the relay lacked; from then on every
 * local change is sent on it as an update, so a message covers every change counted so far.
 * Messages sent before that step (sync step 1, early updates) prove nothing about older changes.
 *
 * What the user is shown is edits, not transactions: typing a name writes one transaction
 * per keystroke, and "27 changes not yet confirmed" after three edits says nothing useful.
 * A change to the same records (edit-key.ts) within EDIT_QUIET_MS of the document's previous
 * one, while that one is still unconfirmed, is part of the same edit; `pending` counts the
 * edits with any part unconfirmed (0 exactly when every change is confirmed).
 *
 * Pure and socket-free, so the rules can be tested on their own.
 */
import { SYNC_STEP_2 } from './wire';

/** Changes closer together than this (typing, a burst of writes) count as one edit. */
export const EDIT_QUIET_MS = 1_000;

export class ConfirmationCounter {
	#changes: number;
	#confirmed = 0;
	/** This connection has sent its sync step 2. */
	#complete = false;
	/** Messages acked on this connection. */
	#acked = 0;
	/** What each sent but not yet acked message covers, oldest first. */
	#covers: number[] = [];
	/** Per unconfirmed edit, the count of changes up to its last one, oldest first. */
	#edits: number[] = [];
	/** When the last change was recorded (ms), or -Infinity, and what it edited. */
	#lastChangeAt = -Infinity;
	#lastKey = '';

	/** @param unconfirmed changes left unconfirmed by an earlier session (e.g. before a reload). */
	constructor(unconfirmed = 0) {
		if (!Number.isSafeInteger(unconfirmed) || unconfirmed < 0) {
			throw new RangeError(`unconfirmed must be a non-negative integer, got ${unconfirmed}`);
		}
		this.#changes = unconfirmed;
		// What an earlier session left is kept as a count of edits: one change each.
		for (let i = 1; i <= unconfirmed; i++) this.#edits.push(i);
	}

	/** Edits not yet wholly confirmed: what "N changes not yet confirmed" shows. */
	get pending(): number {
		return this.#edits.length;
	}

	/** Messages sent on this connection and not yet acked. */
	get inFlight(): number {
		return this.#covers.length;
	}

	/**
	 * A local change. `at` (ms): when it was made, and `key`: what it edited (edit-key.ts); a
	 * change to the same records within EDIT_QUIET_MS of the previous one extends that edit
	 * while it is unconfirmed. Without `at`, every change is an edit.
	 */
	recordChange(at?: number, key = ''): void {
		this.#changes++;
		const last = this.#edits.length - 1;
		const sameEdit =
			at !== undefined &&
			last >= 0 &&
			key === this.#lastKey &&
			at - this.#lastChangeAt < EDIT_QUIET_MS;
		if (sameEdit) this.#edits[last] = this.#changes;
		else this.#edits.push(this.#changes);
		this.#lastChangeAt = at ?? -Infinity;
		this.#lastKey = key;
	}

	/**
	 * A new socket: the relay counts its messages from zero. `alreadySent`: messages an earlier
	 * counter of the same document sent on this socket (a document removed and added again while
	 * connected), which the relay's count includes.
	 */
	startConnection(alreadySent = 0): void {
		this.#complete = false;
		this.#acked = alreadySent;
		this.#covers = [];
	}

	/** A sync message (of the given subtype) was sent on the current connection. */
	recordSent(syncType: number): void {
		if (syncType === SYNC_STEP_2) this.#complete = true;
		this.#covers.push(this.#complete ? this.#changes : this.#confirmed);
	}

	/**
	 * The relay says the first `n` messages of this connection are durable. Acks are cumulative;
	 * a stale `n` changes nothing, and so does one above what was sent (a relay bug: better to
	 * leave changes pending than to confirm on false information). Returns whether `pending`
	 * changed.
	 */
	acknowledge(n: number): boolean {
		if (!Number.isSafeInteger(n) || n <= this.#acked) return false;
		const newlyAcked = n - this.#acked;
		if (newlyAcked > this.#covers.length) return false;
		const covered = this.#covers[newlyAcked - 1];
		this.#covers.splice(0, newlyAcked);
		this.#acked += newlyAcked;
		if (covered <= this.#confirmed) return false;
		this.#confirmed = covered;
		const before = this.#edits.length;
		let done = 0;
		while (done < before && this.#edits[done] <= covered) done++;
		this.#edits.splice(0, done);
		return done > 0;
	}
}
