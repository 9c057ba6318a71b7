/**
 * Fan-out and join-storm scenarios for any ServerKind (bench/harness/relay-kinds.ts), shared by
 * bench/relay-redis.bench.ts and bench/relay-compare.bench.ts. Clients are spread round-robin over
 * a kind's processes, the writer on the first, so with three processes two thirds of deliveries
 * cross Redis.
 *
 * Fan-out clients: relay.bench.ts's WireClient, which does a provider's handshake and only notes
 * arrivals, in y-websocket's framing for ours and stock and in Hocuspocus's for Hocuspocus; or,
 * for Hocuspocus, its own HocuspocusProvider (`ws` as its WebSocket in Node, no awareness, as
 * WireClient sends none), which also applies every update to a Y.Doc. All run in this process and
 * share the 2 cores with the servers, so throughput also reports the server processes' CPU time
 * per 1,000 deliveries, which the clients' cost does not enter. Same updates (writerPayloads),
 * same document (peopleDoc) for every kind.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
	WireClient,
	rawSync,
	sleep,
	stormClient,
	syncMessage,
	until,
	writerPayloads
} from '../relay.bench.ts';
import { percentile } from '../result.ts';
import { cpuMs, rssMb, type DocAddress, type ServerKind } from './relay-kinds.ts';

/** What a scenario needs of a fan-out client, whatever its protocol. */
interface FanoutClient {
	readonly synced: boolean;
	readonly received: number;
	readonly arrivals: number[];
	/** A function sending the prepared updates one by one, by index. */
	writer(updates: Uint8Array[]): (seq: number) => void;
	close(): void;
}

/** Which clients meet a Hocuspocus server: its provider, or WireClient in its framing. */
export type HocuspocusClients = 'provider' | 'wire';

function wireClient(
	address: DocAddress,
	clientId: number,
	record: boolean,
	hocuspocus: boolean
): FanoutClient {
	const client = new WireClient(address.url, clientId, record, hocuspocus ? address : undefined);
	return {
		get synced() {
			return client.synced;
		},
		get received() {
			return client.received;
		},
		arrivals: client.arrivals,
		writer(updates) {
			const messages = updates.map((update) => client.frame(syncMessage(2, update)));
			return (seq) => client.ws.send(messages[seq]);
		},
		close: () => client.ws.close()
	};
}

/** The Yjs client id of the fan-out's writer (writerPayloads). */
const WRITER = 1;

/** A HocuspocusProvider that notes the arrival of every update from another client. */
function hocuspocusClient(address: DocAddress, clientId: number, record: boolean): FanoutClient {
	const doc = new Y.Doc();
	// Not the writer's id: its updates (made elsewhere, writerPayloads) applied to a doc of the
	// same id would make Yjs pick a new one, and warn.
	doc.clientID = 1_000_000 + clientId;
	const provider = provide(address, doc);
	const state = { synced: false, received: 0, arrivals: [] as number[] };
	provider.provider.on('synced', () => (state.synced = true));
	// The provider applies what the server sends with itself as the origin; the writer's own
	// updates are applied locally with none.
	// Counted by the writer's clock (each bench update is one), as WireClient counts: through
	// Redis, Hocuspocus hands another process's clients several updates merged into one.
	doc.on('update', (_update: Uint8Array, origin: unknown) => {
		if (origin !== provider.provider) return;
		const clock = Y.getState(doc.store, WRITER);
		const now = performance.now();
		while (state.received < clock) {
			state.received++;
			if (record) state.arrivals.push(now);
		}
	});
	return {
		get synced() {
			return state.synced;
		},
		get received() {
			return state.received;
		},
		arrivals: state.arrivals,
		writer: (updates) => (seq) => Y.applyUpdate(doc, updates[seq]),
		close: () => provider.close()
	};
}

/**
 * A HocuspocusProvider of `doc` at `address`, on its own socket with `ws` as its WebSocket in
 * Node, without awareness (WireClient sends none). The provider's types take a socket of one's
 * own for that, which it then neither opens for itself nor closes.
 */
function provide(address: DocAddress, doc: Y.Doc) {
	const socket = new HocuspocusProviderWebsocket({
		url: address.url,
		WebSocketPolyfill: WebSocket,
		// A holder hears nothing while a slow storm is served: no reconnect after 30 s of silence.
		messageReconnectTimeout: 600_000
	});
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: address.name,
		token: address.token,
		document: doc,
		awareness: null
	});
	provider.attach();
	return {
		provider,
		close() {
			provider.destroy();
			socket.destroy();
		}
	};
}

/** `n` clients of a fresh document spread over the kind's processes, all synced. */
async function spread(
	kind: ServerKind,
	n: number,
	record: boolean,
	clientsOf: HocuspocusClients
): Promise<FanoutClient[]> {
	const addresses = await kind.document();
	const hocuspocus = kind.protocol === 'hocuspocus';
	const clients = Array.from({ length: n }, (_, i) => {
		const address = addresses[i % addresses.length];
		return hocuspocus && clientsOf === 'provider'
			? hocuspocusClient(address, i + 1, record)
			: wireClient(address, i + 1, record, hocuspocus);
	});
	if (!(await until(() => clients.every((c) => c.synced), 60_000))) {
		throw new Error(`${kind.name}: only ${clients.filter((c) => c.synced).length}/${n} synced`);
	}
	return clients;
}

const serverCpu = (kind: ServerKind) => kind.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
const benchCpu = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

/**
 * One writer at `rate` updates/s for `durationMs`: the latency of every delivery, from just
 * before the writer's send to the receiver's handler, both in this process. Also what tells the
 * servers' part from this process's: the event-loop delay of this process meanwhile (p99; a
 * delivery waits that long before its handler runs, whatever the server), and with several
 * processes the p99 of the clients on the writer's process (no Redis hop) apart from the others.
 */
export async function fanoutLatency(
	kind: ServerKind,
	n: number,
	rate: number,
	durationMs: number,
	clientsOf: HocuspocusClients = 'wire'
) {
	const clients = await spread(kind, n, true, clientsOf);
	const total = Math.round((rate * durationMs) / 1000);
	const send = clients[0].writer(writerPayloads(WRITER, total));
	const sent: number[] = [];
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	const started = performance.now();
	for (let seq = 0; seq < total; seq++) {
		const wait = started + (seq * 1000) / rate - performance.now();
		if (wait > 1) await sleep(wait);
		sent.push(performance.now());
		send(seq);
	}
	const receivers = clients.slice(1);
	const all = await until(() => receivers.every((c) => c.received >= total), 30_000);
	loop.disable();
	for (const c of clients) c.close();
	if (!all) throw new Error(`${kind.name}: not every delivery arrived`);
	const latencies = (of: FanoutClient[]) =>
		of.flatMap((c) => c.arrivals.map((at, i) => at - sent[i]));
	const every = latencies(receivers);
	const all99 = percentile(every, 99);
	// Clients i of spread() sit on process i % processes; the writer (0) on the first.
	const processes = kind.pids.length;
	const p99Where = (writers: boolean) =>
		processes === 1
			? all99
			: percentile(
					latencies(receivers.filter((_, i) => ((i + 1) % processes === 0) === writers)),
					99
				);
	// Each update's first arrival: the server's part before the clients' process queues the rest.
	const first = sent.map((at, i) => Math.min(...receivers.map((c) => c.arrivals[i])) - at);
	return {
		p50: percentile(every, 50),
		p99: all99,
		p99WriterProcess: p99Where(true),
		p99OtherProcesses: p99Where(false),
		p99FirstArrival: percentile(first, 99),
		clientLoopP99: loop.percentile(99) / 1e6
	};
}

/**
 * One writer sending `total` updates as fast as it goes: deliveries/s, and the CPU time per
 * 1,000 deliveries of the server processes and of this (the clients') process.
 */
export async function fanoutThroughput(
	kind: ServerKind,
	n: number,
	total: number,
	clientsOf: HocuspocusClients = 'wire'
) {
	const clients = await spread(kind, n, false, clientsOf);
	const send = clients[0].writer(writerPayloads(WRITER, total));
	const serverBefore = serverCpu(kind);
	const benchBefore = benchCpu();
	const started = performance.now();
	for (let seq = 0; seq < total; seq++) {
		send(seq);
		// Yield now and then so deliveries flow while the writer keeps going.
		if (seq % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
	}
	const receivers = clients.slice(1);
	const all = await until(() => receivers.every((c) => c.received >= total), 120_000);
	const seconds = (performance.now() - started) / 1000;
	const delivered = total * receivers.length;
	const perK = (ms: number) => (ms / delivered) * 1000;
	const result = {
		perSecond: delivered / seconds,
		serverCpuPer1k: perK(serverCpu(kind) - serverBefore),
		clientCpuPer1k: perK(benchCpu() - benchBefore)
	};
	for (const c of clients) c.close();
	if (!all) throw new Error(`${kind.name}: not every delivery arrived`);
	return result;
}

/** Asks for the whole document at one process; the size of the answer. */
function ask(kind: ServerKind, address: DocAddress) {
	return kind.protocol === 'hocuspocus'
		? stormClient(address.url, address)
		: stormClient(address.url);
}

/**
 * A join storm: a holder at each process keeps the document `doc` loaded (pushed at the first;
 * the others get it through Redis), someone edits it, then `n` clients spread over the processes
 * ask at once for all of it. Socket-level clients for every kind (relay.bench.ts stormClient; the
 * Hocuspocus variant sends what its provider sends first): a provider applying the 4.2 MB
 * document would make this process the bottleneck, as a `ws` client copying it would
 * (relay.bench.ts). Time until every client got it all, p50, and the peak of the processes'
 * resident memory added up, sampled every 5 ms.
 */
export async function joinStorm(kind: ServerKind, doc: Uint8Array, n: number) {
	const addresses = await kind.document();
	const holders = await Promise.all(
		addresses.map((address, i) => holder(kind, address, i === 0 ? doc : undefined))
	);
	// Every process serves the whole document before the storm (the others through Redis).
	for (const address of addresses) {
		const started = performance.now();
		while ((await ask(kind, address)).bytes < doc.length * 0.9) {
			if (performance.now() - started > 60_000) {
				throw new Error(`${kind.name}: ${address.url} never got the document`);
			}
			await sleep(100);
		}
	}
	// An edit after the first full sync, as in a workspace in use: the storm must not be served
	// from an answer prepared before the last change unless the change comes with it.
	holders[0].edit(writerPayloads(8, 1)[0]);
	await sleep(100);

	const rss = () => kind.pids.reduce((sum, pid) => sum + rssMb(pid), 0);
	let peak = rss();
	const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
	const results = await Promise.all(
		Array.from({ length: n }, (_, i) => ask(kind, addresses[i % addresses.length]))
	);
	clearInterval(sampler);
	peak = Math.max(peak, rss());
	for (const h of holders) h.close();
	if (results.some((r) => r.bytes < doc.length * 0.9)) {
		throw new Error(`${kind.name}: a client got a partial document`);
	}
	const times = results.map((r) => r.ms);
	return { allMs: Math.max(...times), p50Ms: percentile(times, 50), peakRssMb: peak };
}

/** A client that stays connected, having pushed `doc` if given; `edit` sends one update. */
async function holder(
	kind: ServerKind,
	address: DocAddress,
	doc?: Uint8Array
): Promise<{ edit(update: Uint8Array): void; close(): void }> {
	if (kind.protocol === 'y-websocket') {
		const { ws } = await rawSync(address.url, doc, true);
		return { edit: (update) => ws.send(syncMessage(2, update)), close: () => ws.close() };
	}
	const ydoc = new Y.Doc();
	if (doc) Y.applyUpdate(ydoc, doc);
	const provider = provide(address, ydoc);
	let synced = false;
	provider.provider.on('synced', () => (synced = true));
	if (!(await until(() => synced, 60_000))) throw new Error(`${kind.name}: a holder never synced`);
	return { edit: (update) => Y.applyUpdate(ydoc, update), close: () => provider.close() };
}
