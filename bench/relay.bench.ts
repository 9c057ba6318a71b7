/**
 * The relay against the stock @y/websocket-server 0.1.1, same clients, same run (README "Performance"
 * budgets: fan-out throughput at 50 clients ≥ 2× stock; delivery latency at 50 clients and
 * 200 updates/s p50 ≤ 2 ms, p99 ≤ 8 ms and no worse than stock; 100 clients joining a
 * 10k-people workspace all served ≤ 0.5 s with relay RSS ≤ 300 MB). Also the relay's memory per
 * idle and active workspace and its time from restart to serving 100 workspaces.
 *
 * Clients run in this process, which shares the 2 cores with the server under test: for
 * fan-out, protocol-level `ws` clients that do a provider's handshake and note each update;
 * for the join storm, socket-level clients that send exactly what a provider sends (sync step 1
 * with an empty state vector) and count the bytes of the sync step 2 answer as they arrive into
 * one reused buffer. A `ws` client would also copy each 4.2 MB answer into one buffer and leave
 * 64 KB read buffers for the GC: for 100 clients in one process that was most of the figure,
 * and it is client work, not the server's. Both servers run as child processes and meet the
 * same clients.
 *
 * Standalone: `node --import tsx bench/relay.bench.ts [--quick]` prints the results as JSON.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startRelay, type RelayProcess } from '../server/test-helpers.ts';
import { RELAY_ENV, cpuMs, rssMb, startKind } from './harness/relay-kinds.ts';
import { percentile, summarize, type BenchOptions, type BenchResult } from './result.ts';

/** A sync server under test, in a child process. */
interface Target {
	name: 'relay' | 'stock';
	pid: number;
	/** A fresh room: where a provider connects and with which params. */
	room(name: string): Promise<Room>;
	stop(): Promise<void>;
}

interface Room {
	serverUrl: string;
	id: string;
	params: Record<string, string>;
	/** The full websocket URL, for protocol-level clients. */
	url: string;
}

// ---------------------------------------------------------------------------------------------
// Servers

async function startOurs(env: Record<string, string> = {}, dataDir?: string): Promise<Target> {
	const relay = await startRelay({ env: { ...RELAY_ENV, ...env }, dataDir });
	return oursTarget(relay);
}

function oursTarget(relay: RelayProcess): Target {
	return {
		name: 'relay',
		pid: relay.child.pid!,
		async room(name) {
			const res = await fetch(`${relay.http}/api/workspaces`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name })
			});
			if (res.status !== 201)
				throw new Error(`create workspace: ${res.status} ${await res.text()}`);
			const { workspaceId, token } = (await res.json()) as { workspaceId: string; token: string };
			return {
				serverUrl: `${relay.ws}/sync`,
				id: workspaceId,
				params: { token },
				url: `${relay.ws}/sync/${workspaceId}?token=${encodeURIComponent(token)}`
			};
		},
		async stop() {
			await relay.stop();
			fs.rmSync(relay.dataDir, { recursive: true, force: true });
		}
	};
}

async function startStock(): Promise<Target> {
	const kind = await startKind('stock-1');
	return {
		name: 'stock',
		pid: kind.pids[0],
		async room() {
			const [{ url, name }] = await kind.document();
			return { serverUrl: url.slice(0, -name.length - 1), id: name, params: {}, url };
		},
		stop: () => kind.stop()
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const started = performance.now();
	while (!check()) {
		if (performance.now() - started > timeoutMs) return false;
		await sleep(2);
	}
	return true;
}

// ---------------------------------------------------------------------------------------------
// Fan-out with protocol-level clients

/**
 * A y-websocket peer on the wire: it does the handshake a provider does (sync step 1, and an
 * empty step 2 in answer to the server's step 1), then only notes when updates from other
 * writers arrive. Writers are told apart by the Yjs client ids inside each update. With
 * `hocuspocus` it speaks Hocuspocus's framing instead: its provider's token first, and every
 * message led by the document's name.
 */
export class WireClient {
	readonly ws: WebSocket;
	synced = false;
	received = 0;
	readonly arrivals: number[] = [];
	/** Per writer, the clock up to which its updates arrived. */
	private readonly seen = new Map<number, number>();
	private readonly prefix: Uint8Array;

	constructor(
		url: string,
		readonly clientId: number,
		private readonly record: boolean,
		private readonly hocuspocus?: { name: string; token: string }
	) {
		const prefix = encoding.createEncoder();
		if (hocuspocus) encoding.writeVarString(prefix, hocuspocus.name);
		this.prefix = encoding.toUint8Array(prefix);
		this.ws = new WebSocket(url);
		this.ws.on('error', () => {});
		this.ws.on('open', () => {
			const hello = hocuspocus ? hocuspocusHello(hocuspocus.name, hocuspocus.token) : [EMPTY_STEP1];
			for (const message of hello) this.ws.send(message);
		});
		this.ws.on('message', (data: Buffer) => this.onMessage(data));
	}

	/** `message` as this client sends it (led by the document's name for Hocuspocus). */
	frame(message: Uint8Array): Uint8Array {
		if (this.prefix.length === 0) return message;
		const out = new Uint8Array(this.prefix.length + message.length);
		out.set(this.prefix);
		out.set(message, this.prefix.length);
		return out;
	}

	private onMessage(data: Buffer): void {
		const decoder = decoding.createDecoder(
			new Uint8Array(data.buffer, data.byteOffset, data.length)
		);
		if (this.hocuspocus) decoding.readVarString(decoder);
		const kind = decoding.readVarUint(decoder);
		// Hocuspocus answers a sync step 1 as a sync reply (4): the same sync message inside.
		if (kind !== 0 && !(this.hocuspocus && kind === 4)) return;
		const subtype = decoding.readVarUint(decoder);
		if (subtype === 0) this.ws.send(this.frame(EMPTY_STEP2));
		else if (subtype === 1) this.synced = true;
		else if (subtype === 2) this.onUpdate(decoding.readVarUint8Array(decoder));
	}

	/**
	 * Counts the writers' updates an update carries by their clocks (each bench update is one
	 * clock of its writer): Hocuspocus on Redis hands another process's clients several updates
	 * merged into one, which a count of messages would miss.
	 */
	private onUpdate(update: Uint8Array): void {
		const now = performance.now();
		for (const [client, clock] of clocksOf(update)) {
			if (client === this.clientId) continue; // the stock server echoes
			const before = this.seen.get(client) ?? 0;
			if (clock <= before) continue;
			this.seen.set(client, clock);
			this.received += clock - before;
			if (this.record) for (let i = before; i < clock; i++) this.arrivals.push(now);
		}
	}
}

/**
 * The writers' clocks an update reaches (Y.parseUpdateMeta's `to`), parsed once for the clients
 * that get the same bytes one after the other, as every receiver of a fan-out does. Parsing it
 * for each (2.3 µs a call, against ~0.05 to compare the bytes) was client work in the process
 * that shares the 2 cores with the servers, added to every kind's latency alike.
 */
function clocksOf(update: Uint8Array): Map<number, number> {
	if (!sameBytes(update, lastParsed.bytes)) {
		lastParsed = { bytes: update.slice(), to: Y.parseUpdateMeta(update).to };
	}
	return lastParsed.to;
}
let lastParsed = { bytes: new Uint8Array(0), to: new Map<number, number>() };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

async function connectWire(room: Room, n: number, record: boolean): Promise<WireClient[]> {
	const clients = Array.from({ length: n }, (_, i) => new WireClient(room.url, i + 1, record));
	if (!(await until(() => clients.every((c) => c.synced), 30_000))) {
		throw new Error(`only ${clients.filter((c) => c.synced).length}/${n} clients synced`);
	}
	return clients;
}

/** `count` update messages of one writer (Yjs client id `clientId`), each setting one key. */
export function writerUpdates(clientId: number, count: number): Uint8Array[] {
	return writerPayloads(clientId, count).map((update) => syncMessage(2, update));
}

/** The Yjs updates of writerUpdates, without the sync message around them. */
export function writerPayloads(clientId: number, count: number): Uint8Array[] {
	const doc = new Y.Doc();
	doc.clientID = clientId;
	const map = doc.getMap<number>('bench');
	const updates: Uint8Array[] = [];
	for (let seq = 0; seq < count; seq++) {
		const before = Y.encodeStateVector(doc);
		map.set(`w${clientId}`, seq);
		updates.push(Y.encodeStateAsUpdate(doc, before));
	}
	return updates;
}

/** One writer at `rate` updates/s for `durationMs`; latency of every delivery. */
async function fanoutLatency(room: Room, n: number, rate: number, durationMs: number) {
	const clients = await connectWire(room, n, true);
	const total = Math.round((rate * durationMs) / 1000);
	const messages = writerUpdates(1, total);
	const sent: number[] = [];
	const started = performance.now();
	for (let seq = 0; seq < total; seq++) {
		const wait = started + (seq * 1000) / rate - performance.now();
		if (wait > 1) await sleep(wait);
		sent.push(performance.now());
		clients[0].ws.send(messages[seq]);
	}
	const receivers = clients.slice(1);
	await until(() => receivers.every((c) => c.received >= total), 10_000);
	const latencies = receivers.flatMap((c) => c.arrivals.map((at, i) => at - sent[i]));
	for (const c of clients) c.ws.close();
	return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** `total` updates from `writers` as fast as they go; deliveries/s and server CPU per delivery. */
async function fanoutThroughput(
	target: Target,
	room: Room,
	n: number,
	writers: number,
	total: number
) {
	const clients = await connectWire(room, n, false);
	const perWriter = Math.ceil(total / writers);
	const queues = clients.slice(0, writers).map((c) => writerUpdates(c.clientId, perWriter));
	const expected = (c: WireClient) => perWriter * (c.clientId <= writers ? writers - 1 : writers);
	const cpuBefore = cpuMs(target.pid);
	const started = performance.now();
	for (let seq = 0; seq < perWriter; seq++) {
		for (let w = 0; w < writers; w++) clients[w].ws.send(queues[w][seq]);
		// Yield now and then so deliveries flow while the writers keep going.
		if (seq % Math.max(1, Math.floor(20 / writers)) === 0) {
			await new Promise((resolve) => setImmediate(resolve));
		}
	}
	await until(() => clients.every((c) => c.received >= expected(c)), 30_000);
	const seconds = (performance.now() - started) / 1000;
	const delivered = clients.reduce((sum, c) => sum + c.received, 0);
	const cpu = cpuMs(target.pid) - cpuBefore;
	for (const c of clients) c.ws.close();
	return { perSecond: delivered / seconds, cpuPer1k: (cpu / Math.max(1, delivered)) * 1000 };
}

// ---------------------------------------------------------------------------------------------
// Join storm with protocol-level clients

/** ~10k people as Y.Maps of 16 fields, written in chunks as an import would. */
export function peopleDoc(people: number): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = 7;
	const map = doc.getMap<Y.Map<unknown>>('people');
	let x = 12345;
	const rand = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	const words = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Ken', 'Margaret'];
	for (let start = 0; start < people; start += 1000) {
		doc.transact(() => {
			for (let i = start; i < Math.min(people, start + 1000); i++) {
				const person = new Y.Map<unknown>();
				const pick = () => words[Math.floor(rand() * words.length)];
				person.set('id', `p${i}`);
				person.set('firstName', pick());
				person.set('lastName', pick() + 'son');
				person.set('email', `person${i}@example.com`);
				person.set('phone', `+1 555 ${String(i).padStart(7, '0')}`);
				person.set('title', pick() + ' Manager');
				person.set('organizationId', `o${Math.floor(rand() * 2000)}`);
				person.set('city', pick() + 'ville');
				person.set('country', 'US');
				person.set('status', rand() < 0.5 ? 'lead' : 'customer');
				person.set('owner', `m${Math.floor(rand() * 20)}`);
				person.set('tags', 'vip,newsletter');
				person.set('createdAt', 1_650_000_000_000 + i * 1000);
				person.set('updatedAt', 1_650_000_000_000 + i * 2000);
				person.set('score', Math.floor(rand() * 100));
				person.set('notes', 'Met at the conference; follow up next quarter.');
				map.set(`p${i}`, person);
			}
		});
	}
	return Y.encodeStateAsUpdate(doc);
}

export function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, subtype);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

const EMPTY_STEP1 = syncMessage(0, Uint8Array.of(0));
const EMPTY_STEP2 = syncMessage(1, Uint8Array.of(0, 0));

/**
 * Opens a socket, optionally pushes an update, asks for the whole document and resolves with
 * the size of the answer (sync step 2 and any updates before it) once the step 2 arrives.
 * `keepOpen` leaves the socket connected.
 */
export function rawSync(
	url: string,
	push?: Uint8Array,
	keepOpen = false
): Promise<{ bytes: number; ms: number; ws: WebSocket }> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const ws = new WebSocket(url, { maxPayload: 512 * 1024 * 1024 });
		ws.on('error', reject);
		ws.on('close', (code) => reject(new Error(`closed ${code} before sync`)));
		ws.on('open', () => {
			if (push) ws.send(syncMessage(2, push));
			ws.send(EMPTY_STEP1);
		});
		let bytes = 0;
		ws.on('message', (data: Buffer) => {
			const decoder = decoding.createDecoder(
				new Uint8Array(data.buffer, data.byteOffset, data.length)
			);
			if (decoding.readVarUint(decoder) !== 0) return;
			const subtype = decoding.readVarUint(decoder);
			if (subtype !== 1 && subtype !== 2) return;
			// Updates before the step 2 are part of the answer (see server/room.ts).
			bytes += decoding.readVarUint8Array(decoder).length;
			if (subtype !== 1) return;
			ws.removeAllListeners('close');
			if (!keepOpen) ws.close();
			resolve({ bytes, ms: performance.now() - started, ws });
		});
	});
}

/**
 * Reads a server's websocket frames without keeping them: for each whole message, its first
 * 16 bytes and its length. Control frames are skipped; a close frame or a masked frame throws.
 */
class FrameCounter {
	private header: number[] = [];
	private remaining = 0;
	private fin = false;
	private head: number[] = [];
	private bytes = 0;

	constructor(private readonly onMessage: (head: number[], bytes: number) => void) {}

	read(buf: Uint8Array, from: number, to: number): void {
		let i = from;
		while (i < to) {
			if (this.remaining === 0 && !this.readHeader(buf[i++])) continue;
			const take = Math.min(this.remaining, to - i);
			for (let k = i; k < i + take && this.head.length < 16; k++) this.head.push(buf[k]);
			this.bytes += take;
			this.remaining -= take;
			i += take;
			if (this.remaining === 0 && this.fin) this.endMessage();
		}
	}

	/** Takes one header byte; true once a data frame with a payload starts. */
	private readHeader(byte: number): boolean {
		const h = this.header;
		h.push(byte);
		if (h.length < 2) return false;
		if (h[1] & 0x80) throw new Error('the server sent a masked frame');
		const short = h[1] & 0x7f;
		if (h.length < (short === 126 ? 4 : short === 127 ? 10 : 2)) return false;
		let length = short;
		if (short === 126) length = (h[2] << 8) | h[3];
		else if (short === 127) length = h.slice(2).reduce((sum, b) => sum * 256 + b, 0);
		const opcode = h[0] & 0x0f;
		this.header = [];
		if (opcode === 0x8) throw new Error('the server closed the connection');
		if (opcode >= 0x8) {
			if (length > 0) throw new Error('a control frame with a payload');
			return false;
		}
		this.fin = (h[0] & 0x80) !== 0;
		this.remaining = length;
		if (length === 0 && this.fin) this.endMessage();
		return length > 0;
	}

	private endMessage(): void {
		const { head, bytes } = this;
		this.head = [];
		this.bytes = 0;
		this.onMessage(head, bytes);
	}
}

/**
 * One joiner at the socket level: the websocket handshake, sync step 1 with an empty state
 * vector (masked, as a client must), then it reads the server's frames into one reused buffer
 * (FrameCounter). Resolves with the size of the answer (the sync step 2 and any updates before
 * it), checked against the frames, once its last byte arrived.
 */
export function stormClient(
	url: string,
	hocuspocus?: { name: string; token: string }
): Promise<{ bytes: number; ms: number }> {
	const started = performance.now();
	const { hostname, port, pathname, search } = new URL(url);
	return new Promise((resolve, reject) => {
		let handshake = '';
		let open = false;
		let served = false;
		let received = 0;
		const frames = new FrameCounter((head, bytes) => {
			const sync = syncPayload(head, bytes, hocuspocus !== undefined);
			if (sync === null || served) return;
			// Updates before the step 2 are part of the answer (see server/room.ts).
			received += sync.bytes;
			if (sync.subtype !== 1) return;
			served = true;
			resolve({ bytes: received, ms: performance.now() - started });
			socket.end(Buffer.from([0x88, 0x80, 0, 0, 0, 0])); // close: masked, no payload
		});
		const fail = (error: unknown): false => {
			socket.destroy();
			reject(error instanceof Error ? error : new Error(String(error)));
			return false;
		};
		const socket = net.connect({
			host: hostname,
			port: Number(port),
			onread: {
				buffer: Buffer.allocUnsafe(64 * 1024),
				callback(n, buf) {
					if (served) return true;
					let from = 0;
					if (!open) {
						handshake += Buffer.from(buf.buffer, buf.byteOffset, n).toString('latin1');
						const end = handshake.indexOf('\r\n\r\n');
						if (end === -1) return true;
						if (!handshake.startsWith('HTTP/1.1 101')) {
							return fail(new Error(`handshake refused: ${handshake.split('\r\n')[0]}`));
						}
						// Frames may follow the response in the same read.
						from = n - (handshake.length - end - 4);
						open = true;
						if (hocuspocus) {
							for (const hello of hocuspocusHello(hocuspocus.name, hocuspocus.token)) {
								socket.write(maskedFrame(hello));
							}
						} else socket.write(maskedFrame(EMPTY_STEP1));
					}
					try {
						frames.read(buf, from, n);
					} catch (error) {
						return fail(error);
					}
					return true;
				}
			}
		});
		socket.on('error', fail);
		socket.on('close', () => {
			if (!served) fail(new Error('closed before the document arrived'));
		});
		socket.on('connect', () => {
			socket.write(
				`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
					'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`
			);
		});
	});
}

/**
 * A whole message of `bytes` whose first bytes are `head`: for a sync step 2 or update, its
 * subtype and payload size, checked against what arrived; null for other messages.
 */
function syncPayload(
	head: number[],
	bytes: number,
	named: boolean
): { subtype: number; bytes: number } | null {
	const decoder = decoding.createDecoder(Uint8Array.from(head));
	if (named) decoding.readVarString(decoder); // Hocuspocus: the document's name first
	const kind = decoding.readVarUint(decoder);
	// Hocuspocus answers a sync step 1 as a sync reply (4): the same sync message inside.
	if (kind !== 0 && !(named && kind === 4)) return null;
	const subtype = decoding.readVarUint(decoder);
	if (subtype !== 1 && subtype !== 2) return null;
	const declared = decoding.readVarUint(decoder);
	if (declared !== bytes - decoder.pos) {
		throw new Error(`a sync message declares ${declared} bytes, carried ${bytes - decoder.pos}`);
	}
	return { subtype, bytes: declared };
}

/**
 * What a HocuspocusProvider sends first for a document, without awareness: its token, then sync
 * step 1 with an empty state vector, each message led by the document's name.
 */
export function hocuspocusHello(name: string, token: string): Uint8Array[] {
	const auth = encoding.createEncoder();
	encoding.writeVarString(auth, name);
	encoding.writeVarUint(auth, 2); // Auth
	encoding.writeVarUint(auth, 0); // Token
	encoding.writeVarString(auth, token);
	const step1 = encoding.createEncoder();
	encoding.writeVarString(step1, name);
	encoding.writeUint8Array(step1, EMPTY_STEP1);
	return [encoding.toUint8Array(auth), encoding.toUint8Array(step1)];
}

/** A client frame: binary, final, masked with a random key (RFC 6455 §5.3). */
function maskedFrame(payload: Uint8Array): Buffer {
	if (payload.length > 125) throw new Error('maskedFrame is for small messages');
	const out = Buffer.allocUnsafe(6 + payload.length);
	out[0] = 0x82;
	out[1] = 0x80 | payload.length;
	randomBytes(4).copy(out, 2);
	for (let i = 0; i < payload.length; i++) out[6 + i] = payload[i] ^ out[2 + (i % 4)];
	return out;
}

async function joinStorm(target: Target, doc: Uint8Array, clients: number) {
	const room = await target.room('storm');
	// A holder pushes the document and stays connected, so the storm meets a loaded room.
	const holder = await rawSync(room.url, doc, true);
	const check = await rawSync(room.url);
	if (check.bytes < doc.length * 0.9)
		throw new Error(`${target.name} holds ${check.bytes} of ${doc.length} bytes`);
	// Someone edits after that first full sync, as in a workspace in use: the storm must not be
	// served from an answer prepared before the last change unless the change comes with it.
	holder.ws.send(writerUpdates(8, 1)[0]);
	await sleep(50);

	let peak = rssMb(target.pid);
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(target.pid))), 5);
	const results = await Promise.all(Array.from({ length: clients }, () => stormClient(room.url)));
	clearInterval(sampler);
	peak = Math.max(peak, rssMb(target.pid));
	holder.ws.close();
	const times = results.map((r) => r.ms);
	if (results.some((r) => r.bytes < doc.length * 0.9))
		throw new Error('a client got a partial document');
	return { allMs: Math.max(...times), p50Ms: percentile(times, 50), peakRssMb: peak };
}

// ---------------------------------------------------------------------------------------------
// Memory per workspace and restart (relay only)

// A process-wide hook so the bench can ask the relay's V8 for a full GC before measuring heap.
const GC_HOOK = 'data:text/javascript,process.on("SIGUSR2",()=>globalThis.gc())';

async function heapMb(relay: RelayProcess): Promise<number> {
	relay.child.kill('SIGUSR2');
	await sleep(150);
	const text = await (await fetch(`${relay.http}/metrics`)).text();
	return Number(/^nodejs_heap_used_bytes (\d+)$/m.exec(text)![1]) / 1024 / 1024;
}

async function loadedWorkspaces(relay: RelayProcess): Promise<number> {
	const text = await (await fetch(`${relay.http}/metrics`)).text();
	return Number(/^relay_workspaces_loaded (\d+)$/m.exec(text)![1]);
}

async function memoryAndRestart(workspaces: number) {
	const relay = await startRelay({
		env: { ...RELAY_ENV, WORKSPACE_IDLE_MS: '300' },
		nodeArgs: ['--expose-gc', '--import', GC_HOOK]
	});
	const target = oursTarget(relay);
	const doc = peopleDoc(100);
	const rooms: Room[] = [];
	for (let i = 0; i < workspaces; i++) rooms.push(await target.room(`mem-${i}`));
	const base = await heapMb(relay);

	const open = await Promise.all(rooms.map((room) => rawSync(room.url, doc, true)));
	// The push and the step-1 answer race; confirm every room now holds the document.
	for (const room of rooms) {
		const { bytes } = await rawSync(room.url);
		if (bytes < doc.length * 0.9) throw new Error('memory bench: a workspace missed its document');
	}
	const active = await heapMb(relay);
	for (const { ws } of open) ws.close();
	await until(() => false, 500);
	for (let i = 0; i < 50 && (await loadedWorkspaces(relay)) > 0; i++) await sleep(100);
	const idle = await heapMb(relay);

	// Restart: SIGTERM, then from spawn until every workspace has served its whole document.
	await relay.stop();
	const started = performance.now();
	const again = await startRelay({ dataDir: relay.dataDir, env: RELAY_ENV });
	const served = await Promise.all(
		rooms.map((room) => rawSync(room.url.replace(relay.ws, again.ws)))
	);
	const restartMs = performance.now() - started;
	if (served.some((s) => s.bytes < doc.length * 0.9)) throw new Error('restart lost a document');
	await oursTarget(again).stop();
	return {
		activeKb: ((active - base) * 1024) / workspaces,
		idleKb: ((idle - base) * 1024) / workspaces,
		restartMs,
		docKb: doc.length / 1024
	};
}

// ---------------------------------------------------------------------------------------------

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const runs = quick ? 1 : 3;
	const sizes = quick ? [10, 50] : [10, 50, 200];
	// Updates per throughput sample. Fewer (quick mode had 500) leave a fast server under 0.1 s
	// of sending, where timer granularity and one scheduling hiccup decide the figure.
	const updates = 1500;
	const ours = await startOurs();
	const stock = await startStock();
	try {
		// Untimed: a server's first few thousand updates cost it several times the later ones
		// (V8 compiling its hot paths), which would otherwise land in whichever figure comes first.
		for (const target of [ours, stock]) {
			for (let i = 0; i < 3; i++) {
				await fanoutThroughput(target, await target.room('warm-up'), 10, 10, 2000);
			}
		}
		for (const n of sizes) {
			const samples = {
				relay: {
					p50: [] as number[],
					p99: [] as number[],
					one: [] as number[],
					many: [] as number[],
					cpu: [] as number[]
				},
				stock: {
					p50: [] as number[],
					p99: [] as number[],
					one: [] as number[],
					many: [] as number[],
					cpu: [] as number[]
				}
			};
			for (let r = 0; r < runs; r++) {
				for (const target of [ours, stock]) {
					const latency = await fanoutLatency(
						await target.room(`lat-${n}`),
						n,
						200,
						quick ? 1500 : 4000
					);
					const one = await fanoutThroughput(target, await target.room(`one-${n}`), n, 1, updates);
					const many = await fanoutThroughput(
						target,
						await target.room(`many-${n}`),
						n,
						n,
						updates
					);
					const s = samples[target.name];
					s.p50.push(latency.p50);
					s.p99.push(latency.p99);
					s.one.push(one.perSecond);
					s.many.push(many.perSecond);
					s.cpu.push(one.cpuPer1k);
					await sleep(100);
				}
			}
			const { relay: a, stock: b } = samples;
			const median = (xs: number[]) => percentile(xs, 50);
			const at50 = n === 50;
			results.push(
				summarize(
					`relay.fanout.${n}.latency_p50`,
					'ms',
					'lower',
					a.p50,
					at50 ? 2 : null,
					b.p50,
					`${n} clients in one workspace, one writer at 200 updates/s`
				),
				summarize(`relay.fanout.${n}.latency_p99`, 'ms', 'lower', a.p99, at50 ? 8 : null, b.p99),
				summarize(
					`relay.fanout.${n}.one_writer`,
					'deliveries/s',
					'higher',
					a.one,
					at50 ? 2 * median(b.one) : null,
					b.one,
					'one writer as fast as it goes; the clients share the bench process and the 2 cores'
				),
				summarize(
					`relay.fanout.${n}.many_writers`,
					'deliveries/s',
					'higher',
					a.many,
					null,
					b.many,
					`every one of the ${n} clients writes`
				),
				summarize(
					`relay.fanout.${n}.server_cpu_per_1k_deliveries`,
					'ms',
					'lower',
					a.cpu,
					null,
					b.cpu,
					'server process CPU time per 1000 deliveries (one writer)'
				)
			);
		}

		const doc = peopleDoc(10_000);
		const storm = {
			relay: { all: [] as number[], p50: [] as number[], rss: [] as number[] },
			stock: { all: [] as number[], p50: [] as number[], rss: [] as number[] }
		};
		for (let r = 0; r < runs; r++) {
			// The stock server encodes the whole document for every client: ~1 min here, so quick
			// mode measures it only in full mode. Each storm meets a freshly started server: peak
			// RSS must not count what the fan-out rooms or the previous storm left behind.
			for (const start of quick ? [startOurs] : [startOurs, startStock]) {
				const target = await start();
				try {
					const result = await joinStorm(target, doc, 100);
					storm[target.name].all.push(result.allMs);
					storm[target.name].p50.push(result.p50Ms);
					storm[target.name].rss.push(result.peakRssMb);
				} finally {
					await target.stop();
				}
			}
		}
		results.push(
			summarize(
				'relay.join_storm.100.all_served',
				'ms',
				'lower',
				storm.relay.all,
				500,
				quick ? undefined : storm.stock.all,
				`100 clients ask at once for a 10k-people document (${(doc.length / 1024 / 1024).toFixed(1)} MB encoded) just edited; socket-level clients count the bytes`
			),
			summarize(
				'relay.join_storm.100.p50',
				'ms',
				'lower',
				storm.relay.p50,
				null,
				quick ? undefined : storm.stock.p50
			),
			summarize(
				'relay.join_storm.100.peak_rss',
				'MB',
				'lower',
				storm.relay.rss,
				300,
				quick ? undefined : storm.stock.rss,
				'server resident memory, sampled every 5 ms during the storm'
			)
		);
	} finally {
		await ours.stop();
		await stock.stop();
	}

	const memory = await memoryAndRestart(100);
	results.push(
		summarize(
			'relay.memory.per_active_workspace',
			'KB',
			'lower',
			[memory.activeKb],
			null,
			undefined,
			`V8 heap after GC per connected workspace of 100 people (${memory.docKb.toFixed(0)} KB encoded)`
		),
		summarize(
			'relay.memory.per_idle_workspace',
			'KB',
			'lower',
			[memory.idleKb],
			null,
			undefined,
			'V8 heap after GC per workspace released after its last client left'
		),
		summarize(
			'relay.restart_to_serving_100_workspaces',
			'ms',
			'lower',
			[memory.restartMs],
			null,
			undefined,
			'SIGTERM, then from spawn (Node + tsx start included) until 100 workspaces served their documents'
		)
	);
	return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const quick = process.argv.includes('--quick');
	run({ quick }).then(
		(results) => {
			console.log(JSON.stringify(results, null, '\t'));
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		}
	);
}
