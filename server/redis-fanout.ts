// Fan-out through Redis pub/sub (REDIS_URL): one channel per document, `crm:doc:<ws>/<doc>`,
// subscribed while this process holds the document. Pub/sub, not streams: measured in
// bench/redis-transport.bench.ts (pub/sub delivers with less latency, and a stream per document
// would need a blocking read per document or one over thousands of keys); what pub/sub drops —
// messages published before we subscribed, or while Redis was down — the state-vector
// exchange (fanout.ts) recovers from the peers' memory, and storage holds the rest.
//
// A message is [kind][sender id, 8 bytes][payload]; a process ignores its own.
//
// Presence of a process that died: its clients' awareness entries would stay at the others until
// their 30 s timeout. Each process publishes a heartbeat every HEARTBEAT_MS on `<prefix>!relays`
// (no document's channel: ids hold no '!'), and notes which process each remote awareness entry
// came from; when a process is not heard for PEER_TIMEOUT_MS, or says goodbye on a clean close,
// the others drop its entries at once (Room.dropRemotePresence). A process that cannot hear Redis
// itself judges nobody.
import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import { Redis } from 'ioredis';
import type { DocPeers, Fanout, RemoteSink } from './fanout.ts';
import { fenced } from './fence.ts';
import { log } from './log.ts';
import type { FanoutCounts } from './metrics.ts';

const KIND_UPDATE = 0x75; // 'u'
const KIND_AWARENESS = 0x61; // 'a'
const KIND_STATE = 0x73; // 's': a state vector, "send me what I lack"
const KIND_HEARTBEAT = 0x68; // 'h': on the relays' channel, "I am alive"
const KIND_BYE = 0x62; // 'b': on the relays' channel, "I am closing"
const ID_BYTES = 8;
const HEARTBEAT_MS = 1000;
/** A process not heard for this long is gone: three heartbeats missed, and some slack. */
const PEER_TIMEOUT_MS = 3500;
/** A subscription not confirmed by then lets the room load anyway; it catches up when it is. */
const SUBSCRIBE_WAIT_MS = 2000;
const QUIT_WAIT_MS = 2000;

export class RedisFanout implements Fanout {
	private readonly pub: Redis;
	private readonly sub: Redis;
	private readonly id = randomBytes(ID_BYTES);
	/** Rooms by channel name. */
	private readonly sinks = new Map<string, RemoteSink>();
	/** Remote awareness entries by channel: client id → the process (hex id) that sent it. */
	private readonly presence = new Map<string, Map<number, string>>();
	/** Other processes, when last heard of. */
	private readonly peersSeen = new Map<string, number>();
	private readonly relaysChannel: string;
	private heartbeat: NodeJS.Timeout | null = null;
	private subReady = false;
	private pubReady = false;
	private down = false;
	private closed = false;
	readonly counts: FanoutCounts = { published: 0, received: 0, dropped: 0, connected: false };

	constructor(
		url: string,
		private readonly prefix = 'crm:doc:'
	) {
		this.relaysChannel = `${prefix}!relays`;
		const options = {
			// Publishing is fire-and-forget: while Redis is down a message is dropped (the
			// catch-up after the reconnect recovers it), never queued without bound.
			enableOfflineQueue: false,
			autoResubscribe: false,
			maxRetriesPerRequest: 1,
			connectTimeout: 2000,
			retryStrategy: (times: number) => Math.min(100 * times, 1000)
		};
		this.pub = new Redis(url, { ...options, connectionName: 'crm-relay-pub' });
		this.sub = new Redis(url, { ...options, connectionName: 'crm-relay-sub' });
		for (const [name, redis] of [
			['pub', this.pub],
			['sub', this.sub]
		] as const) {
			redis.on('error', (error: Error) => this.lost(name, error));
			redis.on('close', () => this.lost(name, null));
		}
		this.pub.on(
			'ready',
			fenced('redis_ready', () => {
				this.pubReady = true;
				this.up();
			})
		);
		this.sub.on(
			'ready',
			fenced('redis_ready', () => void this.resubscribe())
		);
		this.heartbeat = setInterval(
			fenced('redis_heartbeat', () => this.beat()),
			HEARTBEAT_MS
		);
		this.heartbeat.unref();
		this.sub.on(
			'messageBuffer',
			fenced('redis_message', (channel: Buffer, message: Buffer) => this.deliver(channel, message))
		);
	}

	get ready(): boolean {
		return this.pubReady && this.subReady;
	}

	join(workspaceId: string, doc: string, sink: RemoteSink): DocPeers {
		const channel = `${this.prefix}${workspaceId}/${doc}`;
		this.sinks.set(channel, sink);
		const joined = this.subReady
			? bounded(this.sub.subscribe(channel), SUBSCRIBE_WAIT_MS).then(
					() => {},
					(error: unknown) => log('redis_subscribe_failed', { channel, error: String(error) })
				)
			: Promise.resolve(); // subscribed with the others when Redis is back
		return {
			joined,
			publishUpdate: (update) => this.publish(channel, KIND_UPDATE, update),
			publishAwareness: (update) => this.publish(channel, KIND_AWARENESS, update),
			catchUp: (stateVector) => this.publish(channel, KIND_STATE, stateVector),
			leave: () => {
				if (this.sinks.get(channel) !== sink) return;
				this.sinks.delete(channel);
				this.presence.delete(channel);
				if (this.subReady) this.sub.unsubscribe(channel).catch(() => {});
			}
		};
	}

	publishStored(workspaceId: string, doc: string, update: Uint8Array): void {
		this.publish(`${this.prefix}${workspaceId}/${doc}`, KIND_UPDATE, update);
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.heartbeat) clearInterval(this.heartbeat);
		// Peers drop this process's clients' presence now rather than at the timeout.
		if (this.pubReady) {
			await bounded(
				this.pub.publish(this.relaysChannel, this.message(KIND_BYE)),
				QUIT_WAIT_MS
			).catch(() => {});
		}
		this.sinks.clear();
		await Promise.all(
			[this.pub, this.sub].map((redis) =>
				bounded(redis.quit(), QUIT_WAIT_MS).catch(() => redis.disconnect())
			)
		);
	}

	private publish(channel: string, kind: number, payload: Uint8Array): void {
		if (!this.pubReady) {
			this.counts.dropped++;
			return;
		}
		this.counts.published++;
		this.pub.publish(channel, this.message(kind, payload)).catch(() => {}); // caught up later
	}

	private message(kind: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
		const message = Buffer.allocUnsafe(1 + ID_BYTES + payload.length);
		message[0] = kind;
		this.id.copy(message, 1);
		message.set(payload, 1 + ID_BYTES);
		return message;
	}

	/** Says this process is alive, and drops the presence of peers not heard for too long. */
	private beat(): void {
		if (this.pubReady)
			this.pub.publish(this.relaysChannel, this.message(KIND_HEARTBEAT)).catch(() => {});
		// Not hearing Redis ourselves says nothing of the others (up() restarts their clocks).
		if (!this.subReady) return;
		const now = Date.now();
		for (const [peer, seen] of this.peersSeen) {
			if (now - seen > PEER_TIMEOUT_MS) this.dropPeer(peer, 'silent');
		}
	}

	private dropPeer(peer: string, why: 'silent' | 'bye'): void {
		this.peersSeen.delete(peer);
		let dropped = 0;
		for (const [channel, owners] of this.presence) {
			const ids: number[] = [];
			for (const [clientId, owner] of owners) if (owner === peer) ids.push(clientId);
			if (ids.length === 0) continue;
			for (const id of ids) owners.delete(id);
			dropped += ids.length;
			this.sinks.get(channel)?.dropRemotePresence(ids);
		}
		log('redis_peer_gone', { peer, why, presence: dropped });
	}

	/** Notes which process sent each awareness entry (a removal forgets it). */
	private notePresence(channel: string, peer: string, update: Uint8Array): void {
		let owners = this.presence.get(channel);
		if (!owners) this.presence.set(channel, (owners = new Map()));
		try {
			const decoder = decoding.createDecoder(update);
			const count = decoding.readVarUint(decoder);
			for (let i = 0; i < count; i++) {
				const clientId = decoding.readVarUint(decoder);
				decoding.readVarUint(decoder); // clock
				if (decoding.readVarString(decoder) === 'null') owners.delete(clientId);
				else owners.set(clientId, peer);
			}
		} catch {
			// the room refuses it too (applyRemoteAwareness logs it)
		}
	}

	private deliver(channelBytes: Buffer, message: Buffer): void {
		if (message.length < 1 + ID_BYTES || this.id.equals(message.subarray(1, 1 + ID_BYTES))) return;
		const peer = message.toString('hex', 1, 1 + ID_BYTES);
		const channel = channelBytes.toString('latin1');
		if (channel === this.relaysChannel) {
			if (message[0] === KIND_BYE) this.dropPeer(peer, 'bye');
			else this.peersSeen.set(peer, Date.now());
			return;
		}
		const sink = this.sinks.get(channel);
		if (!sink) return;
		// Whatever a peer sends shows it alive; one first heard here is judged from now on.
		this.peersSeen.set(peer, Date.now());
		this.counts.received++;
		const payload = new Uint8Array(
			message.buffer,
			message.byteOffset + 1 + ID_BYTES,
			message.length - 1 - ID_BYTES
		);
		switch (message[0]) {
			case KIND_UPDATE:
				sink.applyRemoteUpdate(payload);
				break;
			case KIND_AWARENESS:
				this.notePresence(channel, peer, payload);
				sink.applyRemoteAwareness(payload);
				break;
			case KIND_STATE: {
				const answer = sink.answerPeer(payload);
				if (!answer) break;
				if (answer.update) this.publish(channel, KIND_UPDATE, answer.update);
				if (answer.awareness) this.publish(channel, KIND_AWARENESS, answer.awareness);
				if (answer.theyHaveMore) {
					const ours = sink.stateVector();
					if (ours) this.publish(channel, KIND_STATE, ours);
				}
				break;
			}
		}
	}

	/** After (re)connecting: subscribe every held document again, then catch up. */
	private async resubscribe(): Promise<void> {
		const done = new Set<string>();
		try {
			// Rooms that join meanwhile wait for this (subReady is false): take them in too.
			for (;;) {
				const channels = [this.relaysChannel, ...this.sinks.keys()].filter(
					(channel) => !done.has(channel)
				);
				if (channels.length === 0) break;
				await bounded(this.sub.subscribe(...channels), SUBSCRIBE_WAIT_MS);
				for (const channel of channels) done.add(channel);
			}
		} catch (error) {
			log('redis_subscribe_failed', { channels: this.sinks.size, error: String(error) });
			this.sub.disconnect(true); // try again from the start
			return;
		}
		this.subReady = true;
		this.up();
	}

	private up(): void {
		if (!this.ready || this.closed) return;
		if (this.down) log('redis_reconnected', {});
		this.down = false;
		this.counts.connected = true;
		// What peers said while we could not hear is lost: their clocks start again now.
		const now = Date.now();
		for (const peer of this.peersSeen.keys()) this.peersSeen.set(peer, now);
		// Rooms that loaded before Redis answered, or held their documents while it was down,
		// may have missed what peers published.
		for (const [channel, sink] of this.sinks) {
			const stateVector = sink.stateVector();
			if (stateVector) this.publish(channel, KIND_STATE, stateVector);
		}
	}

	private lost(link: 'pub' | 'sub', error: Error | null): void {
		if (link === 'pub') this.pubReady = false;
		else this.subReady = false;
		this.counts.connected = false;
		if (this.closed || this.down) return;
		this.down = true;
		log('redis_unreachable', { link, error: error ? error.message : 'connection closed' });
	}
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
