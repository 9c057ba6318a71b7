// The rooms of this relay: loaded on the first connection, released some time after the last
// one leaves, so idle workspaces cost no memory.
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { RelayLimits } from './config.ts';
import { Connection, type ConnectionInfo } from './connection.ts';
import { fenced } from './fence.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import { CLOSE, encodeRole } from '../src/lib/sync/wire.ts';
import { MalformedMessage, Room } from './room.ts';
import type { WorkspaceStore } from './storage.ts';

const PING_INTERVAL_MS = 30_000;

export class Rooms {
	private readonly rooms = new Map<string, Room>();
	private readonly idleTimers = new Map<string, NodeJS.Timeout>();
	private readonly conns = new Set<Connection>();
	private readonly pinger: NodeJS.Timeout;
	private stopping = false;

	constructor(
		private readonly store: WorkspaceStore,
		private readonly metrics: Metrics,
		private readonly limits: RelayLimits,
		private readonly idleReleaseMs: number
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

	get loaded(): number {
		return this.rooms.size;
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

		const room = this.room(info.workspaceId);
		room.add(conn);
		ws.on('message', onMessage);
		ws.on(
			'close',
			fenced('close', () => {
				this.conns.delete(conn);
				this.metrics.connections--;
				this.rooms.get(info.workspaceId)?.remove(conn);
				this.scheduleRelease(info.workspaceId);
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
		for (const room of this.rooms.values()) room.destroy();
		this.rooms.clear();
		this.metrics.workspacesLoaded = 0;
	}

	private room(workspaceId: string): Room {
		const timer = this.idleTimers.get(workspaceId);
		if (timer) {
			clearTimeout(timer);
			this.idleTimers.delete(workspaceId);
		}
		let room = this.rooms.get(workspaceId);
		if (!room) {
			room = new Room(
				workspaceId,
				this.store,
				this.metrics,
				(failed) => this.drop(failed),
				(conn, error) => this.receiveFailed(conn, error)
			);
			this.rooms.set(workspaceId, room);
			this.metrics.workspacesLoaded = this.rooms.size;
			const loading = room;
			loading.load().catch(
				fenced('load_failed', (error: unknown) => {
					log('load_failed', { workspaceId, error: String(error) });
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
		const room = this.rooms.get(conn.info.workspaceId);
		if (!room) return;
		try {
			room.receive(conn, new Uint8Array(data.buffer, data.byteOffset, data.length));
		} catch (error) {
			this.receiveFailed(conn, error);
		}
	}

	private receiveFailed(conn: Connection, error: unknown): void {
		if (error instanceof MalformedMessage) {
			conn.refuse(CLOSE.malformed, 'malformed_message', error.message);
		} else {
			log('message_failed', { workspaceId: conn.info.workspaceId, error: String(error) });
			conn.close(CLOSE.internalError, 'internal error');
		}
	}

	private scheduleRelease(workspaceId: string): void {
		const room = this.rooms.get(workspaceId);
		if (!room || room.conns.size > 0 || this.stopping) return;
		this.idleTimers.set(
			workspaceId,
			setTimeout(
				fenced('idle_release', () => {
					this.idleTimers.delete(workspaceId);
					if (room.conns.size === 0 && this.rooms.get(workspaceId) === room) this.drop(room);
				}),
				this.idleReleaseMs
			)
		);
	}

	private drop(room: Room): void {
		if (this.rooms.get(room.id) !== room) return;
		this.rooms.delete(room.id);
		this.metrics.workspacesLoaded = this.rooms.size;
		void room
			.settled()
			.then(() => {
				room.destroy();
				return this.store.release(room.id);
			})
			.catch((error: unknown) =>
				log('release_failed', { workspaceId: room.id, error: String(error) })
			);
	}
}
