// Shared by the relay's tests and bench: a real relay process, a CLI runner, and a small
// protocol-level client that speaks y-websocket (plus our ack/role extensions) over `ws`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	MESSAGE_ACK,
	MESSAGE_AWARENESS,
	MESSAGE_ROLE,
	MESSAGE_SYNC,
	SYNC_STEP_2
} from '../src/lib/sync/wire.ts';
import { encodeAwareness } from './protocol.ts';
import { tempDir } from './temp-dirs.ts';

export { tempDir };

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RelayProcess {
	port: number;
	http: string;
	ws: string;
	dataDir: string;
	child: ChildProcess;
	/** Every stdout line so far (JSON log lines). */
	lines: string[];
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startRelay(
	options: { dataDir?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}
): Promise<RelayProcess> {
	const dataDir = options.dataDir ?? tempDir();
	const child = spawn(
		process.execPath,
		[...(options.nodeArgs ?? []), '--import', 'tsx', path.join(PROJECT_ROOT, 'server/main.ts')],
		{
			cwd: PROJECT_ROOT,
			env: {
				...process.env,
				HOST: '127.0.0.1',
				PORT: '0',
				DATA_DIR: dataDir,
				STATIC_DIR: path.join(dataDir, 'no-build'),
				...options.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	const lines: string[] = [];
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal }))
	);
	const port = await new Promise<number>((resolve, reject) => {
		let buffer = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			let newline: number;
			while ((newline = buffer.indexOf('\n')) !== -1) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 1);
				lines.push(line);
				try {
					const entry = JSON.parse(line) as { event?: string; port?: number };
					if (entry.event === 'listening' && entry.port) resolve(entry.port);
				} catch {
					// not a log line
				}
			}
		});
		void exited.then(({ code }) =>
			reject(new Error(`relay exited (${code}) before listening: ${stderr}`))
		);
	});
	return {
		port,
		http: `http://127.0.0.1:${port}`,
		ws: `ws://127.0.0.1:${port}`,
		dataDir,
		child,
		lines,
		exited,
		stop(signal: NodeJS.Signals = 'SIGTERM') {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			return exited;
		}
	};
}

export function runCli(
	dataDir: string,
	args: string[]
): { stdout: string; stderr: string; code: number } {
	const result = spawnSync(
		process.execPath,
		['--import', 'tsx', path.join(PROJECT_ROOT, 'server/cli.ts'), ...args],
		{ cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' }
	);
	return { stdout: result.stdout, stderr: result.stderr, code: result.status ?? -1 };
}

export async function api(
	relay: RelayProcess,
	method: string,
	pathname: string,
	options: { token?: string; body?: unknown; raw?: string } = {}
): Promise<{ status: number; body: unknown }> {
	const headers: Record<string, string> = {};
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.body !== undefined || options.raw !== undefined)
		headers['content-type'] = 'application/json';
	const res = await fetch(relay.http + pathname, {
		method,
		headers,
		body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
	});
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: res.status, body };
}

export async function createWorkspace(
	relay: RelayProcess,
	name = 'Acme'
): Promise<{ workspaceId: string; token: string }> {
	const { status, body } = await api(relay, 'POST', '/api/workspaces', { body: { name } });
	if (status !== 201) throw new Error(`create workspace: ${status} ${JSON.stringify(body)}`);
	return body as { workspaceId: string; token: string };
}

export async function invite(
	relay: RelayProcess,
	workspaceId: string,
	ownerToken: string,
	role: string
): Promise<{ id: string; token: string }> {
	const { status, body } = await api(relay, 'POST', `/api/workspaces/${workspaceId}/invites`, {
		token: ownerToken,
		body: { role, label: role }
	});
	if (status !== 201) throw new Error(`invite: ${status} ${JSON.stringify(body)}`);
	return body as { id: string; token: string };
}

export function syncUrl(
	relay: RelayProcess,
	workspaceId: string,
	token?: string,
	crm = true
): string {
	const params = new URLSearchParams();
	if (token !== undefined) params.set('token', token);
	if (crm) params.set('crm', '1');
	return `${relay.ws}/sync/${workspaceId}?${params}`;
}

/**
 * Polls until `check()` holds. Rejects after `timeoutMs`, or as soon as `closed()` gives a close
 * code with `check()` still false (nothing more can arrive to make it hold); `failure` words the
 * error from why it stopped.
 */
export function pollUntil(
	check: () => boolean,
	options: {
		timeoutMs?: number;
		closed?: () => number | null;
		failure: (why: string) => Error;
	}
): Promise<void> {
	const { timeoutMs = 10_000, closed = () => null, failure } = options;
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const tick = () => {
			const code = closed();
			if (check()) resolve();
			else if (code !== null) reject(failure(`socket closed (${code})`));
			else if (Date.now() - started > timeoutMs) reject(failure(`timed out after ${timeoutMs} ms`));
			else setTimeout(tick, 5);
		};
		tick();
	});
}

function waitFor(
	check: () => boolean,
	what: string,
	timeoutMs?: number,
	closed?: () => number | null
): Promise<void> {
	return pollUntil(check, {
		timeoutMs,
		closed,
		failure: (why) => new Error(`${why} waiting for ${what}`)
	});
}

/**
 * A protocol-level client: a Y.Doc kept in sync over one socket, counting what the relay acks.
 * Local edits go out as update messages.
 */
export class SyncClient {
	readonly doc = new Y.Doc();
	/** Presence as the relay forwards it (this client's own state is not sent unless asked). */
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly ws: WebSocket;
	readonly opened: Promise<void>;
	readonly closed: Promise<{ code: number; reason: string }>;
	role: string | null = null;
	acked = 0;
	syncSent = 0;
	synced = false;
	received = 0;
	closeCode: number | null = null;

	constructor(url: string, protocols?: string[]) {
		this.awareness.setLocalState(null);
		this.ws = new WebSocket(url, protocols);
		this.ws.binaryType = 'nodebuffer';
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('error', reject);
		});
		this.opened.catch(() => {}); // a refused handshake is reported through `closed`
		this.closed = new Promise((resolve) =>
			this.ws.on('close', (code, reason) => {
				this.closeCode = code;
				// Awareness checks its peers on an interval, which holds the document: stopped, or
				// every client a test or the fault suite ever made stays in memory.
				this.awareness.destroy();
				resolve({ code, reason: reason.toString() });
			})
		);
		this.ws.on('error', () => {});
		this.ws.on('open', () => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeSyncStep1(encoder, this.doc);
			this.sendRaw(encoding.toUint8Array(encoder), true);
		});
		this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			this.sendRaw(encoding.toUint8Array(encoder), true);
		});
	}

	sendRaw(message: Uint8Array | Buffer, isSync = false): void {
		if (isSync) this.syncSent++;
		this.ws.send(message);
	}

	/** Sends one raw awareness entry: any client id, clock and state, as a hostile peer might. */
	sendPresence(clientID: number, clock: number, state: unknown): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, clientID);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
		this.sendRaw(encodeAwareness(encoding.toUint8Array(encoder)));
	}

	waitSynced(timeoutMs?: number): Promise<void> {
		return waitFor(
			() => this.synced,
			'sync',
			timeoutMs,
			() => this.closeCode
		);
	}

	waitAcked(n = this.syncSent, timeoutMs?: number): Promise<void> {
		return waitFor(
			() => this.acked >= n,
			`ack ${n} (have ${this.acked})`,
			timeoutMs,
			() => this.closeCode
		);
	}

	waitUntil(check: () => boolean, what: string, timeoutMs?: number): Promise<void> {
		return waitFor(check, what, timeoutMs);
	}

	close(): Promise<{ code: number; reason: string }> {
		this.ws.close();
		return this.closed;
	}

	private onMessage(message: Uint8Array): void {
		this.received++;
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			const subtype = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
			if (subtype === SYNC_STEP_2) this.synced = true;
			if (encoding.length(encoder) > 1) this.sendRaw(encoding.toUint8Array(encoder), true);
		} else if (type === MESSAGE_ACK) {
			this.acked = Math.max(this.acked, decoding.readVarUint(decoder));
		} else if (type === MESSAGE_ROLE) {
			this.role = decoding.readVarString(decoder);
		} else if (type === MESSAGE_AWARENESS) {
			awarenessProtocol.applyAwarenessUpdate(
				this.awareness,
				decoding.readVarUint8Array(decoder),
				this
			);
		}
	}
}

/** Opens a client and waits for its first sync. */
export async function syncedClient(url: string): Promise<SyncClient> {
	const client = new SyncClient(url);
	await client.opened;
	await client.waitSynced();
	return client;
}

/** The relay's current document, as seen by a fresh client. */
export async function fetchDoc(url: string): Promise<Y.Doc> {
	const client = await syncedClient(url);
	await client.close();
	return client.doc;
}
