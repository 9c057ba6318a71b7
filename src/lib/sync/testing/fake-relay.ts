/**
 * A small in-memory relay that follows the wire contract (y-websocket protocol, crm role and
 * acks, refusal close codes, and with the `crm-docs` subprotocol every document of a workspace
 * over one socket as `[6][doc][message]`), for testing WorkspaceSync and RelayConnection
 * without the real server. Node only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import {
	CLOSE,
	CORE_DOC,
	encodeAck,
	encodeDocMessage,
	encodeRole,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	readDocMessage,
	SUBPROTOCOL_DOCS,
	type Role
} from '../wire';

interface Peer {
	socket: WebSocket;
	workspaceId: string;
	token: string;
	role: Role;
	crm: boolean;
	/** Opted in to `crm-docs`: every message enveloped, documents subscribed one by one. */
	docs: boolean;
	/** Documents this connection subscribed to (a plain connection: the core document). */
	subscribed: Set<string>;
	/** Sync messages received from this connection, per document. */
	received: Map<string, number>;
	/** Awareness client ids this connection set. */
	clients: Set<number>;
}

interface Workspace {
	tokens: Map<string, Role | 'revoked'>;
	docs: Map<string, Y.Doc>;
	awareness: awarenessProtocol.Awareness;
}

export class FakeRelay {
	/** Each workspace's core document. */
	readonly docs = new Map<string, Y.Doc>();
	/** While false, acks wait for `releaseAcks()`. */
	autoAck = true;
	/** Whether the relay answers `crm-docs` (false: a relay from before it existed). */
	speaksDocs = true;
	/** Every upgrade request, refused or not. */
	attempts = 0;
	/** Frames received from clients, on every connection. */
	framesIn = 0;
	readonly peers = new Set<Peer>();
	/** The request target and offered subprotocols of the last upgrade. */
	lastUpgrade: { url: string; protocols: string[] } | null = null;
	readonly #workspaces = new Map<string, Workspace>();
	#http: Server;
	#wss = new WebSocketServer({
		noServer: true,
		handleProtocols: (offered) => {
			if (this.speaksDocs && offered.has(SUBPROTOCOL_DOCS)) return SUBPROTOCOL_DOCS;
			return offered.has('crm') ? 'crm' : false;
		}
	});

	private constructor() {
		this.#http = createServer((_req, res) => res.writeHead(404).end());
		this.#http.on('upgrade', (req, socket, head) => {
			this.attempts++;
			const url = new URL(req.url ?? '/', 'http://relay');
			const protocols = (req.headers['sec-websocket-protocol'] ?? '')
				.split(',')
				.map((p) => p.trim())
				.filter((p) => p !== '');
			this.lastUpgrade = { url: req.url ?? '', protocols };
			// As the relay: the token from the subprotocol header, else from the query.
			const token =
				protocols.find((p) => p.startsWith('token.'))?.slice('token.'.length) ??
				url.searchParams.get('token') ??
				'';
			const crm = url.searchParams.get('crm') === '1' || protocols.includes('crm');
			const docs = this.speaksDocs && protocols.includes(SUBPROTOCOL_DOCS);
			this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, url, token, crm, docs));
		});
	}

	static async start(): Promise<FakeRelay> {
		const relay = new FakeRelay();
		await new Promise<void>((resolve) => relay.#http.listen(0, '127.0.0.1', resolve));
		return relay;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.#http.address() as AddressInfo).port}`;
	}

	addWorkspace(workspaceId: string, tokens: Record<string, Role>): Y.Doc {
		const core = new Y.Doc();
		this.#workspaces.set(workspaceId, {
			tokens: new Map(Object.entries(tokens)),
			docs: new Map([[CORE_DOC, core]]),
			awareness: new awarenessProtocol.Awareness(new Y.Doc())
		});
		this.docs.set(workspaceId, core);
		return core;
	}

	/** The relay's copy of document `name` of a workspace (made on first use). */
	doc(workspaceId: string, name: string): Y.Doc {
		const docs = (this.#workspaces.get(workspaceId) as Workspace).docs;
		let doc = docs.get(name);
		if (doc === undefined) {
			doc = new Y.Doc();
			docs.set(name, doc);
		}
		return doc;
	}

	/** Presence the relay holds for a workspace. */
	awareness(workspaceId: string): awarenessProtocol.Awareness {
		return (this.#workspaces.get(workspaceId) as Workspace).awareness;
	}

	/** Revokes a token and closes its live connections, as the relay does. */
	revoke(workspaceId: string, token: string): void {
		this.#workspaces.get(workspaceId)?.tokens.set(token, 'revoked');
		for (const peer of this.peers) {
			if (peer.workspaceId === workspaceId && peer.token === token)
				peer.socket.close(CLOSE.revoked);
		}
	}

	closeAll(code: number): void {
		for (const peer of this.peers) peer.socket.close(code);
	}

	releaseAcks(): void {
		for (const peer of this.peers) for (const name of peer.received.keys()) this.#ack(peer, name);
	}

	async stop(): Promise<void> {
		for (const peer of this.peers) peer.socket.terminate();
		this.#wss.close();
		await new Promise<void>((resolve) => this.#http.close(() => resolve()));
	}

	#accept(socket: WebSocket, url: URL, token: string, crm: boolean, docs: boolean): void {
		const match = /^\/sync\/([^/]+)$/.exec(url.pathname);
		const workspaceId = match ? decodeURIComponent(match[1]) : '';
		const workspace = this.#workspaces.get(workspaceId);
		const role = workspace?.tokens.get(token);
		if (workspace === undefined) return socket.close(CLOSE.unknownWorkspace);
		if (role === undefined) return socket.close(CLOSE.invalidToken);
		if (role === 'revoked') return socket.close(CLOSE.revoked);
		const peer: Peer = {
			socket,
			workspaceId,
			token,
			role,
			crm,
			docs,
			subscribed: new Set(),
			received: new Map(),
			clients: new Set()
		};
		this.peers.add(peer);
		socket.on('close', () => {
			this.peers.delete(peer);
			awarenessProtocol.removeAwarenessStates(workspace.awareness, [...peer.clients], peer);
		});
		socket.on('message', (data: Buffer) => this.#frame(peer, new Uint8Array(data)));
		if (peer.crm) socket.send(encodeRole(role));
		if (!docs) this.#subscribe(peer, CORE_DOC); // a plain connection is the core document's
	}

	#subscribe(peer: Peer, name: string): void {
		peer.subscribed.add(name);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.doc(peer.workspaceId, name));
		this.#send(peer, name, encoding.toUint8Array(encoder));
		const awareness = this.awareness(peer.workspaceId);
		if (name === CORE_DOC && awareness.getStates().size > 0) {
			this.#send(peer, name, awarenessMessage(awareness, [...awareness.getStates().keys()]));
		}
	}

	#send(peer: Peer, name: string, message: Uint8Array): void {
		peer.socket.send(peer.docs ? encodeDocMessage(name, message) : message);
	}

	#frame(peer: Peer, data: Uint8Array): void {
		this.framesIn++;
		if (!peer.docs) return this.#receive(peer, CORE_DOC, data);
		const inner = readDocMessage(data);
		if (inner === null) return peer.socket.close(CLOSE.malformed);
		if (!peer.subscribed.has(inner.doc)) this.#subscribe(peer, inner.doc);
		this.#receive(peer, inner.doc, inner.message);
	}

	#receive(peer: Peer, name: string, data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		const awareness = this.awareness(peer.workspaceId);
		if (type === MESSAGE_AWARENESS && name === CORE_DOC) {
			const update = decoding.readVarUint8Array(decoder);
			const listener = ({ added, updated }: { added: number[]; updated: number[] }) => {
				for (const id of [...added, ...updated]) peer.clients.add(id);
			};
			awareness.on('update', listener);
			awarenessProtocol.applyAwarenessUpdate(awareness, update, peer);
			awareness.off('update', listener);
			return this.#broadcast(peer, name, data);
		}
		if (type === MESSAGE_QUERY_AWARENESS && name === CORE_DOC) {
			return this.#send(peer, name, awarenessMessage(awareness, [...awareness.getStates().keys()]));
		}
		if (type !== MESSAGE_SYNC) return;
		peer.received.set(name, (peer.received.get(name) ?? 0) + 1);
		const doc = this.doc(peer.workspaceId, name);
		const reply = encoding.createEncoder();
		encoding.writeVarUint(reply, MESSAGE_SYNC);
		const subtype = decoding.peekVarUint(decoder);
		if (peer.role === 'viewer' && subtype !== syncProtocol.messageYjsSyncStep1) {
			// a viewer's changes are dropped (but the message still counts)
		} else {
			const before = Y.encodeStateVector(doc);
			syncProtocol.readSyncMessage(decoder, reply, doc, peer);
			if (!equalBytes(before, Y.encodeStateVector(doc))) {
				const update = encoding.createEncoder();
				encoding.writeVarUint(update, MESSAGE_SYNC);
				syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc, before));
				this.#broadcast(peer, name, encoding.toUint8Array(update));
			}
		}
		if (encoding.length(reply) > 1) this.#send(peer, name, encoding.toUint8Array(reply));
		if (this.autoAck) this.#ack(peer, name);
	}

	#ack(peer: Peer, name: string): void {
		const received = peer.received.get(name) ?? 0;
		if (peer.crm && received > 0) this.#send(peer, name, encodeAck(received));
	}

	#broadcast(from: Peer, name: string, message: Uint8Array): void {
		for (const peer of this.peers) {
			if (peer !== from && peer.workspaceId === from.workspaceId && peer.subscribed.has(name)) {
				this.#send(peer, name, message);
			}
		}
	}
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
