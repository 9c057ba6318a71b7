// The rooms of this relay, one per document of a workspace: loaded when a connection first asks
// for the document, released some time after the last one leaves, so idle documents cost no
// memory. A connection to one document joins its room at once; a `crm-docs` connection joins a
// document's room with its first message for that document (in the envelope, wire.ts).
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { RelayLimits } from './config.ts';
import { Connection, type ConnectionInfo } from './connection.ts';
import type { Fanout } from './fanout.ts';
import { fenced } from './fence.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import {
	CLOSE,
	MESSAGE_BATCH,
	encodeRole,
	readBatch,
	readDocMessage
} from '../src/lib/sync/wire.ts';
import { MalformedMessage, REMOTE_ORIGIN, Room } from './room.ts';
import type { WorkspaceStore } from './storage.ts';

const PING_INTERVAL_MS = 30_000;

/** A room's key: workspace ids hold no '/', so `<workspaceId>/<doc>` is unambiguous. */
function roomKey(workspaceId: string, doc: string): string {
	return `${workspaceId}/${doc}`;
}

interface Watcher {
	matches: (doc: string) => boolean;
	listener: (workspaceId: string, doc: string, origin: unknown) => void;
}

export class Rooms {
	private readonly rooms = new Map<string, Room>();
	private readonly idleTimers = new Map<string, NodeJS.Timeout>();
	private readonly conns = new Set<Connection>();
	/** Loaded documents per workspace, for the workspaces gauge. */
	private readonly perWorkspace = new Map<string, number>();
	private readonly pinger: NodeJS.Timeout;
	private readonly watchers: Watcher[] = [];
	private stopping = false;

	constructor(
		private readonly store: WorkspaceStore,
		private readonly metrics: Metrics,
		private readonly limits: RelayLimits,
		private readonly idleReleaseMs: number,
		/** Other relay processes (REDIS_URL), or null: this process alone. */
		private readonly fanout: Fanout | null = null
	) {
		// Dead peers (no pong since the last round) are dropped so their slots free up.
		this.pinger = setInterval(
			fenced('ping', () => {
				for (const conn of this.conns) {
					const ws = conn.ws as WebSocket & { alive?: boolean };
					if (ws.alive === false) ws.terminate();
					else {
						ws.alive = false;
						ws.ping();
					}
				}
			}),
			PING_INTERVAL_MS
		);
		this.pinger.unref();
	}

	/** Documents held in memory. */
	get loaded(): number {
		return this.rooms.size;
	}

	/** A document's state if its room has loaded it, else null: nothing is loaded for asking. */
	liveDoc(workspaceId: string, doc: string): Room['doc'] | null {
		const room = this.rooms.get(roomKey(workspaceId, doc));
		return room?.ready && !room.failed ? room.doc : null;
	}

	/** The room holding the document if it has loaded it, else null (for the relay's own edits). */
	liveRoom(workspaceId: string, doc: string): Room | null {
		const room = this.rooms.get(roomKey(workspaceId, doc));
		return room?.ready && !room.failed ? room : null;
	}

	/**
	 * Calls `listener` after each change of a document whose name `matches` (its load included),
	 * with the change's origin, while a room holds it: how the relay's extensions (campaign
	 * sending) notice documents.
	 */
	watch(matches: (doc: string) => boolean, listener: Watcher['listener']): void {
		this.watchers.push({ matches, listener });
	}

	/** Whether a room holds the document, loaded or still loading. */
	hasRoom(workspaceId: string, doc: string): boolean {
		return this.rooms.has(roomKey(workspaceId, doc));
	}

	/** Takes over an authenticated websocket; `socket` is the one it was upgraded on. */
	connect(ws: WebSocket, socket: Duplex, info: ConnectionInfo): Connection {
		const conn = new Connection(ws, socket, info, this.limits, this.metrics);
		this.conns.add(conn);
		this.metrics.connections++;
		const wsAlive = ws as WebSocket & { alive?: boolean };
		wsAlive.alive = true;
		ws.on('pong', () => {
			wsAlive.alive = true;
		});
		// Whatever a message does wrong closes its connection, never the process.
		const onMessage = fenced(
			'message',
			(data: Buffer, isBinary: boolean) => this.onMessage(conn, data, isBinary),
			() => conn.close(CLOSE.internalError, 'internal error')
		);
		if (info.extensions) conn.send(encodeRole(info.role));

		if (info.doc !== null) this.room(info.workspaceId, info.doc).add(conn.openChannel(info.doc));
		ws.on('message', onMessage);
		ws.on(
			'close',
			fenced('close', () => {
				this.conns.delete(conn);
				this.metrics.connections--;
				for (const channel of conn.channels.values()) {
					const key = roomKey(info.workspaceId, channel.doc);
					this.rooms.get(key)?.remove(channel);
					this.scheduleRelease(key);
				}
			})
		);
		ws.on(
			'error',
			fenced('socket_error', (error: Error & { code?: string }) => {
				if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
					// ws stopped reading; the connection closes with 4413 after its acks. Record it.
					this.metrics.refuse('message_too_large');
					log('refused', {
						reason: 'message_too_large',
						code: CLOSE.tooLarge,
						workspaceId: info.workspaceId,
						inviteId: info.inviteId,
						ip: info.ip
					});
				} else {
					log('socket_error', { workspaceId: info.workspaceId, error: error.message });
				}
			})
		);
		return conn;
	}

	/** Closes every live connection authenticated with one of these invites. */
	closeInvites(inviteIds: Set<string>, code: number, reason: string): void {
		for (const conn of this.conns) {
			if (inviteIds.has(conn.info.inviteId)) conn.refuse(code, 'revoked_token', reason, true);
		}
	}

	/** Live connections' invite ids, to check against the auth store when it changes. */
	liveInvites(): Set<string> {
		return new Set([...this.conns].map((conn) => conn.info.inviteId));
	}

	/** Stops processing messages, waits for the disk, then closes every socket with 1001. */
	async shutdown(): Promise<void> {
		this.stopping = true;
		clearInterval(this.pinger);
		for (const timer of this.idleTimers.values()) clearTimeout(timer);
		await Promise.all([...this.rooms.values()].map((room) => room.settled()));
		await this.store.flush();
		// Let the acks of the last group commit go out before the close frames.
		await new Promise((resolve) => setImmediate(resolve));
		for (const conn of this.conns) conn.close(CLOSE.goingAway, 'relay shutting down');
		for (const room of this.rooms.values()) {
			room.peers?.leave();
			room.destroy();
		}
		this.rooms.clear();
		this.perWorkspace.clear();
		this.countLoaded();
	}

	private room(workspaceId: string, doc: string): Room {
		const key = roomKey(workspaceId, doc);
		const timer = this.idleTimers.get(key);
		if (timer) {
			clearTimeout(timer);
			this.idleTimers.delete(key);
		}
		let room = this.rooms.get(key);
		if (!room) {
			room = new Room(
				workspaceId,
				doc,
				this.store,
				this.metrics,
				(failed) => this.drop(failed),
				(channel, error) => this.receiveFailed(channel.conn, error)
			);
			if (this.fanout) room.peers = this.fanout.join(workspaceId, doc, room);
			this.rooms.set(key, room);
			for (const { matches, listener } of this.watchers) {
				if (!matches(doc)) continue;
				// What another process published, that process noticed: one sender per change.
				const notify = fenced('watch', (_update: Uint8Array, origin: unknown) => {
					if (origin !== REMOTE_ORIGIN) listener(workspaceId, doc, origin);
				});
				room.watch(notify);
			}
			this.perWorkspace.set(workspaceId, (this.perWorkspace.get(workspaceId) ?? 0) + 1);
			this.countLoaded();
			const loading = room;
			loading.load().catch(
				fenced('load_failed', (error: unknown) => {
					log('load_failed', { workspaceId, doc, error: String(error) });
					for (const conn of loading.conns)
						conn.close(CLOSE.internalError, 'workspace failed to load');
					this.drop(loading);
				})
			);
		}
		return room;
	}

	private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
		if (this.stopping) return;
		this.metrics.messagesIn++;
		this.metrics.bytesIn += data.length;
		if (!conn.open || !conn.accepting) return;
		if (!conn.withinRate(data.length)) {
			conn.refuse(CLOSE.rateLimited, 'rate_limited', 'rate limit exceeded');
			return;
		}
		if (!isBinary) {
			conn.refuse(
				CLOSE.malformed,
				'malformed_message',
				'text messages are not part of the protocol'
			);
			return;
		}
		const bytes = new Uint8Array(data.buffer, data.byteOffset, data.length);
		try {
			if (conn.info.batch && bytes[0] === MESSAGE_BATCH) this.receiveBatch(conn, bytes);
			else if (conn.info.doc === null) this.receiveEnveloped(conn, bytes);
			else this.receive(conn, conn.info.doc, bytes);
		} catch (error) {
			this.receiveFailed(conn, error);
		}
	}

	/**
	 * A message on a `crm-docs` connection: `[6][doc][message]`. The first one for a document
	 * subscribes the connection to it (the room loads if need be and greets it, as a new
	 * connection is greeted); anything else closes the connection with 4400.
	 */
	private receiveEnveloped(conn: Connection, bytes: Uint8Array): void {
		const envelope = readDocMessage(bytes);
		if (!envelope) {
			throw new MalformedMessage('not a document message, or no valid document name');
		}
		// Checked before subscribing: nothing is loaded, nor greeted, for a message without a type.
		if (envelope.message.length === 0) throw new MalformedMessage('empty document message');
		this.receiveDoc(conn, envelope);
	}

	/**
	 * A batch on a `crm-batch` connection: each entry as if it came in its own envelope, in
	 * order, each charged as a message (the frame was charged as one). A malformed batch is
	 * refused whole, before any of it is read.
	 */
	private receiveBatch(conn: Connection, bytes: Uint8Array): void {
		const entries = readBatch(bytes);
		if (!entries) throw new MalformedMessage('malformed batch');
		if (!conn.withinRate(0, entries.length - 1)) {
			conn.refuse(CLOSE.rateLimited, 'rate_limited', 'rate limit exceeded');
			return;
		}
		for (const entry of entries) {
			if (!conn.accepting) return; // refused on the way (too many documents)
			this.receiveDoc(conn, entry);
		}
	}

	/** One document's message: the first one for a document subscribes the connection to it. */
	private receiveDoc(conn: Connection, envelope: { doc: string; message: Uint8Array }): void {
		const { workspaceId } = conn.info;
		if (!conn.channels.has(envelope.doc)) {
			if (conn.channels.size >= this.limits.documentsPerConnection) {
				conn.refuse(
					CLOSE.tooManyDocuments,
					'too_many_documents',
					`more than ${this.limits.documentsPerConnection} documents on one connection`
				);
				return;
			}
			this.room(workspaceId, envelope.doc).add(conn.openChannel(envelope.doc));
		}
		this.receive(conn, envelope.doc, envelope.message);
	}

	private receive(conn: Connection, doc: string, message: Uint8Array): void {
		const channel = conn.channels.get(doc);
		// No room: it failed and was dropped, and closed this connection on the way.
		if (channel) this.rooms.get(roomKey(conn.info.workspaceId, doc))?.receive(channel, message);
	}

	private receiveFailed(conn: Connection, error: unknown): void {
		if (error instanceof MalformedMessage) {
			conn.refuse(CLOSE.malformed, 'malformed_message', error.message);
		} else {
			log('message_failed', { workspaceId: conn.info.workspaceId, error: String(error) });
			conn.close(CLOSE.internalError, 'internal error');
		}
	}

	private scheduleRelease(key: string): void {
		const room = this.rooms.get(key);
		if (!room || room.conns.size > 0 || this.stopping) return;
		this.idleTimers.get(key)?.refresh();
		if (this.idleTimers.has(key)) return;
		this.idleTimers.set(
			key,
			setTimeout(
				fenced('idle_release', () => {
					this.idleTimers.delete(key);
					if (room.conns.size === 0 && this.rooms.get(key) === room) this.drop(room);
				}),
				this.idleReleaseMs
			)
		);
	}

	private drop(room: Room): void {
		const key = roomKey(room.workspaceId, room.docName);
		if (this.rooms.get(key) !== room) return;
		this.rooms.delete(key);
		room.peers?.leave();
		const left = (this.perWorkspace.get(room.workspaceId) ?? 1) - 1;
		if (left > 0) this.perWorkspace.set(room.workspaceId, left);
		else this.perWorkspace.delete(room.workspaceId);
		this.countLoaded();
		void room
			.settled()
			.then(() => {
				room.destroy();
				return this.store.release(room.workspaceId, room.docName);
			})
			.catch((error: unknown) =>
				log('release_failed', {
					workspaceId: room.workspaceId,
					doc: room.docName,
					error: String(error)
				})
			);
	}

	private countLoaded(): void {
		this.metrics.documentsLoaded = this.rooms.size;
		this.metrics.workspacesLoaded = this.perWorkspace.size;
	}
}
