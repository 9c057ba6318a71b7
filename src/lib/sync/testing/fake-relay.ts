/**
 * A small in-memory relay that follows the wire contract (y-websocket protocol, crm=1 role and
 * acks, refusal close codes), for testing RelayConnection without the real server. Node only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { CLOSE, encodeAck, encodeRole, MESSAGE_AWARENESS, MESSAGE_SYNC, type Role } from '../wire';

interface Peer {
	socket: WebSocket;
	workspaceId: string;
	token: string;
	crm: boolean;
	/** Sync messages received from this connection. */
	received: number;
}

export class FakeRelay {
	readonly docs = new Map<string, Y.Doc>();
	/** workspaceId → token → role, or 'revoked'. */
	readonly tokens = new Map<string, Map<string, Role | 'revoked'>>();
	/** While false, acks wait for `releaseAcks()`. */
	autoAck = true;
	/** Every upgrade request, refused or not. */
	attempts = 0;
	readonly peers = new Set<Peer>();
	#http: Server;
	/** The request target and offered subprotocols of the last upgrade. */
	lastUpgrade: { url: string; protocols: string[] } | null = null;
	#wss = new WebSocketServer({
		noServer: true,
		handleProtocols: (offered) => (offered.has('crm') ? 'crm' : false)
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
			this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, url, token, crm));
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
		this.tokens.set(workspaceId, new Map(Object.entries(tokens)));
		const doc = new Y.Doc();
		this.docs.set(workspaceId, doc);
		return doc;
	}

	/** Revokes a token and closes its live connections, as the relay does. */
	revoke(workspaceId: string, token: string): void {
		this.tokens.get(workspaceId)?.set(token, 'revoked');
		for (const peer of this.peers) {
			if (peer.workspaceId === workspaceId && peer.token === token)
				peer.socket.close(CLOSE.revoked);
		}
	}

	closeAll(code: number): void {
		for (const peer of this.peers) peer.socket.close(code);
	}

	releaseAcks(): void {
		for (const peer of this.peers) this.#ack(peer);
	}

	async stop(): Promise<void> {
		for (const peer of this.peers) peer.socket.terminate();
		this.#wss.close();
		await new Promise<void>((resolve) => this.#http.close(() => resolve()));
	}

	#accept(socket: WebSocket, url: URL, token: string, crm: boolean): void {
		const match = /^\/sync\/([^/]+)$/.exec(url.pathname);
		const workspaceId = match ? decodeURIComponent(match[1]) : '';
		const tokens = this.tokens.get(workspaceId);
		const role = tokens?.get(token);
		if (tokens === undefined) return socket.close(CLOSE.unknownWorkspace);
		if (role === undefined) return socket.close(CLOSE.invalidToken);
		if (role === 'revoked') return socket.close(CLOSE.revoked);
		const peer: Peer = {
			socket,
			workspaceId,
			token,
			crm,
			received: 0
		};
		this.peers.add(peer);
		socket.on('close', () => this.peers.delete(peer));
		socket.on('message', (data: Buffer) => this.#receive(peer, role, new Uint8Array(data)));
		if (peer.crm) socket.send(encodeRole(role));
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.#doc(workspaceId));
		socket.send(encoding.toUint8Array(encoder));
	}

	#doc(workspaceId: string): Y.Doc {
		return this.docs.get(workspaceId) as Y.Doc;
	}

	#receive(peer: Peer, role: Role, data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_AWARENESS) return this.#broadcast(peer, data);
		if (type !== MESSAGE_SYNC) return;
		peer.received++;
		const doc = this.#doc(peer.workspaceId);
		const reply = encoding.createEncoder();
		encoding.writeVarUint(reply, MESSAGE_SYNC);
		const subtype = decoding.peekVarUint(decoder);
		if (role === 'viewer' && subtype !== syncProtocol.messageYjsSyncStep1) {
			// a viewer's changes are dropped (but the message still counts)
		} else {
			const before = Y.encodeStateVector(doc);
			syncProtocol.readSyncMessage(decoder, reply, doc, peer);
			if (!equalBytes(before, Y.encodeStateVector(doc))) {
				const update = encoding.createEncoder();
				encoding.writeVarUint(update, MESSAGE_SYNC);
				syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc, before));
				this.#broadcast(peer, encoding.toUint8Array(update));
			}
		}
		if (encoding.length(reply) > 1) peer.socket.send(encoding.toUint8Array(reply));
		if (this.autoAck) this.#ack(peer);
	}

	#ack(peer: Peer): void {
		if (peer.crm && peer.received > 0) peer.socket.send(encodeAck(peer.received));
	}

	#broadcast(from: Peer, data: Uint8Array): void {
		for (const peer of this.peers) {
			if (peer !== from && peer.workspaceId === from.workspaceId) peer.socket.send(data);
		}
	}
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
