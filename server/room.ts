// One document of a workspace in memory (the core document, or a named one): its Y.Doc,
// awareness, and the channels of the connections that carry it (channel.ts). A room answers nothing until
// its document has fully loaded from the store; messages that arrive earlier wait in order.
//
// Hot path: an update is applied once, forwarded to the other connections as one framed
// message (the incoming bytes when they already are an update message), and appended to the
// store; fan-out does not wait for the disk, acks to the author do.
//
// Other relay processes (fanout.ts, with REDIS_URL): an update or presence change a client sends
// here is published after it is applied; what peers publish is applied and forwarded to this
// room's clients but not stored (the process that received it stores and acknowledges it).
//
// Joins: a client asking for everything (empty state vector) gets one cached encoding of the
// whole document plus the updates committed since, so a join storm costs one encode even while
// people keep editing; the encoding is redone at the next join once those updates pile up.
// A document at rest (one stored update) is not applied when it loads: a new device gets the
// stored bytes and a state vector read from them, and the Y.Doc is built on first real need (an
// update, a device that has some of it, the relay's own edit): the cost of serving a workspace
// nobody has open is reading its files.
// Sync step 2 tells a client it now has everything (y-websocket's `synced`), so with updates
// since the encoding it comes last: the encoding and those updates go first as plain updates.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Outgoing, type Channel } from './channel.ts';
import type { DocPeers, PeerAnswer, RemoteSink } from './fanout.ts';
import { fenced } from './fence.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import {
	CLOSE,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	SYNC_STEP_1,
	SYNC_STEP_2,
	SYNC_UPDATE,
	encodeSync
} from '../src/lib/sync/wire.ts';
import { pendingOf, updateChanged } from '../src/lib/sync/update-changed.ts';
import { encodeAwareness, isEmptyStateVector, isEmptyUpdate, withSyncSubtype } from './protocol.ts';
import type { WorkspaceStore } from './storage.ts';

/** The origin of a room's load from the store: nothing new (campaign-sender.ts tells it apart). */
export const LOAD_ORIGIN = Symbol('load');
/** Changes another relay process published (fanout.ts). */
export const REMOTE_ORIGIN = Symbol('remote');
/** Sync step 2 with nothing in it: "that was everything". */
const EMPTY_STEP2 = encodeSync(SYNC_STEP_2, Uint8Array.of(0, 0));
/** The whole document is encoded again once the updates since its encoding exceed this. */
const TAIL_MAX_COUNT = 1000;
const TAIL_MAX_SHARE = 0.25;
/** Awareness entries one connection may own: a tab has one; a few for tests and tools. */
const MAX_AWARENESS_IDS = 8;

/** A message the relay cannot parse; closes only the connection that sent it. */
export class MalformedMessage extends Error {}

export class Room implements RemoteSink {
	private readonly ydoc: Y.Doc;
	/**
	 * The stored update `ydoc` does not hold yet (a document at rest, applied on first need), and
	 * its state vector, read once from the bytes.
	 */
	private atRest: { update: Uint8Array; stateVector: Uint8Array } | null = null;
	/** Someone watches every change, the load's included: the document is applied as it loads. */
	private watched = false;
	readonly awareness: awarenessProtocol.Awareness;
	readonly conns = new Set<Channel>();
	/** Which connection each awareness client id belongs to. */
	private readonly awarenessOwners = new Map<number, Channel>();
	ready = false;
	failed = false;
	/** The other relay processes holding this document; null with no fan-out (one process). */
	peers: DocPeers | null = null;
	/** What peers published while the document loaded, applied after it. */
	private readonly remoteQueue: Array<[kind: 'update' | 'awareness', bytes: Uint8Array]> = [];
	/** Settles once every append issued so far is durable (appends settle in order). */
	private lastAppend: Promise<void> = Promise.resolve();
	private readonly queue: Array<[Channel, Uint8Array]> = [];
	/** Sync step 2 answers by requested state vector; dropped whenever the document changes. */
	private readonly answers = new Map<string, Uint8Array>();
	/** The answer to an empty state vector: one encoding, and the update messages since. */
	private whole: {
		step2: Uint8Array;
		/** The document was empty: the next update alone is the whole document. */
		empty: boolean;
		/** The same encoding as an update message, made once there are updates since. */
		asUpdate: Uint8Array | null;
		tail: Uint8Array[];
		tailBytes: number;
	} | null = null;
	private step1: Uint8Array | null = null;
	private lastTransaction: Y.Transaction | null = null;

	constructor(
		readonly workspaceId: string,
		/** The document's name in its workspace: CORE_DOC ('') or e.g. `people.a7`. */
		readonly docName: string,
		private readonly store: WorkspaceStore,
		private readonly metrics: Metrics,
		private readonly onFailure: (room: Room) => void,
		/** A message that waited for the load and then failed: closes its sender only. */
		private readonly onReceiveError: (conn: Channel, error: unknown) => void
	) {
		// Named: without a guid Yjs makes a random UUID, 37 crypto calls a document (~120 ms of
		// loading the ~800 documents a new device asks for, profiled).
		this.ydoc = new Y.Doc({ gc: true, guid: `${workspaceId}/${docName}` });
		this.awareness = new awarenessProtocol.Awareness(this.ydoc);
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.onAwarenessUpdate);
		this.ydoc.on('afterTransaction', (tr: Y.Transaction) => {
			this.lastTransaction = tr;
		});
	}

	/** The document, with what was stored applied (a document at rest is applied now). */
	get doc(): Y.Doc {
		if (this.atRest) this.applyAtRest();
		return this.ydoc;
	}

	/** Calls `listener` after every change of the document, its load included. */
	watch(listener: (update: Uint8Array, origin: unknown) => void): void {
		this.watched = true;
		this.ydoc.on('update', listener);
	}

	async load(): Promise<void> {
		// Subscribed before reading the store: whatever a peer publishes after the read started
		// reaches us, and what it published before is stored or answered by the catch-up below.
		if (this.peers) await this.peers.joined;
		const updates = await this.store.load(this.workspaceId, this.docName);
		if (updates.length === 1 && !isEmptyUpdate(updates[0])) {
			// A document at rest is one compacted update: it is the whole document as stored, so
			// the first device to ask for all of it gets those bytes, not a new encoding of them.
			const update = updates[0];
			const step2 = encodeSync(SYNC_STEP_2, update);
			this.whole = { step2, empty: false, asUpdate: null, tail: [], tailBytes: 0 };
			this.atRest = {
				// Kept as the answer's own bytes (its payload ends it), not twice in memory.
				update: step2.subarray(step2.length - update.length),
				// Read from the bytes (about half the cost of applying them); throws for bytes Yjs
				// cannot read, which fails the load as applying them would.
				stateVector: Y.encodeStateVectorFromUpdate(update)
			};
			if (this.watched) this.applyAtRest();
		} else {
			this.ydoc.transact(() => {
				for (const update of updates) Y.applyUpdate(this.ydoc, update, LOAD_ORIGIN);
			}, LOAD_ORIGIN);
		}
		this.ready = true;
		for (const [kind, bytes] of this.remoteQueue.splice(0)) {
			if (kind === 'update') this.applyRemoteUpdate(bytes);
			else this.applyRemoteAwareness(bytes);
		}
		this.peers?.catchUp(this.stateVectorNow());
		for (const conn of this.conns) this.greet(conn);
		for (const [conn, message] of this.queue.splice(0)) {
			if (!this.conns.has(conn)) continue;
			try {
				this.receive(conn, message);
			} catch (error) {
				this.onReceiveError(conn, error);
			}
		}
	}

	add(conn: Channel): void {
		this.conns.add(conn);
		if (this.ready) this.greet(conn);
	}

	remove(conn: Channel): void {
		if (!this.conns.delete(conn)) return;
		if (conn.awarenessIds.size === 0) return;
		const ids = [...conn.awarenessIds];
		for (const id of ids) this.awarenessOwners.delete(id);
		conn.awarenessIds.clear();
		awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
	}

	/** Handles one binary message; throws MalformedMessage for bytes it cannot parse. */
	receive(conn: Channel, message: Uint8Array): void {
		if (!this.ready) {
			this.queue.push([conn, message]);
			return;
		}
		const decoder = decoding.createDecoder(message);
		let type: number;
		try {
			type = decoding.readVarUint(decoder);
		} catch {
			throw new MalformedMessage('empty or truncated message');
		}
		switch (type) {
			case MESSAGE_SYNC:
				this.receiveSync(conn, decoder, message);
				break;
			case MESSAGE_AWARENESS:
				this.receiveAwareness(conn, decoder);
				break;
			case MESSAGE_QUERY_AWARENESS:
				this.sendAwarenessStates(conn);
				break;
			default:
				throw new MalformedMessage(`unknown message type ${type}`);
		}
	}

	/**
	 * Presence, bound to the connection: a client may set or remove only the awareness entries
	 * it created (a reconnect of the same invite may take its old entries over), and the
	 * member name in an entry is its invite's, whatever the message says. What is left is
	 * applied and forwarded, re-encoded.
	 */
	private receiveAwareness(conn: Channel, decoder: decoding.Decoder): void {
		const kept: Array<[number, number, string]> = [];
		let forged = 0;
		try {
			const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
			const count = decoding.readVarUint(update);
			for (let i = 0; i < count; i++) {
				const clientID = decoding.readVarUint(update);
				const clock = decoding.readVarUint(update);
				const state = JSON.parse(decoding.readVarString(update)) as unknown;
				if (this.claimAwareness(conn, clientID)) {
					kept.push([clientID, clock, JSON.stringify(this.stampName(conn, state))]);
				} else forged++;
			}
		} catch {
			throw new MalformedMessage('malformed awareness message');
		}
		if (forged > 0) {
			this.metrics.refuse('presence_forgery');
			log('refused', {
				reason: 'presence_forgery',
				workspaceId: this.workspaceId,
				doc: this.docName,
				inviteId: conn.info.inviteId,
				ip: conn.info.ip,
				entries: forged
			});
		}
		if (kept.length === 0) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kept.length);
		for (const [clientID, clock, state] of kept) {
			encoding.writeVarUint(encoder, clientID);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, state);
		}
		const update = encoding.toUint8Array(encoder);
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
		this.broadcast(encodeAwareness(update), conn);
		this.peers?.publishAwareness(update);
	}

	/** Whether `conn` may write the awareness entry of `clientID`; claims it if nobody has. */
	private claimAwareness(conn: Channel, clientID: number): boolean {
		const owner = this.awarenessOwners.get(clientID);
		if (owner === conn) return true;
		if (owner && (!this.conns.has(owner) || owner.info.inviteId === conn.info.inviteId)) {
			owner.awarenessIds.delete(clientID); // a reconnect of the same invite (or a leftover)
		} else if (owner) return false;
		if (conn.awarenessIds.size >= MAX_AWARENESS_IDS) return false;
		this.awarenessOwners.set(clientID, conn);
		conn.awarenessIds.add(clientID);
		return true;
	}

	/** The state with `user.name` set to the name the connection's invite gives (auth.ts). */
	private stampName(conn: Channel, state: unknown): unknown {
		if (typeof state !== 'object' || state === null || Array.isArray(state)) return state;
		const user = (state as { user?: unknown }).user;
		if (typeof user !== 'object' || user === null || Array.isArray(user)) return state;
		let name: string;
		try {
			name = conn.info.presenceName((user as { name?: unknown }).name);
		} catch (error) {
			log('presence_name_failed', {
				workspaceId: this.workspaceId,
				doc: this.docName,
				error: String(error)
			});
			name = conn.info.role;
		}
		return { ...state, user: { ...user, name } };
	}

	/** Drops the document and awareness; the room is unusable afterwards. */
	destroy(): void {
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.ydoc.destroy();
		this.atRest = null;
		this.answers.clear();
		this.whole = null;
	}

	/**
	 * A change the relay makes itself (a campaign's statuses, an unsubscribe): applied to the
	 * document, forwarded to every connection and stored, as a client's update is. Resolves once
	 * it is durable; a change that changes nothing resolves when what came before is.
	 */
	edit(change: (doc: Y.Doc) => void, origin: unknown): Promise<void> {
		if (!this.ready || this.failed) return Promise.reject(new Error('document not loaded'));
		const updates: Uint8Array[] = [];
		const capture = (update: Uint8Array) => updates.push(update);
		this.doc.on('update', capture);
		try {
			this.doc.transact(() => change(this.doc), origin);
		} finally {
			this.doc.off('update', capture);
		}
		if (updates.length === 0) return this.settled();
		this.commit(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates), null, null);
		return this.lastAppend;
	}

	/** Resolves once everything this room appended is durable. */
	settled(): Promise<void> {
		return this.lastAppend.catch(() => {});
	}

	private receiveSync(conn: Channel, decoder: decoding.Decoder, message: Uint8Array): void {
		let subtype: number;
		let payload: Uint8Array;
		let stored = true;
		try {
			subtype = decoding.readVarUint(decoder);
			payload = decoding.readVarUint8Array(decoder);
		} catch {
			throw new MalformedMessage('truncated sync message');
		}
		if (subtype === SYNC_STEP_1) {
			if (isEmptyStateVector(payload)) {
				for (const message of this.wholeDocument()) conn.send(message);
			} else {
				conn.send(this.answerStep1(payload));
			}
		} else if (subtype === SYNC_STEP_2 || subtype === SYNC_UPDATE) {
			if (!isEmptyUpdate(payload)) {
				if (conn.info.role === 'viewer' && !this.holdsAlready(payload)) {
					stored = false;
					this.metrics.refuse('viewer_write');
					log('refused', {
						reason: 'viewer_write',
						workspaceId: this.workspaceId,
						doc: this.docName,
						inviteId: conn.info.inviteId,
						ip: conn.info.ip,
						bytes: payload.length
					});
				} else if (conn.info.role !== 'viewer') {
					this.applyUpdate(conn, payload, subtype === SYNC_UPDATE ? message : null);
				}
			}
		} else {
			throw new MalformedMessage(`unknown sync message type ${subtype}`);
		}
		// A dropped write is not stored: it is never confirmed, and neither is anything after it.
		conn.trackSync(this.lastAppend, stored);
	}

	/**
	 * Whether the document already holds everything in `update` (a viewer's sync step 2 repeats
	 * its whole delete set even when it has nothing new). Only viewers' messages are checked.
	 */
	private holdsAlready(update: Uint8Array): boolean {
		try {
			return Y.snapshotContainsUpdate(Y.snapshot(this.doc), update);
		} catch {
			throw new MalformedMessage('malformed update');
		}
	}

	/** Sync step 2 for a state vector: computed once per distinct vector and document state. */
	private answerStep1(stateVector: Uint8Array): Uint8Array {
		const key = Buffer.from(
			stateVector.buffer,
			stateVector.byteOffset,
			stateVector.length
		).toString('latin1');
		let answer = this.answers.get(key);
		if (!answer) {
			let diff: Uint8Array;
			try {
				diff = Y.encodeStateAsUpdate(this.doc, stateVector);
			} catch {
				throw new MalformedMessage('malformed state vector');
			}
			answer = encodeSync(SYNC_STEP_2, diff);
			// Devices coming back together (all caught up, say) often send one vector; keep a few.
			if (this.answers.size >= 8) this.answers.clear();
			this.answers.set(key, answer);
		}
		return answer;
	}

	/** Messages that together hold the whole document, the last one a sync step 2. */
	private wholeDocument(): Uint8Array[] {
		const whole = this.whole;
		if (!whole) {
			const update = Y.encodeStateAsUpdate(this.doc);
			const step2 = encodeSync(SYNC_STEP_2, update);
			this.whole = { step2, empty: isEmptyUpdate(update), asUpdate: null, tail: [], tailBytes: 0 };
			return [step2];
		}
		if (whole.tail.length === 0) return [whole.step2];
		whole.asUpdate ??= withSyncSubtype(whole.step2, SYNC_UPDATE);
		return [whole.asUpdate, ...whole.tail, EMPTY_STEP2];
	}

	private applyUpdate(conn: Channel, update: Uint8Array, asMessage: Uint8Array | null): void {
		const pending = pendingOf(this.doc);
		this.lastTransaction = null;
		try {
			Y.applyUpdate(this.doc, update, conn);
		} catch {
			// Yjs reads the delete set after integrating structs: keep whatever did get in, so
			// memory and disk never disagree, then refuse the message. Structs parked as pending
			// count too: a later update integrates them, and joiners are served them (the
			// encoding includes pending structs), so they must be stored and forwarded now.
			const tr = this.lastTransaction as Y.Transaction | null;
			if (updateChanged(this.doc, tr, pending)) {
				const before = tr ? Y.encodeStateVector(tr.beforeState) : Y.encodeStateVector(this.doc);
				this.commit(Y.encodeStateAsUpdate(this.doc, before), null, conn);
			}
			throw new MalformedMessage('malformed update');
		}
		const tr = this.lastTransaction as Y.Transaction | null;
		if (updateChanged(this.doc, tr, pending)) this.commit(update, asMessage, conn);
	}

	/** Forwards a new update to everyone else and appends it to the store. */
	private commit(update: Uint8Array, asMessage: Uint8Array | null, author: Channel | null): void {
		this.share(update, asMessage, author);
		this.peers?.publishUpdate(update);
		const started = performance.now();
		const append = this.store.append(this.workspaceId, this.docName, update);
		this.lastAppend = append;
		append.then(
			() => this.metrics.observePersistence((performance.now() - started) / 1000),
			fenced('persistence_failed', (error: unknown) => {
				this.metrics.persistenceErrors++;
				log('persistence_failed', {
					workspaceId: this.workspaceId,
					doc: this.docName,
					error: String(error)
				});
				this.fail();
			})
		);
	}

	/** Forwards a new update to this room's connections but its author, and notes it for joins. */
	private share(update: Uint8Array, asMessage: Uint8Array | null, author: Channel | null): void {
		this.answers.clear();
		this.step1 = null;
		const message = asMessage ?? encodeSync(SYNC_UPDATE, update);
		this.broadcast(message, author);
		const whole = this.whole;
		if (whole?.empty) {
			// The first update into an empty document, e.g. an import: it is the whole document.
			const step2 = withSyncSubtype(message, SYNC_STEP_2);
			this.whole = { step2, empty: false, asUpdate: null, tail: [], tailBytes: 0 };
		} else if (whole) {
			// A copy: `message` may be a view into a larger buffer the socket read into.
			whole.tail.push(new Uint8Array(message));
			whole.tailBytes += message.length;
			// Encoding again pays off once the updates since may overlap (several, together a
			// sizeable share) or are many; one large update (an import) is kept as it came.
			if (
				whole.tail.length > TAIL_MAX_COUNT ||
				(whole.tail.length > 1 && whole.tailBytes > whole.step2.length * TAIL_MAX_SHARE)
			) {
				this.whole = null;
			}
		}
	}

	applyRemoteUpdate(update: Uint8Array): void {
		if (this.failed) return;
		if (!this.ready) {
			this.remoteQueue.push(['update', new Uint8Array(update)]);
			return;
		}
		const pending = pendingOf(this.doc);
		this.lastTransaction = null;
		try {
			Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
		} catch (error) {
			// A peer publishes only what it applied; bytes that fail here are not its clients'.
			log('remote_update_failed', {
				workspaceId: this.workspaceId,
				doc: this.docName,
				error: String(error)
			});
			return;
		}
		const tr = this.lastTransaction as Y.Transaction | null;
		if (updateChanged(this.doc, tr, pending)) this.share(update, null, null);
	}

	applyRemoteAwareness(update: Uint8Array): void {
		if (this.failed) return;
		if (!this.ready) {
			this.remoteQueue.push(['awareness', new Uint8Array(update)]);
			return;
		}
		try {
			// Forwarded to this room's clients by onAwarenessUpdate.
			awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
		} catch (error) {
			log('remote_awareness_failed', {
				workspaceId: this.workspaceId,
				doc: this.docName,
				error: String(error)
			});
		}
	}

	dropRemotePresence(clientIds: number[]): void {
		if (this.failed) return;
		// Not an entry a connection here holds now (a client that moved to this process).
		const ids = clientIds.filter(
			(id) => !this.awarenessOwners.has(id) && this.awareness.states.has(id)
		);
		// Forwarded to this room's clients, not published: every process drops them itself.
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, REMOTE_ORIGIN);
	}

	answerPeer(stateVector: Uint8Array): PeerAnswer | null {
		if (!this.ready || this.failed) return null;
		let update: Uint8Array;
		let theirs: Map<number, number>;
		try {
			update = Y.encodeStateAsUpdate(this.doc, stateVector);
			theirs = Y.decodeStateVector(stateVector);
		} catch {
			return null;
		}
		let theyHaveMore = false;
		for (const [client, clock] of theirs) {
			if (clock > Y.getState(this.doc.store, client)) theyHaveMore = true;
		}
		const own = [...this.awarenessOwners.keys()].filter((id) => this.awareness.states.has(id));
		return {
			update: isEmptyUpdate(update) ? null : update,
			awareness:
				own.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, own) : null,
			theyHaveMore
		};
	}

	stateVector(): Uint8Array | null {
		return this.ready && !this.failed ? this.stateVectorNow() : null;
	}

	/** The document's state vector, read from the stored bytes while they are not applied. */
	private stateVectorNow(): Uint8Array {
		return this.atRest ? this.atRest.stateVector : Y.encodeStateVector(this.ydoc);
	}

	/**
	 * A write failed: memory now holds something the disk may not. Close every connection and
	 * drop the room; clients reconnect to a room rebuilt from disk and resend what it lacks.
	 */
	private fail(): void {
		if (this.failed) return;
		this.failed = true;
		for (const conn of this.conns) conn.close(CLOSE.internalError, 'storage failure');
		this.onFailure(this);
	}

	/** Applies the stored document that `load` left as bytes: its load, as a watcher sees it. */
	private applyAtRest(): void {
		const { update } = this.atRest!;
		this.atRest = null;
		try {
			Y.applyUpdate(this.ydoc, update, LOAD_ORIGIN);
		} catch (error) {
			// What the store holds cannot be read: as a load that failed, nobody is served from it.
			log('load_failed', {
				workspaceId: this.workspaceId,
				doc: this.docName,
				error: String(error)
			});
			this.fail();
			throw error;
		}
	}

	private greet(conn: Channel): void {
		if (!this.step1) this.step1 = encodeSync(SYNC_STEP_1, this.stateVectorNow());
		conn.send(this.step1);
		this.sendAwarenessStates(conn);
	}

	private sendAwarenessStates(conn: Channel): void {
		const states = this.awareness.getStates();
		if (states.size === 0) return;
		conn.send(
			encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]))
		);
	}

	private broadcast(message: Uint8Array, except: Channel | null): void {
		const out = new Outgoing(message, this.docName);
		for (const conn of this.conns) {
			if (conn !== except) conn.sendShared(out);
		}
	}

	private readonly onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		// A client's own message was forwarded, re-encoded, by receiveAwareness.
		if (origin && typeof origin === 'object' && this.conns.has(origin as Channel)) return;
		// Removals on disconnect or timeout originate here and must be announced, and so must
		// what peers publish; a disconnect here is published too (each process times out stale
		// entries on its own, so timeouts are not).
		const changedIds = [...added, ...updated, ...removed];
		if (changedIds.length === 0) return;
		const peers = origin === null ? this.peers : null;
		if (this.conns.size === 0 && !peers) return;
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changedIds);
		if (this.conns.size > 0) this.broadcast(encodeAwareness(update), null);
		peers?.publishAwareness(update);
	};
}
