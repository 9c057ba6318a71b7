// One authenticated websocket: who it is, its rate buckets, and its acknowledgement counter.
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { Role } from './auth.ts';
import type { RelayLimits } from './config.ts';
import { fenced } from './fence.ts';
import { TokenBucket } from './limits.ts';
import { log } from './log.ts';
import type { Metrics, RefusalReason } from './metrics.ts';
import { flushSocket, frame, writeFrame, type Frame } from './outbox.ts';
import { encodeAck } from './protocol.ts';

export interface ConnectionInfo {
	workspaceId: string;
	role: Role;
	inviteId: string;
	ip: string;
	/** Opted in to the role and ack extensions with `crm=1`. */
	extensions: boolean;
}

export class Connection {
	/** Awareness client ids this connection controls, removed when it closes. */
	readonly awarenessIds = new Set<number>();
	private readonly messageBucket: TokenBucket;
	private readonly byteBucket: TokenBucket;
	private syncReceived = 0;
	private settled = 0;
	private ackSent = 0;
	private ackScheduled = false;
	/** The socket under `ws`, written to directly; null if an extension (deflate) owns framing. */
	private readonly socket: Duplex | null;

	constructor(
		readonly ws: WebSocket,
		socket: Duplex,
		readonly info: ConnectionInfo,
		limits: RelayLimits,
		private readonly metrics: Metrics
	) {
		this.socket = ws.extensions === '' ? socket : null;
		this.messageBucket = new TokenBucket(limits.messagesPerSec, limits.messagesBurst);
		this.byteBucket = new TokenBucket(limits.bytesPerSec, limits.bytesBurst);
	}

	get open(): boolean {
		return this.ws.readyState === WebSocket.OPEN;
	}

	/** Charges one message of `bytes` against the rate limits. */
	withinRate(bytes: number): boolean {
		const now = performance.now();
		return this.messageBucket.take(1, now) && this.byteBucket.take(bytes, now);
	}

	send(message: Uint8Array): void {
		if (this.open) this.sendFramed(message, frame(message));
	}

	/** Sends `message` as `framed` (frame(message)), framed once by a caller sending it to many. */
	sendFramed(message: Uint8Array, framed: Frame): void {
		if (!this.open) return;
		if (this.socket) writeFrame(this.socket, framed);
		else this.ws.send(message);
		this.metrics.messagesOut++;
		this.metrics.bytesOut += message.length;
	}

	/** Closes with a refusal: one log line, one metric. */
	refuse(code: number, reason: RefusalReason, message: string): void {
		this.metrics.refuse(reason);
		log('refused', {
			reason,
			code,
			workspaceId: this.info.workspaceId,
			inviteId: this.info.inviteId,
			ip: this.info.ip,
			message
		});
		this.close(code, message);
	}

	close(code: number, reason: string): void {
		// What was sent before the close must reach the peer before the close frame.
		if (this.socket) flushSocket(this.socket);
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
			this.ws.close(code, reason);
		}
	}

	/**
	 * Counts one received sync message; once `durable` resolves, every sync message up to and
	 * including this one is on disk (appends settle in order), so the ack may cover it.
	 */
	trackSync(durable: Promise<void>): void {
		const n = ++this.syncReceived;
		if (!this.info.extensions) return;
		durable.then(
			() => this.settle(n),
			() => {} // the room closes every connection when a write fails; nothing is acked
		);
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

	/** Sends the ack for everything settled so far, if it says more than the last one. */
	private flushAck(): void {
		if (this.settled > this.ackSent) {
			this.ackSent = this.settled;
			this.send(encodeAck(this.ackSent));
		}
	}
}
