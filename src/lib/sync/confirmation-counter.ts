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
 * Pure and socket-free, so the rules can be tested on their own.
 */
import { SYNC_STEP_2 } from './wire';

export class ConfirmationCounter {
	#changes: number;
	#confirmed = 0;
	/** This connection has sent its sync step 2. */
	#complete = false;
	/** Messages acked on this connection. */
	#acked = 0;
	/** What each sent but not yet acked message covers, oldest first. */
	#covers: number[] = [];

	/** @param unconfirmed changes left unconfirmed by an earlier session (e.g. before a reload). */
	constructor(unconfirmed = 0) {
		if (!Number.isSafeInteger(unconfirmed) || unconfirmed < 0) {
			throw new RangeError(`unconfirmed must be a non-negative integer, got ${unconfirmed}`);
		}
		this.#changes = unconfirmed;
	}

	get pending(): number {
		return this.#changes - this.#confirmed;
	}

	/** Messages sent on this connection and not yet acked. */
	get inFlight(): number {
		return this.#covers.length;
	}

	recordChange(): void {
		this.#changes++;
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
		return true;
	}
}
