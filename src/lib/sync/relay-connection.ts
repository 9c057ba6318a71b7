/**
 * The browser's connection to the relay for one workspace document: a y-websocket provider plus
 * what the relay adds with `crm=1` (role, durable acks), refusals, offline handling and the
 * count of local changes not yet confirmed on the relay's disk. The token goes in the websocket
 * subprotocol header (`crm, token.<token>`), not in the URL.
 *
 * Create it after the on-device copy has loaded (y-indexeddb `whenSynced`): changes left
 * unconfirmed by an earlier session are counted as confirmed once the relay acknowledges the
 * sync step 2 this device sends, so that step must already contain them.
 */
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { ConfirmationCounter } from './confirmation-counter';
import { describeClose, retryLaterDelay, type CloseMeaning } from './close-codes';
import { countingWebSocket, type WebSocketClass } from './counting-websocket';
import { defaultStorage, loadPending, savePending, type KeyValueStorage } from './pending-store';
import { decodeOutgoing } from './protocol';
import { MESSAGE_ACK, MESSAGE_ROLE, MESSAGE_SYNC, readAck, readRole, type Role } from './wire';

export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'refused';

export interface RelayStatus {
	status: SyncStatus;
	/** Local changes the relay has not yet confirmed as stored on its disk. */
	pending: number;
	/** This device's role in the workspace, as the relay last said; null until it does. */
	role: Role | null;
	/** What is going on, for people: one or two sentences, never empty. */
	message: string;
	/** When this device last completed a sync or got a confirmation (ms since epoch). */
	lastSyncedAt: number | null;
	/** The person chose to work offline (setWorkOffline). */
	workOffline: boolean;
}

export interface RelayConnectionOptions {
	/** The relay's http(s) origin, e.g. location.origin. */
	relayUrl: string;
	workspaceId: string;
	token: string;
	onStatus?: (status: RelayStatus) => void;
	/**
	 * Whether a transaction origin is a local edit worth confirming (default: every origin but the
	 * provider's). Pass one that rejects y-indexeddb's load origin and migrations.
	 */
	isLocalOrigin?: (origin: unknown) => boolean;
	/** The WebSocket class to build on (default: the global one; in Node, `ws`'s WebSocket). */
	WebSocket?: WebSocketClass;
	/** Where the pending count survives reloads (default: localStorage where there is one). */
	storage?: KeyValueStorage | null;
	/** Turn off y-websocket's cross-tab BroadcastChannel (tests with several clients in one process). */
	disableBc?: boolean;
	/** Start in "work offline" mode. */
	workOffline?: boolean;
	/** Clock for lastSyncedAt (tests). */
	now?: () => number;
	/** Presence state to share (default: a new one); lets presence exist before the connection. */
	awareness?: Awareness;
}

const MESSAGES = {
	connecting: 'Connecting to the relay…',
	unreachable:
		'The relay could not be reached; retrying. You can keep working: your changes are kept on this device.',
	synced: 'Connected to the relay.',
	workOffline:
		'Working offline. Your changes are kept on this device and sync when you go back online.',
	browserOffline:
		'This device is offline. Your changes are kept on this device and sync when the network is back.'
};

/** What a websocket subprotocol may hold (an RFC 7230 token). */
const SUBPROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `http://host[/base]` → `ws://host[/base]/sync` (https → wss). */
export function syncUrl(relayUrl: string): string {
	let url: URL;
	try {
		url = new URL(relayUrl);
	} catch {
		throw new TypeError(`relayUrl must be an absolute http(s) URL, got "${relayUrl}"`);
	}
	const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[url.protocol];
	if (scheme === undefined) {
		throw new TypeError(`relayUrl must be an http(s) URL, got "${relayUrl}"`);
	}
	return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, '')}/sync`;
}

export class RelayConnection {
	readonly doc: Y.Doc;
	readonly workspaceId: string;
	readonly awareness: Awareness;

	readonly #provider: WebsocketProvider;
	readonly #counter: ConfirmationCounter;
	readonly #storage: KeyValueStorage | null;
	readonly #isLocalOrigin: (origin: unknown) => boolean;
	readonly #onStatus: ((status: RelayStatus) => void) | undefined;
	readonly #now: () => number;

	/** The socket whose messages the relay's acks count. */
	#socket: WebSocket | null = null;
	#socketOpened = false;
	#role: Role | null = null;
	#lastSyncedAt: number | null = null;
	#workOffline: boolean;
	#browserOffline: boolean;
	/** A close that ended automatic reconnection ('refuse' or 'stop'). */
	#halt: CloseMeaning | null = null;
	/** Why we are reconnecting, once a connection dropped. */
	#notice: string | null = null;
	#retryLaterAttempts = 0;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#saveScheduled = false;
	#lastEmitted = '';
	#destroyed = false;

	constructor(doc: Y.Doc, options: RelayConnectionOptions) {
		const { relayUrl, workspaceId, token } = options;
		if (workspaceId.trim() === '') throw new TypeError('workspaceId must not be empty');
		if (token.trim() === '') throw new TypeError('token must not be empty');
		const serverUrl = syncUrl(relayUrl);
		const Base = options.WebSocket ?? globalThis.WebSocket;
		if (Base === undefined) {
			throw new TypeError(
				'No WebSocket here: pass options.WebSocket (in Node, from the ws package)'
			);
		}
		this.doc = doc;
		this.workspaceId = workspaceId;
		this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
		this.#isLocalOrigin = options.isLocalOrigin ?? (() => true);
		this.#onStatus = options.onStatus;
		this.#now = options.now ?? Date.now;
		this.#workOffline = options.workOffline ?? false;
		this.#browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
		this.#counter = new ConfirmationCounter(loadPending(this.#storage, workspaceId));

		// Registered before the provider's own listener: a change is counted before it is sent, so
		// the message carrying it also covers it.
		doc.on('update', this.#onUpdate);

		this.#provider = new WebsocketProvider(serverUrl, workspaceId, doc, {
			connect: false,
			awareness: options.awareness,
			// The token travels in the subprotocol header, where URLs (and so access logs) never
			// show it; the relay answers `crm`. The query is the fallback for a token a header
			// cannot carry (the relay's tokens always fit).
			...(SUBPROTOCOL_TOKEN.test(token)
				? { params: { crm: '1' }, protocols: ['crm', `token.${token}`] }
				: { params: { token, crm: '1' }, protocols: ['crm'] }),
			disableBc: options.disableBc ?? false,
			WebSocketPolyfill: countingWebSocket(Base, {
				created: (socket) => {
					this.#socket = socket;
					this.#socketOpened = false;
					this.#counter.startConnection();
				},
				sent: (socket, data) => this.#onSent(socket, data)
			}),
			shouldReconnect: (event) => describeClose(event.code).action === 'reconnect'
		});
		this.awareness = this.#provider.awareness;

		// Handlers get (encoder, decoder, provider, fromSocket, type); `fromSocket` is false for
		// frames from other tabs over BroadcastChannel, which never carry the relay's word.
		this.#provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder, _provider, fromSocket) => {
			const n = readAck(decoder);
			if (fromSocket) this.#onAck(n);
		};
		this.#provider.messageHandlers[MESSAGE_ROLE] = (_encoder, decoder, _provider, fromSocket) => {
			const role = readRole(decoder);
			if (fromSocket && role !== null) {
				this.#role = role;
				this.#emit();
			}
		};
		this.#provider.on('status', this.#onProviderStatus);
		this.#provider.on('sync', this.#onSync);
		this.#provider.on('connection-close', this.#onConnectionClose);
		this.#provider.on('closed', this.#onClosed);

		if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
			window.addEventListener('online', this.#onOnline);
			window.addEventListener('offline', this.#onOffline);
		}
		this.#apply();
	}

	get status(): RelayStatus {
		const base = {
			pending: this.#counter.pending,
			role: this.#role,
			lastSyncedAt: this.#lastSyncedAt,
			workOffline: this.#workOffline
		};
		if (this.#halt !== null) {
			const status = this.#halt.action === 'refuse' ? 'refused' : 'offline';
			return { ...base, status, message: this.#halt.message };
		}
		if (this.#workOffline) return { ...base, status: 'offline', message: MESSAGES.workOffline };
		if (this.#browserOffline) {
			return { ...base, status: 'offline', message: MESSAGES.browserOffline };
		}
		if (this.#provider.wsconnected && this.#provider.synced) {
			return { ...base, status: 'synced', message: MESSAGES.synced };
		}
		return { ...base, status: 'connecting', message: this.#notice ?? MESSAGES.connecting };
	}

	get workOffline(): boolean {
		return this.#workOffline;
	}

	/** The person's "work offline" switch: disconnects now, reconnects when turned off. */
	setWorkOffline(offline: boolean): void {
		this.#workOffline = offline;
		if (!offline) this.#clearStop();
		this.#apply();
	}

	/** Try again now: after a refusal or a stop, or to skip the wait before the next attempt. */
	reconnect(): void {
		this.#halt = null;
		this.#retryLaterAttempts = 0;
		this.#clearRetryTimer();
		this.#apply();
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#clearRetryTimer();
		if (typeof window !== 'undefined' && typeof window.removeEventListener === 'function') {
			window.removeEventListener('online', this.#onOnline);
			window.removeEventListener('offline', this.#onOffline);
		}
		this.doc.off('update', this.#onUpdate);
		this.#provider.destroy(); // sends our awareness "left", closes the socket
		this.awareness.destroy();
		savePending(this.#storage, this.workspaceId, this.#counter.pending);
	}

	/** Connect or disconnect to match what the person and the relay allow. */
	#apply(): void {
		const wanted =
			!this.#destroyed &&
			this.#halt === null &&
			!this.#workOffline &&
			!this.#browserOffline &&
			this.#retryTimer === null;
		if (wanted) this.#provider.connect();
		else if (this.#provider.shouldConnect || this.#provider.ws !== null)
			this.#provider.disconnect();
		this.#emit();
	}

	#emit(): void {
		if (this.#destroyed) return;
		const status = this.status;
		const key = JSON.stringify(status);
		if (key === this.#lastEmitted) return;
		this.#lastEmitted = key;
		this.#onStatus?.(status);
	}

	#schedulePersist(): void {
		if (this.#saveScheduled) return;
		this.#saveScheduled = true;
		// One write per burst of changes (an import makes thousands of transactions).
		queueMicrotask(() => {
			this.#saveScheduled = false;
			savePending(this.#storage, this.workspaceId, this.#counter.pending);
		});
	}

	#clearStop(): void {
		if (this.#halt?.action === 'stop') this.#halt = null;
	}

	#clearRetryTimer(): void {
		if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
	}

	#onUpdate = (_update: Uint8Array, origin: unknown): void => {
		if (origin === this.#provider || !this.#isLocalOrigin(origin)) return;
		this.#counter.recordChange();
		this.#schedulePersist();
		this.#emit();
	};

	#onSent(socket: WebSocket, data: unknown): void {
		if (socket !== this.#socket) return;
		const kind = decodeOutgoing(data);
		if (kind !== null && kind.type === MESSAGE_SYNC && kind.syncType !== null) {
			this.#counter.recordSent(kind.syncType);
		}
	}

	#onAck(n: number): void {
		this.#lastSyncedAt = this.#now();
		if (this.#counter.acknowledge(n)) this.#schedulePersist();
		this.#emit();
	}

	#onProviderStatus = ({ status }: { status: string }): void => {
		if (status === 'connected') this.#socketOpened = true;
		this.#emit();
	};

	#onSync = (synced: boolean): void => {
		if (synced) {
			this.#lastSyncedAt = this.#now();
			this.#notice = null;
			this.#retryLaterAttempts = 0;
		}
		this.#emit();
	};

	#onConnectionClose = (event: CloseEvent | null): void => {
		// null: we closed it ourselves (offline, destroy); the status already says why.
		if (event !== null) {
			this.#notice = this.#socketOpened ? describeClose(event.code).message : MESSAGES.unreachable;
		}
		this.#socket = null;
		this.#emit();
	};

	/** The relay closed with a code that y-websocket will not reconnect after. */
	#onClosed = ({ code }: { code: number }): void => {
		const meaning = describeClose(code);
		if (meaning.action === 'retry-later') {
			this.#retryLaterAttempts++;
			this.#notice = meaning.message;
			this.#clearRetryTimer();
			this.#retryTimer = setTimeout(() => {
				this.#retryTimer = null;
				this.#apply();
			}, retryLaterDelay(this.#retryLaterAttempts));
		} else {
			this.#halt = meaning;
		}
		this.#apply();
	};

	#onOnline = (): void => {
		this.#browserOffline = false;
		this.#clearStop();
		this.#apply();
	};

	#onOffline = (): void => {
		this.#browserOffline = true;
		this.#apply();
	};
}
