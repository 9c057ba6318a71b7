// For the relay's tests: a protocol-level client of the `crm-docs` subprotocol. One socket, one
// role, and per document a Y.Doc kept in sync in the envelope ([6][doc][message]), counting the
// sync messages it sent for that document and what the relay acknowledged of them. Offered
// `crm-batch`, it reads batches ([7]) too, and subscribes many documents in one (subscribeAll).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	MESSAGE_ACK,
	MESSAGE_AWARENESS,
	MESSAGE_BATCH,
	MESSAGE_ROLE,
	MESSAGE_SYNC,
	SUBPROTOCOL_DOCS,
	SYNC_STEP_2,
	encodeBatch,
	encodeDocMessage,
	readBatch,
	readDocMessage,
	type DocMessage
} from '../src/lib/sync/wire.ts';
import { encodeAwareness } from './protocol.ts';
import { pollUntil, type RelayProcess } from './test-helpers.ts';

export interface DocState {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	syncSent: number;
	acked: number;
	/** How many acks arrived for this document. */
	acks: number;
	synced: boolean;
}

export class DocsClient {
	readonly ws: WebSocket;
	readonly opened: Promise<void>;
	readonly closed: Promise<{ code: number; reason: string }>;
	readonly docs = new Map<string, DocState>();
	role: string | null = null;
	closeCode: number | null = null;
	/** Messages that arrived outside the envelope (the role message is the only one expected). */
	unenveloped = 0;
	/** Messages for a document this client never opened (the relay should send none). */
	strays = 0;
	/** Frames received, and how many of them were batches. */
	framesIn = 0;
	batchesIn = 0;
	/** Document messages received, in envelopes or batches. */
	messagesIn = 0;

	constructor(url: string, token: string, protocols = [SUBPROTOCOL_DOCS, 'crm', `token.${token}`]) {
		this.ws = new WebSocket(url, protocols);
		this.ws.binaryType = 'nodebuffer';
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('error', reject);
		});
		this.opened.catch(() => {});
		this.closed = new Promise((resolve) =>
			this.ws.on('close', (code, reason) => {
				this.closeCode = code;
				// Awareness checks its peers on an interval, which holds the documents: stopped,
				// or every client the fault suite ever made stays in memory (and a script using
				// one never exits). The documents stay readable.
				for (const state of this.docs.values()) state.awareness.destroy();
				resolve({ code, reason: reason.toString() });
			})
		);
		this.ws.on('error', () => {});
		this.ws.on('open', () => {
			for (const state of this.docs.values()) this.sendStep1(state);
		});
		this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
	}

	/** Starts syncing document `name` (its sync step 1 subscribes the connection to it). */
	open(name: string): DocState {
		const existing = this.docs.get(name);
		if (existing) return existing;
		const state = this.add(name);
		if (this.ws.readyState === WebSocket.OPEN) this.sendStep1(state);
		return state;
	}

	/** Document `name`'s state, its updates sent as they happen; not subscribed yet. */
	private add(name: string): DocState {
		const doc = new Y.Doc();
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState(null);
		const state: DocState = { name, doc, awareness, syncSent: 0, acked: 0, acks: 0, synced: false };
		this.docs.set(name, state);
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			this.send(name, encoding.toUint8Array(encoder), true);
		});
		return state;
	}

	/** Sends `message` for document `doc`, in the envelope. */
	send(doc: string, message: Uint8Array, isSync = false): void {
		if (isSync) this.docs.get(doc)!.syncSent++;
		this.ws.send(encodeDocMessage(doc, message));
	}

	/** Sends one raw awareness entry for document `doc`: any client id, clock and state. */
	sendPresence(doc: string, clientID: number, clock: number, state: unknown): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, clientID);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
		this.send(doc, encodeAwareness(encoding.toUint8Array(encoder)));
	}

	/**
	 * Adds documents `names` (the socket open) and subscribes them all in one batch: their sync
	 * steps 1 in one `[7]` frame.
	 */
	subscribeAll(names: string[]): void {
		const entries: DocMessage[] = [];
		for (const name of names) {
			const state = this.add(name);
			state.syncSent++;
			entries.push({ doc: name, message: this.step1(state) });
		}
		this.ws.send(encodeBatch(entries));
	}

	sendRaw(frame: Uint8Array): void {
		this.ws.send(frame);
	}

	waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
		return this.waitFor({ check, what, timeoutMs });
	}

	waitSynced(names = [...this.docs.keys()], timeoutMs?: number): Promise<void> {
		return this.waitForEach(
			`sync of ${names.length} documents`,
			() => names.filter((name) => !this.docs.get(name)?.synced),
			timeoutMs
		);
	}

	waitAcked(names = [...this.docs.keys()], timeoutMs?: number): Promise<void> {
		return this.waitForEach(
			'acks',
			() => names.filter((name) => this.docs.get(name)!.acked < this.docs.get(name)!.syncSent),
			timeoutMs
		);
	}

	/** Waits until `pending` names no document; a failure names those it still does. */
	private waitForEach(what: string, pending: () => string[], timeoutMs?: number): Promise<void> {
		return this.waitFor({
			check: () => pending().length === 0,
			what,
			timeoutMs,
			missing: () =>
				pending()
					.map((name) => JSON.stringify(name))
					.join(', '),
			needsSocket: true
		});
	}

	/**
	 * Resolves once `check` holds. Rejects after `timeoutMs`, or, if it `needsSocket`, as soon as
	 * the socket closes: saying what was `missing` then, what had arrived and the close code.
	 */
	private waitFor(options: {
		check: () => boolean;
		what: string;
		timeoutMs?: number;
		missing?: () => string;
		needsSocket?: boolean;
	}): Promise<void> {
		const { check, what, timeoutMs, missing, needsSocket = false } = options;
		return pollUntil(check, {
			timeoutMs,
			closed: () => (needsSocket ? this.closeCode : null),
			failure: (why) => {
				const seen = `${this.framesIn} frames in, socket ${this.closeCode ?? 'open'}`;
				const still = missing ? `still missing ${missing()}; ` : '';
				return new Error(`${why} waiting for ${what} (${still}${seen})`);
			}
		});
	}

	close(): Promise<{ code: number; reason: string }> {
		this.ws.close();
		return this.closed;
	}

	private sendStep1(state: DocState): void {
		this.send(state.name, this.step1(state), true);
	}

	private step1(state: DocState): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, state.doc);
		return encoding.toUint8Array(encoder);
	}

	private onMessage(frame: Uint8Array): void {
		this.framesIn++;
		if (frame[0] === MESSAGE_BATCH) {
			this.batchesIn++;
			const entries = readBatch(frame);
			if (!entries) this.strays++;
			for (const entry of entries ?? []) this.onDocMessage(entry);
			return;
		}
		const envelope = readDocMessage(frame);
		if (!envelope) {
			this.unenveloped++;
			const decoder = decoding.createDecoder(frame);
			if (decoding.readVarUint(decoder) === MESSAGE_ROLE)
				this.role = decoding.readVarString(decoder);
			return;
		}
		this.onDocMessage(envelope);
	}

	private onDocMessage(envelope: DocMessage): void {
		this.messagesIn++;
		const state = this.docs.get(envelope.doc);
		if (!state) {
			this.strays++;
			return;
		}
		const decoder = decoding.createDecoder(envelope.message);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			const subtype = syncProtocol.readSyncMessage(decoder, encoder, state.doc, this);
			if (subtype === SYNC_STEP_2) state.synced = true;
			if (encoding.length(encoder) > 1) this.send(state.name, encoding.toUint8Array(encoder), true);
		} else if (type === MESSAGE_ACK) {
			state.acks++;
			state.acked = Math.max(state.acked, decoding.readVarUint(decoder));
		} else if (type === MESSAGE_AWARENESS) {
			awarenessProtocol.applyAwarenessUpdate(
				state.awareness,
				decoding.readVarUint8Array(decoder),
				this
			);
		}
	}
}

/** The URL a `crm-docs` client connects to: the workspace's, no token in it. */
export function docsUrl(relay: RelayProcess, workspaceId: string): string {
	return `${relay.ws}/sync/${workspaceId}`;
}

/**
 * Opens a `crm-docs` client on `names`, one document after another as each is synced. Paced as
 * the app paces a new device: the relay closes a connection with more than MAX_BUFFERED_BYTES
 * unsent (4408), and six documents of ~1.7 MB asked for at once passed it whenever their loads
 * ended in the same turn (the fault suite's `kill -9 docs`, once in CI, 1 in 6 here).
 */
export async function syncedDocs(
	relay: RelayProcess,
	workspaceId: string,
	token: string,
	names: string[]
): Promise<DocsClient> {
	const client = new DocsClient(docsUrl(relay, workspaceId), token);
	await client.opened;
	for (const name of names) {
		client.open(name);
		await client.waitSynced([name]);
	}
	return client;
}
