/**
 * The browser's one connection to the relay for a workspace, carrying all of its documents:
 * the core document '' and any number of others (`people.a7`, `history.2026-12`), added and
 * removed at any time. It opens a socket offering `crm`, `crm-docs` and `token.<token>`; every
 * message is then `[6][doc][message]` (./wire), and a document is subscribed by sending its
 * sync step 1. Besides syncing, it keeps what people see: the relay's role, the changes not yet
 * confirmed on the relay's disk (counted per document, kept per document across reloads), why
 * it is offline or refused, and presence (on the core document). The status says 'synced'
 * while connected with every added document synced on this connection: adding one while
 * connected says 'connecting' until the relay has answered for it. Changes are also shared at
 * once with this browser's other tabs (tab-channel.ts).
 *
 * It offers `crm-batch` too: a relay that answers it takes and sends batches of document
 * messages (`[7]`, ./wire), so what one task sends is one frame, and a new device's hundreds of
 * subscriptions and their answers travel in a few frames. What arrives is applied in order, a
 * slice of APPLY_SLICE_MS per task (the rest in the next task), so a batch of documents is
 * applied without holding the page and without waiting a frame per document. A relay that
 * answers `crm-docs` (one that predates batches) gets one message per frame; one that answers
 * the plain `crm` subprotocol (one that predates `crm-docs`) gets the core document alone,
 * unwrapped, as before; other documents then wait for a relay that can.
 *
 * Add a document after its on-device copy has loaded (y-indexeddb `whenSynced`): changes left
 * unconfirmed by an earlier session are counted as confirmed once the relay acknowledges the
 * sync step 2 this device sends, so that step must already contain them.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { AwarenessSync } from './awareness-sync';
import { TabChannel } from './tab-channel';
import { describeClose, retryLaterDelay, type CloseMeaning } from './close-codes';
import { reconnectDelay } from './reconnect-delay';
import { DocFetch } from './doc-fetch';
import { DocSync, type DocSyncHooks } from './doc-sync';
import { Outbox } from './outbox';
import { defaultStorage, type KeyValueStorage } from './pending-store';
import { PendingTally } from './pending-tally';
import { relayStatus, STATUS_MESSAGES, type RelayStatus } from './relay-status';
import { workspaceSocketTarget, type SocketTarget } from './relay-url';
import {
	CORE_DOC,
	encodeDocMessage,
	isDocName,
	encodeDocMessages,
	MESSAGE_ACK,
	MESSAGE_BATCH,
	MESSAGE_DOC,
	MESSAGE_ROLE,
	MESSAGE_SYNC,
	readAck,
	readBatch,
	readDocMessage,
	readRole,
	SUBPROTOCOL_BATCH,
	SUBPROTOCOL_DOCS,
	SYNC_STEP_2,
	type DocMessage,
	type Role
} from './wire';

export type { RelayStatus, SyncStatus } from './relay-status';
export type WebSocketClass = typeof WebSocket;

export interface WorkspaceSyncOptions {
	/** The relay's http(s) origin, e.g. location.origin. */
	relayUrl: string;
	workspaceId: string;
	token: string;
	onStatus?: (status: RelayStatus) => void;
	/**
	 * Whether a transaction origin is a local edit worth confirming (default: every origin but
	 * the relay's). Pass one that rejects the device's load origin.
	 */
	isLocalOrigin?: (origin: unknown) => boolean;
	/** The WebSocket class to build on (default: the global one; in Node, `ws`'s WebSocket). */
	WebSocket?: WebSocketClass;
	/** Where the pending counts survive reloads (default: localStorage where there is one). */
	storage?: KeyValueStorage | null;
	/** Start in "work offline" mode. */
	workOffline?: boolean;
	/** Clock for lastSyncedAt (tests). */
	now?: () => number;
	/** Randomness for the reconnect jitter (tests). */
	random?: () => number;
	/** Presence state to share on the core document (default: a new one). */
	awareness?: Awareness;
	/**
	 * Do not share changes with this browser's other tabs over a BroadcastChannel (tests with
	 * several devices in one process).
	 */
	disableBc?: boolean;
	/** Documents to sync from the start (as `add` each), before the first status. */
	docs?: Iterable<readonly [name: string, doc: Y.Doc]>;
}

/** How the relay speaks on the current connection. */
type Mode = 'batch' | 'docs' | 'core-only';

type Wait = { kind: 'backoff' | 'retry-later'; timer: ReturnType<typeof setTimeout> };

/**
 * How many documents may await the relay's first answer at once; the others wait their turn.
 * A new device subscribing ~560 documents at once had all their answers queued in the relay's
 * send buffer together (~18 KB each at 10k people, ~180 KB at 100k) and was closed as a slow
 * reader (4408) when they passed 8 MiB; 16 at a time stay far below that. With batches the
 * subscriptions go out together and come back in a few frames, so a window is a round trip:
 * 32 (~6 MB of answers at 100k people, ~0.6 MB at 10k) halves the round trips and stays under.
 */
const SUBSCRIBING_AT_ONCE: Record<Mode, number> = { batch: 32, docs: 16, 'core-only': 16 };

/**
 * …and fewer when answers are large: as many as this many bytes of answers, at the size seen so
 * far. A 100k workspace's shards are ~340 KB each; 32 of them (11 MB) passed the relay's 8 MiB
 * of unread bytes while the page was busy applying, and it closed the connection (4408) up to
 * five times in one first sync (a 100k first sync took 9–23 s run to run).
 */
const SUBSCRIBING_BYTES = 4 * 1024 * 1024;
/** Never fewer than this awaited at once… */
const SUBSCRIBING_AT_LEAST = 2;
/** …and no more than this until that many answers have told their size. */
const SUBSCRIBING_UNSIZED = 8;

/** How long one task applies received messages before leaving the rest to the next task. */
const APPLY_SLICE_MS = 10;

/** A batch we send is cut into frames of at most this many bytes (the relay takes 16 MiB). */
const SEND_BATCH_MAX_BYTES = 1024 * 1024;

export class WorkspaceSync {
	readonly workspaceId: string;
	readonly awareness: Awareness;

	readonly #target: SocketTarget;
	readonly #WebSocket: WebSocketClass;
	readonly #isLocalOrigin: (origin: unknown) => boolean;
	readonly #onStatus: ((status: RelayStatus) => void) | undefined;
	readonly #now: () => number;
	readonly #random: () => number;

	readonly #docs = new Map<string, DocSync>();
	readonly #pending: PendingTally;
	readonly #presence: AwarenessSync;
	readonly #tabs: TabChannel | null;
	/** Attached documents that have not completed their sync on this connection. */
	#unsynced = 0;
	/** Attached documents waiting for their turn to subscribe (SUBSCRIBING_AT_ONCE). */
	#waiting: DocSync[] = [];
	/** Subscribed documents whose first answer has not come yet. */
	#subscribing = 0;
	/** The size of a document's first answer (sync step 2), averaged as they come. */
	#answerBytes = 0;
	#answersSeen = 0;
	/** Received document messages not applied yet, in order, from #inboxAt on (#drain). */
	#inbox: DocMessage[] = [];
	#inboxAt = 0;
	#drainScheduled = false;
	readonly #nextTask: NextTask;

	#socket: WebSocket | null = null;
	/** The current socket opened; null until then. */
	#mode: Mode | null = null;
	#outbox: Outbox | null = null;
	#role: Role | null = null;
	#lastSyncedAt: number | null = null;
	#workOffline: boolean;
	#browserOffline: boolean;
	/** A close that ended automatic reconnection ('refuse' or 'stop'). */
	#halt: CloseMeaning | null = null;
	/** Why we are reconnecting, once a connection dropped. */
	#notice: string | null = null;
	/** Attempts since the last complete sync. */
	#failures = 0;
	#retryLaterAttempts = 0;
	#wait: Wait | null = null;
	#lastEmitted = '';
	#destroyed = false;

	constructor(options: WorkspaceSyncOptions) {
		this.#target = workspaceSocketTarget(options.relayUrl, options.workspaceId, options.token);
		const Base = options.WebSocket ?? globalThis.WebSocket;
		if (Base === undefined) {
			throw new TypeError(
				'No WebSocket here: pass options.WebSocket (in Node, from the ws package)'
			);
		}
		this.#WebSocket = Base;
		this.workspaceId = options.workspaceId;
		const storage = options.storage === undefined ? defaultStorage() : options.storage;
		this.#pending = new PendingTally(storage, options.workspaceId);
		this.#isLocalOrigin = options.isLocalOrigin ?? (() => true);
		this.#onStatus = options.onStatus;
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
		this.#nextTask = nextTask(this.#drain);
		this.#workOffline = options.workOffline ?? false;
		this.#browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
		this.awareness = options.awareness ?? new Awareness(new Y.Doc());
		this.#presence = new AwarenessSync(this.awareness);
		this.#tabs =
			options.disableBc === true || typeof BroadcastChannel === 'undefined'
				? null
				: new TabChannel(this.#target.channel, (name) => this.#followed(name)?.doc, this);
		if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
			window.addEventListener('online', this.#onOnline);
			window.addEventListener('offline', this.#onOffline);
		}
		for (const [name, doc] of options.docs ?? []) this.#add(name, doc);
		this.#apply();
	}

	/** Syncs `doc` as the workspace's document `name` too: now if connected, else at the next connect. */
	add(name: string, doc: Y.Doc): void {
		this.#add(name, doc);
		this.#emit();
	}

	#add(name: string, doc: Y.Doc): void {
		if (this.#destroyed) throw new Error('WorkspaceSync was destroyed');
		if (!isDocName(name)) throw new TypeError(`not a document name: "${name}"`);
		const existing = this.#docs.get(name);
		// Opened while it was being fetched: the document's own sync takes over (fetch() waits for it).
		if (existing instanceof DocFetch) this.remove(name);
		else if (existing !== undefined) {
			if (existing.doc === doc) return;
			throw new Error(`document "${name}" was already added with another Y.Doc`);
		}
		const sync = new DocSync(name, doc, this.#pending.load(name), this, this.#hooks(name));
		this.#docs.set(name, sync);
		this.#pending.track(sync);
		this.#tabs?.announce(name, doc);
		this.#attach(sync);
	}

	/**
	 * Fetches document `name` onto the device without applying it here: what the relay holds of
	 * it (and sends until the fetch ends) goes to `store` as update bytes. Resolves once the
	 * relay's whole state went to `store`, or, if the document is opened here meanwhile (or
	 * was already), once that document synced; rejects if the fetch is ended by destroy.
	 */
	async fetch(name: string, store: (update: Uint8Array) => void): Promise<void> {
		if (this.#destroyed) throw new Error('WorkspaceSync was destroyed');
		if (!isDocName(name)) throw new TypeError(`not a document name: "${name}"`);
		const existing = this.#docs.get(name);
		if (existing !== undefined && !(existing instanceof DocFetch)) return existing.whenSynced();
		// Asked for again (an earlier caller gave up waiting): the fetch under way goes on, to `store`.
		existing?.storeTo(store);
		const sync = existing ?? new DocFetch(name, store, this, this.#hooks(name));
		if (existing === undefined) {
			this.#docs.set(name, sync);
			this.#attach(sync);
			this.#emit();
		}
		try {
			await sync.whenSynced();
		} catch (error) {
			const opened = this.#docs.get(name);
			if (opened === undefined || opened instanceof DocFetch) throw error;
			return opened.whenSynced();
		} finally {
			if (this.#docs.get(name) === sync) this.remove(name);
		}
	}

	#hooks(name: string): DocSyncHooks {
		return {
			isLocalOrigin: this.#isLocalOrigin,
			pendingChanged: this.#pendingChanged,
			synced: this.#docSynced,
			changed: (_sync, update) => this.#tabs?.update(name, update),
			beforeLocalObservers: () => this.#tabs?.reserve()
		};
	}

	/** The document this tab follows under `name` (not one only being fetched). */
	#followed(name: string): DocSync | undefined {
		const sync = this.#docs.get(name);
		return sync instanceof DocFetch ? undefined : sync;
	}

	/** Stops syncing document `name` (its unconfirmed count is kept for when it comes back). */
	remove(name: string): void {
		const sync = this.#docs.get(name);
		if (sync === undefined) return;
		if (this.#outbox !== null && this.#isAttachable(name) && !sync.syncedNow) {
			this.#unsynced--;
			const waiting = this.#waiting.indexOf(sync);
			if (waiting >= 0) this.#waiting.splice(waiting, 1);
			else this.#nextSubscription();
		}
		this.#docs.delete(name);
		sync.destroy(`document "${name}" was removed`);
		this.#pending.untrack(sync);
		if (name === CORE_DOC) this.#presence.detach();
		if (this.#outbox !== null && this.#unsynced === 0) this.#allSynced();
		this.#emit();
	}

	has(name: string): boolean {
		return this.#docs.has(name);
	}

	get names(): string[] {
		return [...this.#docs.keys()];
	}

	/** Resolves when document `name` completed its first sync with the relay in this session. */
	synced(name: string): Promise<void> {
		const sync = this.#docs.get(name);
		if (sync === undefined) return Promise.reject(new Error(`document "${name}" is not added`));
		return sync.whenSynced();
	}

	/**
	 * Whether document `name` is in step with the relay now: connected, and the relay's copy
	 * received on this connection. Other documents still subscribing do not count (the status
	 * says 'connecting' while any does).
	 */
	isSyncedNow(name: string): boolean {
		return this.#mode !== null && this.#followed(name)?.syncedNow === true;
	}

	/** Resolves when every document added so far completed its first sync in this session. */
	async allSynced(): Promise<void> {
		await Promise.all([...this.#docs.values()].map((sync) => sync.whenSynced()));
	}

	get status(): RelayStatus {
		return relayStatus({
			pending: this.#pending.total,
			role: this.#role,
			lastSyncedAt: this.#lastSyncedAt,
			workOffline: this.#workOffline,
			browserOffline: this.#browserOffline,
			halt: this.#halt,
			synced: this.#mode !== null && this.#unsynced === 0,
			notice: this.#notice
		});
	}

	get workOffline(): boolean {
		return this.#workOffline;
	}

	/** The person's "work offline" switch: disconnects now, reconnects when turned off. */
	setWorkOffline(offline: boolean): void {
		this.#workOffline = offline;
		if (!offline) {
			this.#clearStop();
			this.#clearWait('backoff');
		}
		this.#apply();
	}

	/** Try again now: after a refusal or a stop, or to skip the wait before the next attempt. */
	reconnect(): void {
		this.#halt = null;
		this.#notice = null;
		this.#retryLaterAttempts = 0;
		this.#failures = 0;
		this.#clearWait();
		this.#apply();
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#clearWait();
		if (typeof window !== 'undefined' && typeof window.removeEventListener === 'function') {
			window.removeEventListener('online', this.#onOnline);
			window.removeEventListener('offline', this.#onOffline);
		}
		this.#disconnect(); // says "left" to the others, sends what is queued, closes
		for (const sync of this.#docs.values()) {
			sync.destroy('WorkspaceSync was destroyed');
			this.#pending.untrack(sync);
		}
		this.#docs.clear();
		this.#tabs?.destroy();
		this.#presence.destroy();
		this.#nextTask.close();
	}

	/** Connect or disconnect to match what the person and the relay allow. */
	#apply(): void {
		const wanted =
			!this.#destroyed &&
			this.#halt === null &&
			!this.#workOffline &&
			!this.#browserOffline &&
			this.#wait === null;
		if (wanted && this.#socket === null) this.#connect();
		else if (!wanted && this.#socket !== null) this.#disconnect();
		this.#emit();
	}

	#connect(): void {
		const socket = new this.#WebSocket(this.#target.url, this.#target.protocols);
		socket.binaryType = 'arraybuffer';
		this.#socket = socket;
		socket.onopen = () => this.#onOpen(socket);
		socket.onmessage = (event: MessageEvent) => this.#onMessage(socket, event.data);
		socket.onclose = (event: CloseEvent) => this.#onClose(socket, event);
		socket.onerror = () => {}; // a close follows, and says more
	}

	/** Our own close (offline, destroy): the relay keeps what was sent, others see us leave. */
	#disconnect(): void {
		const socket = this.#socket;
		if (socket === null) return;
		this.#presence.leave();
		this.#outbox?.flush();
		this.#dropConnection();
		socket.close();
	}

	#dropConnection(): void {
		this.#outbox?.close();
		this.#outbox = null;
		this.#socket = null;
		this.#mode = null;
		this.#unsynced = 0;
		this.#waiting = [];
		this.#subscribing = 0;
		this.#inbox = []; // what the old socket brought is not applied: the next sync resends it
		this.#inboxAt = 0;
		for (const sync of this.#docs.values()) sync.detach();
		this.#presence.detach();
	}

	#onOpen(socket: WebSocket): void {
		if (socket !== this.#socket) return;
		const mode: Mode =
			socket.protocol === SUBPROTOCOL_BATCH
				? 'batch'
				: socket.protocol === SUBPROTOCOL_DOCS
					? 'docs'
					: 'core-only';
		this.#mode = mode;
		this.#outbox = new Outbox(
			mode === 'batch'
				? { sendAll: (messages) => sendBatches(socket, messages) }
				: {
						frame: mode === 'core-only' ? (_doc, message) => message : encodeDocMessage,
						send: (frame) => socket.send(frame)
					}
		);
		for (const sync of this.#docs.values()) this.#attach(sync);
		if (this.#unsynced === 0) this.#allSynced();
		this.#emit();
	}

	#isAttachable(name: string): boolean {
		return this.#mode === 'batch' || this.#mode === 'docs' || name === CORE_DOC;
	}

	get #window(): number {
		const most = SUBSCRIBING_AT_ONCE[this.#mode ?? 'docs'];
		if (this.#answersSeen < SUBSCRIBING_UNSIZED) return Math.min(most, SUBSCRIBING_UNSIZED);
		const fit = Math.floor(SUBSCRIBING_BYTES / this.#answerBytes);
		return Math.max(SUBSCRIBING_AT_LEAST, Math.min(most, fit));
	}

	/** Subscribes a document on the current connection, if there is one that can carry it. */
	#attach(sync: DocSync): void {
		if (this.#outbox === null || !this.#isAttachable(sync.name)) return;
		this.#unsynced++;
		if (this.#subscribing < this.#window) this.#subscribe(sync);
		else this.#waiting.push(sync);
	}

	#subscribe(sync: DocSync): void {
		const outbox = this.#outbox!;
		this.#subscribing++;
		sync.attach(outbox);
		if (sync.name === CORE_DOC) this.#presence.attach((message) => outbox.send(CORE_DOC, message));
	}

	/** A subscribed document got its answer (or went away): the next in line subscribes. */
	#nextSubscription(): void {
		this.#subscribing--;
		while (this.#subscribing < this.#window && this.#waiting.length > 0)
			this.#subscribe(this.#waiting.shift()!);
	}

	#onMessage(socket: WebSocket, data: unknown): void {
		if (socket !== this.#socket || !(data instanceof ArrayBuffer)) return;
		const frame = new Uint8Array(data);
		try {
			const type = decoding.readVarUint(decoding.createDecoder(frame));
			if (type === MESSAGE_ROLE) {
				const role = readRole(decoding.createDecoder(frame.subarray(1)));
				if (role !== null) this.#role = role;
			} else if (this.#mode === 'core-only') {
				this.#inbox.push({ doc: CORE_DOC, message: frame });
			} else if (type === MESSAGE_DOC) {
				const inner = readDocMessage(frame);
				if (inner !== null) this.#inbox.push(inner);
			} else if (type === MESSAGE_BATCH && this.#mode === 'batch') {
				for (const entry of readBatch(frame) ?? []) this.#inbox.push(entry);
			}
		} catch {
			// A frame this version cannot read: skip it, as y-websocket does with unknown types.
		}
		// At once when nothing waits (an edit shows without delay), else behind what waits.
		if (!this.#drainScheduled) this.#drain();
		else this.#emit();
	}

	/** Applies received messages in order for up to APPLY_SLICE_MS; the rest in the next task. */
	#drain = (): void => {
		this.#drainScheduled = false;
		const until = performance.now() + APPLY_SLICE_MS;
		while (this.#inboxAt < this.#inbox.length) {
			const { doc, message } = this.#inbox[this.#inboxAt++];
			try {
				this.#receive(doc, message);
			} catch {
				// A message this version cannot read: skip it, as y-websocket does.
			}
			if (performance.now() >= until) break;
		}
		if (this.#inboxAt < this.#inbox.length) {
			this.#drainScheduled = true;
			this.#nextTask.post();
		} else {
			this.#inbox = [];
			this.#inboxAt = 0;
		}
		this.#emit();
	};

	#receive(name: string, message: Uint8Array): void {
		const sync = this.#docs.get(name);
		if (sync === undefined) return; // removed, or never ours: the relay may still send it
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			if (message[1] === SYNC_STEP_2) this.#sawAnswer(message.length);
			sync.receiveSync(decoder);
		} else if (type === MESSAGE_ACK) {
			sync.acknowledge(readAck(decoder));
			this.#lastSyncedAt = this.#now();
		} else if (name === CORE_DOC) {
			this.#presence.receive(type, decoder); // awareness, query awareness
		}
	}

	/** A sync step 2 of `bytes` came: the window (#window) follows the answers' size. */
	#sawAnswer(bytes: number): void {
		this.#answerBytes = this.#answersSeen++ === 0 ? bytes : 0.8 * this.#answerBytes + 0.2 * bytes;
	}

	#onClose(socket: WebSocket, event: CloseEvent): void {
		if (socket !== this.#socket) return; // one we closed ourselves
		const opened = this.#mode !== null;
		const wasSynced = opened && this.#unsynced === 0;
		this.#dropConnection();
		const meaning = describeClose(event.code);
		if (meaning.action === 'refuse' || meaning.action === 'stop') {
			this.#halt = meaning;
		} else if (meaning.action === 'retry-later') {
			this.#retryLaterAttempts++;
			this.#notice = meaning.message;
			this.#startWait('retry-later', retryLaterDelay(this.#retryLaterAttempts, this.#random));
		} else {
			this.#notice = opened ? meaning.message : STATUS_MESSAGES.unreachable;
			this.#failures = wasSynced ? 0 : this.#failures + 1;
			this.#startWait('backoff', reconnectDelay(this.#failures, this.#random));
		}
		this.#apply();
	}

	#startWait(kind: Wait['kind'], delay: number): void {
		this.#clearWait();
		const timer = setTimeout(() => {
			this.#wait = null;
			this.#apply();
		}, delay);
		this.#wait = { kind, timer };
	}

	/** Ends the wait before the next attempt (only of the given kind, if one is given). */
	#clearWait(kind?: Wait['kind']): void {
		if (this.#wait === null || (kind !== undefined && this.#wait.kind !== kind)) return;
		clearTimeout(this.#wait.timer);
		this.#wait = null;
	}

	#clearStop(): void {
		if (this.#halt?.action === 'stop') this.#halt = null;
	}

	#docSynced = (): void => {
		this.#nextSubscription();
		this.#unsynced--;
		if (this.#unsynced === 0) this.#allSynced();
		this.#emit();
	};

	#allSynced(): void {
		this.#lastSyncedAt = this.#now();
		this.#notice = null;
		this.#failures = 0;
		this.#retryLaterAttempts = 0;
	}

	#pendingChanged = (sync: DocSync): void => {
		this.#pending.changed(sync);
		this.#emit();
	};

	#emit(): void {
		if (this.#destroyed) return;
		const status = this.status;
		const key = JSON.stringify(status);
		if (key === this.#lastEmitted) return;
		this.#lastEmitted = key;
		this.#onStatus?.(status);
	}

	#onOnline = (): void => {
		this.#browserOffline = false;
		this.#clearStop();
		this.#clearWait('backoff');
		this.#apply();
	};

	#onOffline = (): void => {
		this.#browserOffline = true;
		this.#apply();
	};
}

/** Sends `messages` as batches of at most SEND_BATCH_MAX_BYTES (a lone message in its envelope). */
function sendBatches(socket: WebSocket, messages: DocMessage[]): void {
	let start = 0;
	let bytes = 0;
	const cut = (end: number) => {
		if (end === start) return;
		socket.send(encodeDocMessages(messages.slice(start, end)));
		start = end;
		bytes = 0;
	};
	for (let i = 0; i < messages.length; i++) {
		if (bytes > 0 && bytes + messages[i].message.length > SEND_BATCH_MAX_BYTES) cut(i);
		bytes += messages[i].message.length;
	}
	cut(messages.length);
}

interface NextTask {
	/** Runs the callback in a task of its own soon (not a microtask: the page may paint first). */
	post(): void;
	close(): void;
}

/**
 * A new task without setTimeout's clamp (4 ms once timers nest): a MessageChannel where there is
 * one (unref'd in Node, so it keeps no process alive), else setTimeout.
 */
function nextTask(run: () => void): NextTask {
	if (typeof MessageChannel === 'undefined') {
		return { post: () => setTimeout(run, 0), close: () => {} };
	}
	const channel = new MessageChannel();
	channel.port1.onmessage = () => run();
	(channel.port1 as { unref?: () => void }).unref?.();
	return {
		post: () => channel.port2.postMessage(null),
		close: () => {
			channel.port1.onmessage = null;
			channel.port1.close();
			channel.port2.close();
		}
	};
}
