// One authenticated websocket: who it is, its rate buckets, its send path, and its channels (one
// per document it carries, each with its acknowledgement counter and presence: channel.ts).
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { Channel } from './channel.ts';
import type { RelayLimits } from './config.ts';
import { fenced } from './fence.ts';
import { TokenBucket } from './limits.ts';
import { log } from './log.ts';
import type { Metrics, RefusalReason } from './metrics.ts';
import { flushSocket, frame, writeFrame, type Frame } from './outbox.ts';
import {
	CLOSE,
	encodeBatch,
	encodeDocMessage,
	type DocMessage,
	type Role
} from '../src/lib/sync/wire.ts';

/** How long a slow reader's socket may stay after its close frame was queued. */
const SLOW_READER_GRACE_MS = 5_000;

export interface ConnectionInfo {
	workspaceId: string;
	role: Role;
	inviteId: string;
	/** The name this connection's member goes by in presence, given the name it claims. */
	presenceName: (claimed: unknown) => string;
	ip: string;
	/**
	 * Opted in to the role and ack extensions (`crm=1` in the query, the `crm` subprotocol, or
	 * the `crm-docs` subprotocol).
	 */
	extensions: boolean;
	/**
	 * The one document this connection serves (CORE_DOC at `/sync/<workspaceId>`, `<doc>` at
	 * `/sync/<workspaceId>/<doc>`), or null for a `crm-docs` connection: any of the workspace's
	 * documents, each message in the document envelope.
	 */
	doc: string | null;
	/**
	 * A `crm-batch` connection (doc null): it may send batches (`[7]`, wire.ts), and what the
	 * relay sends it in one turn of the event loop goes out as one batch.
	 */
	batch?: boolean;
}

/** A batch being gathered is sent once it holds this many bytes (else at the end of the turn). */
const BATCH_MAX_BYTES = 512 * 1024;

export class Connection {
	/** This connection's part in each document it carries, by document name. */
	readonly channels = new Map<string, Channel>();
	private readonly messageBucket: TokenBucket;
	private readonly byteBucket: TokenBucket;
	/** False once the connection is being closed: its messages are no longer read. */
	accepting = true;
	private readonly maxBuffered: number;
	/** Bytes of large messages written since the socket last drained, allowed over the limit. */
	private allowance = 0;
	private allowanceArmed = false;
	/** The socket under `ws`, written to directly; null if an extension (deflate) owns framing. */
	private readonly socket: Duplex | null;
	/** Document messages gathered for the next batch (a `crm-batch` connection). */
	private batch: DocMessage[] = [];
	private batchBytes = 0;
	private batchScheduled = false;

	constructor(
		readonly ws: WebSocket,
		socket: Duplex,
		readonly info: ConnectionInfo,
		limits: RelayLimits,
		private readonly metrics: Metrics
	) {
		this.socket = ws.extensions === '' ? socket : null;
		// ws closes a connection whose message exceeds maxPayload with 1009 (it has stopped
		// reading it); our clients expect 4413, after the acks for what was stored before.
		const close = ws.close.bind(ws);
		ws.close = (code?: number, reason?: string | Buffer) => {
			if (code === 1009) this.closeAfterAcks(CLOSE.tooLarge, 'message too large');
			else close(code, reason);
		};
		this.maxBuffered = limits.maxBufferedBytes;
		this.messageBucket = new TokenBucket(limits.messagesPerSec, limits.messagesBurst);
		this.byteBucket = new TokenBucket(limits.bytesPerSec, limits.bytesBurst);
	}

	/** Starts carrying document `doc` (the caller adds the channel to the document's room). */
	openChannel(doc: string): Channel {
		const channel = new Channel(this, doc, this.info.doc === null);
		this.channels.set(doc, channel);
		return channel;
	}

	get open(): boolean {
		return this.ws.readyState === WebSocket.OPEN;
	}

	/** Charges `messages` messages (a batch's entries) of `bytes` in all against the rate limits. */
	withinRate(bytes: number, messages = 1): boolean {
		const now = performance.now();
		return this.messageBucket.take(messages, now) && this.byteBucket.take(bytes, now);
	}

	send(message: Uint8Array): void {
		if (this.open) this.sendFramed(message, frame(message));
	}

	/**
	 * Sends `message` of document `doc` in its envelope; on a `crm-batch` connection it joins
	 * the batch that goes out at the end of this turn (or once it is large), in order.
	 */
	sendDoc(doc: string, message: Uint8Array): void {
		if (!this.info.batch) {
			this.send(encodeDocMessage(doc, message));
			return;
		}
		if (!this.open) return;
		this.batch.push({ doc, message });
		this.batchBytes += message.length;
		if (this.batchBytes >= BATCH_MAX_BYTES) this.flushBatch();
		else if (!this.batchScheduled) {
			this.batchScheduled = true;
			setImmediate(
				fenced('batch', () => {
					this.batchScheduled = false;
					this.flushBatch();
				})
			);
		}
	}

	/** Sends the gathered batch now (before anything else goes out, so order holds). */
	flushBatch(): void {
		if (this.batch.length === 0) return;
		const entries = this.batch;
		this.batch = [];
		this.batchBytes = 0;
		const only = entries.length === 1 ? entries[0] : null;
		this.send(only ? encodeDocMessage(only.doc, only.message) : encodeBatch(entries));
	}

	/** Sends `message` as `framed` (frame(message)), framed once by a caller sending it to many. */
	sendFramed(message: Uint8Array, framed: Frame): void {
		if (!this.open) return;
		this.flushBatch(); // what was gathered first goes first
		// Unsent bytes: what the socket and ws still hold (corked frames included).
		if (this.ws.bufferedAmount > this.maxBuffered + this.allowance) {
			this.tooSlow();
			return;
		}
		if (message.length > this.maxBuffered / 4) this.allow(message.length);
		if (this.socket) writeFrame(this.socket, framed);
		else this.ws.send(message);
		this.metrics.messagesOut++;
		this.metrics.bytesOut += message.length;
	}

	/** A large message (a whole document) may sit in the buffer on top of the limit until drained. */
	private allow(bytes: number): void {
		this.allowance += bytes;
		const socket = this.socket;
		if (socket && !this.allowanceArmed) {
			this.allowanceArmed = true;
			socket.once('drain', () => {
				this.allowanceArmed = false;
				this.allowance = 0;
			});
		}
	}

	/**
	 * The peer does not read what we send: stop sending, say why (the close frame waits behind
	 * what is buffered), and drop the socket if it has not gone after a grace period, so its
	 * buffers are given back either way.
	 */
	private tooSlow(): void {
		const unsent = this.ws.bufferedAmount;
		this.refuse(CLOSE.tooSlow, 'slow_reader', `more than ${this.maxBuffered} bytes unsent`, true);
		const timer = setTimeout(
			fenced('slow_reader_drop', () => {
				if (this.ws.readyState === WebSocket.CLOSED) return;
				log('slow_reader_dropped', {
					workspaceId: this.info.workspaceId,
					inviteId: this.info.inviteId,
					ip: this.info.ip,
					unsent
				});
				this.ws.terminate();
			}),
			SLOW_READER_GRACE_MS
		);
		timer.unref();
		this.ws.once('close', () => clearTimeout(timer));
	}

	/**
	 * Closes with a refusal: one log line, one metric. The acks for what was stored go out first,
	 * unless `immediately` (a revoked token gets nothing more).
	 */
	refuse(code: number, reason: RefusalReason, message: string, immediately = false): void {
		if (!this.accepting) return;
		this.metrics.refuse(reason);
		log('refused', {
			reason,
			code,
			workspaceId: this.info.workspaceId,
			inviteId: this.info.inviteId,
			ip: this.info.ip,
			message
		});
		if (immediately) {
			this.accepting = false;
			this.batch = []; // nothing more, gathered or not
			this.close(code, message);
		} else this.closeAfterAcks(code, message);
	}

	close(code: number, reason: string): void {
		// What was sent before the close must reach the peer before the close frame.
		if (this.open) this.flushBatch();
		if (this.socket) flushSocket(this.socket);
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
			this.ws.close(code, reason);
		}
	}

	/**
	 * Closes after the acks for what this connection sent and the relay stored are out, for
	 * every document it carries: a client closed by a limit still learns which of its changes
	 * are safe. Nothing it sends meanwhile is read.
	 */
	closeAfterAcks(code: number, reason: string): void {
		if (!this.accepting) return;
		this.accepting = false;
		const channels = [...this.channels.values()];
		const close = () => {
			for (const channel of channels) channel.flushAck();
			this.close(code, reason);
		};
		Promise.all(channels.map((channel) => channel.lastDurable.catch(() => {})))
			.then(close)
			.catch(() => this.ws.terminate());
	}
}
