// One connection's part in one document: what a room sees of a connection. A connection to one
// document (`/sync/<workspaceId>`, `/sync/<workspaceId>/<doc>`) has a single channel whose
// messages go out as they are; a `crm-docs` connection has a channel per document it asked for,
// and each wraps what it sends in the document envelope (`[6][doc][message]`, wire.ts); on a
// `crm-batch` connection what a turn sends goes out gathered in one batch (connection.ts).
//
// Acknowledgements and presence belong to the channel: `[4][n]` says that the first n sync
// messages this connection sent for this document are durable (the store makes one document's
// appends durable in order, not one connection's across documents), and the awareness ids a
// client claims are claimed in one document's room.
import type { Connection, ConnectionInfo } from './connection.ts';
import { fenced } from './fence.ts';
import { frame, type Frame } from './outbox.ts';
import { encodeAck, encodeDocMessage } from '../src/lib/sync/wire.ts';

/** A message of one document bound for many channels: framed once per form it goes out in. */
export class Outgoing {
	private plainFrame: Frame | null = null;
	private wrapped: { message: Uint8Array; framed: Frame } | null = null;

	constructor(
		readonly message: Uint8Array,
		private readonly doc: string
	) {}

	/** The message as a single-document connection receives it. */
	plain(): Frame {
		return (this.plainFrame ??= frame(this.message));
	}

	/** The message in its document envelope, for `crm-docs` connections. */
	enveloped(): { message: Uint8Array; framed: Frame } {
		if (!this.wrapped) {
			const message = encodeDocMessage(this.doc, this.message);
			this.wrapped = { message, framed: frame(message) };
		}
		return this.wrapped;
	}
}

export class Channel {
	/** Awareness client ids this channel owns in its room (room.ts), removed when it leaves. */
	readonly awarenessIds = new Set<number>();
	private syncReceived = 0;
	private settled = 0;
	private ackSent = 0;
	private ackScheduled = false;
	/** No ack may go beyond this message: the one before the first that was not stored. */
	private ackCeiling = Infinity;
	/** Settles once every sync message received so far on this channel has settled. */
	lastDurable: Promise<void> = Promise.resolve();

	constructor(
		readonly conn: Connection,
		readonly doc: string,
		/** Whether messages go out in the document envelope (a `crm-docs` connection). */
		readonly enveloped: boolean
	) {}

	get info(): ConnectionInfo {
		return this.conn.info;
	}

	send(message: Uint8Array): void {
		if (this.enveloped) this.conn.sendDoc(this.doc, message);
		else this.conn.send(message);
	}

	/** Sends a message that other channels of the same document receive too. */
	sendShared(out: Outgoing): void {
		if (this.enveloped) {
			const { message, framed } = out.enveloped();
			this.conn.sendFramed(message, framed);
		} else this.conn.sendFramed(out.message, out.plain());
	}

	/** Closes the whole connection (a storage failure of this document, a failed load). */
	close(code: number, reason: string): void {
		this.conn.close(code, reason);
	}

	/**
	 * Counts one received sync message; once `durable` resolves, every sync message of this
	 * channel up to and including this one is on disk (a document's appends settle in order), so
	 * the ack may cover it. A message that was not stored (`stored` false: a viewer's write) is
	 * never covered, and since acks count messages from the first, neither is any after it.
	 */
	trackSync(durable: Promise<void>, stored = true): void {
		const n = ++this.syncReceived;
		if (!stored) this.ackCeiling = Math.min(this.ackCeiling, n - 1);
		this.lastDurable = durable;
		if (!this.info.extensions) return;
		durable.then(
			() => this.settle(Math.min(n, this.ackCeiling)),
			() => {} // the room closes every connection when a write fails; nothing is acked
		);
	}

	/** Sends the ack for everything settled so far, if it says more than the last one. */
	flushAck(): void {
		if (this.settled > this.ackSent) {
			this.ackSent = this.settled;
			this.send(encodeAck(this.ackSent));
		}
	}

	private settle(n: number): void {
		if (n <= this.settled) return;
		this.settled = n;
		if (this.ackScheduled) return;
		this.ackScheduled = true;
		// Acks for one group commit resolve together; send one message for all of them.
		queueMicrotask(
			fenced('ack', () => {
				this.ackScheduled = false;
				this.flushAck();
			})
		);
	}
}
