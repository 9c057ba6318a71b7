/**
 * Our relay as one process against three processes on Redis (issue #19), same clients, same
 * run: fan-out (one writer at 200 updates/s: latency of every delivery; one writer as fast as
 * it goes: deliveries/s) and a join storm (everyone asks at once for a just-edited 10k-people
 * document), at 50 and 200 clients. With three processes the clients are spread over them
 * round-robin, the writer on the first, so two thirds of deliveries cross Redis. Goal: p99
 * ≤ 10 ms at 200 clients with three processes. The stock @y/websocket-server comparison is
 * bench/relay.bench.ts (this module reuses its clients).
 *
 * Each process has its own data directory (two file stores never share one) with the same
 * auth.json: a workspace is created on the first and its auth.json copied to the others. The
 * storm's document is pushed on the first; the others get it from their peers through Redis (a
 * holder stays connected to each, as in a workspace in use), before the storm starts.
 *
 * `node --import tsx bench/run-one.ts bench/relay-redis.bench.ts /tmp/out.json [--quick]`
 */
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startRedis, type RedisServer } from '../server/redis-test-server.ts';
import { startRelay, type RelayProcess } from '../server/test-helpers.ts';
import {
	RELAY_ENV,
	WireClient,
	peopleDoc,
	rawSync,
	sleep,
	stormClient,
	until,
	writerUpdates
} from './relay.bench.ts';
import { percentile, summarize, type BenchOptions, type BenchResult } from './result.ts';

const REDIS_PORT = 56381;

/** One process, or three on Redis: a workspace's URL at each process. */
interface Setup {
	name: 'single' | 'three';
	relays: RelayProcess[];
	workspace(): Promise<string[]>;
	stop(): Promise<void>;
}

async function single(): Promise<Setup> {
	const relay = await startRelay({ env: RELAY_ENV });
	return {
		name: 'single',
		relays: [relay],
		async workspace() {
			return [syncUrlOf(relay, ...(await create(relay)))];
		},
		async stop() {
			await relay.stop();
			fs.rmSync(relay.dataDir, { recursive: true, force: true });
		}
	};
}

async function three(redis: RedisServer): Promise<Setup> {
	const env = { ...RELAY_ENV, REDIS_URL: redis.url };
	const relays = [await startRelay({ env }), await startRelay({ env }), await startRelay({ env })];
	return {
		name: 'three',
		relays,
		async workspace() {
			const [id, token] = await create(relays[0]);
			// The others re-read auth.json when it changes on disk: replaced whole, by rename.
			for (const relay of relays.slice(1)) {
				const to = path.join(relay.dataDir, 'auth.json');
				fs.copyFileSync(path.join(relays[0].dataDir, 'auth.json'), `${to}.copy`);
				fs.renameSync(`${to}.copy`, to);
			}
			return relays.map((relay) => syncUrlOf(relay, id, token));
		},
		async stop() {
			await Promise.all(relays.map((relay) => relay.stop()));
			for (const relay of relays) fs.rmSync(relay.dataDir, { recursive: true, force: true });
		}
	};
}

async function create(relay: RelayProcess): Promise<[string, string]> {
	const res = await fetch(`${relay.http}/api/workspaces`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'bench' })
	});
	if (res.status !== 201) throw new Error(`create workspace: ${res.status} ${await res.text()}`);
	const { workspaceId, token } = (await res.json()) as { workspaceId: string; token: string };
	return [workspaceId, token];
}

function syncUrlOf(relay: RelayProcess, id: string, token: string): string {
	return `${relay.ws}/sync/${id}?token=${encodeURIComponent(token)}`;
}

/** `n` wire clients spread round-robin over the processes' URLs; client 0 on the first. */
async function spread(urls: string[], n: number, record: boolean): Promise<WireClient[]> {
	const clients = Array.from(
		{ length: n },
		(_, i) => new WireClient(urls[i % urls.length], i + 1, record)
	);
	if (!(await until(() => clients.every((c) => c.synced), 30_000))) {
		throw new Error(`only ${clients.filter((c) => c.synced).length}/${n} clients synced`);
	}
	return clients;
}

async function latency(setup: Setup, n: number, rate: number, durationMs: number) {
	const clients = await spread(await setup.workspace(), n, true);
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
	const all = await until(() => receivers.every((c) => c.received >= total), 20_000);
	for (const c of clients) c.ws.close();
	if (!all) throw new Error(`${setup.name}: not every delivery arrived`);
	const latencies = receivers.flatMap((c) => c.arrivals.map((at, i) => at - sent[i]));
	return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function throughput(setup: Setup, n: number, total: number) {
	const clients = await spread(await setup.workspace(), n, false);
	const messages = writerUpdates(1, total);
	const started = performance.now();
	for (let seq = 0; seq < total; seq++) {
		clients[0].ws.send(messages[seq]);
		if (seq % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
	}
	const receivers = clients.slice(1);
	const all = await until(() => receivers.every((c) => c.received >= total), 60_000);
	const seconds = (performance.now() - started) / 1000;
	for (const c of clients) c.ws.close();
	if (!all) throw new Error(`${setup.name}: not every delivery arrived`);
	return (total * receivers.length) / seconds;
}

async function storm(setup: Setup, doc: Uint8Array, n: number) {
	const urls = await setup.workspace();
	const holders: WebSocket[] = [(await rawSync(urls[0], doc, true)).ws];
	for (const url of urls.slice(1)) holders.push((await rawSync(url, undefined, true)).ws);
	// Every process serves the whole document before the storm (the others through Redis).
	for (const url of urls) {
		const started = performance.now();
		while ((await rawSync(url)).bytes < doc.length * 0.9) {
			if (performance.now() - started > 30_000) throw new Error(`${url} never got the document`);
			await sleep(100);
		}
	}
	// An edit after the first full sync, as in a workspace in use.
	holders[0].send(writerUpdates(8, 1)[0]);
	await sleep(100);
	const results = await Promise.all(
		Array.from({ length: n }, (_, i) => stormClient(urls[i % urls.length]))
	);
	for (const holder of holders) holder.close();
	if (results.some((r) => r.bytes < doc.length * 0.9)) {
		throw new Error(`${setup.name}: a client got a partial document`);
	}
	const times = results.map((r) => r.ms);
	return { all: Math.max(...times), p50: percentile(times, 50) };
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const runs = quick ? 1 : 3;
	const redis = await startRedis(REDIS_PORT);
	const setups = [await single(), await three(redis)];
	try {
		for (const setup of setups) await throughput(setup, 10, 2000); // warm-up, untimed
		for (const n of [50, 200]) {
			const s = {
				single: { p50: [] as number[], p99: [] as number[], one: [] as number[] },
				three: { p50: [] as number[], p99: [] as number[], one: [] as number[] }
			};
			for (let r = 0; r < runs; r++) {
				for (const setup of setups) {
					const lat = await latency(setup, n, 200, quick ? 1500 : 3000);
					s[setup.name].p50.push(lat.p50);
					s[setup.name].p99.push(lat.p99);
					s[setup.name].one.push(await throughput(setup, n, 1500));
					await sleep(100);
				}
			}
			const note = `${n} clients, one writer at 200 updates/s; reference: one process`;
			results.push(
				summarize(
					`relay-redis.${n}.latency_p50`,
					'ms',
					'lower',
					s.three.p50,
					null,
					s.single.p50,
					note
				),
				summarize(
					`relay-redis.${n}.latency_p99`,
					'ms',
					'lower',
					s.three.p99,
					n === 200 ? 10 : null,
					s.single.p99,
					note
				),
				summarize(
					`relay-redis.${n}.one_writer`,
					'deliveries/s',
					'higher',
					s.three.one,
					null,
					s.single.one,
					`${n} clients, one writer as fast as it goes; reference: one process`
				)
			);
		}
		const doc = peopleDoc(10_000);
		for (const n of [50, 200]) {
			const s = { single: [] as number[], three: [] as number[] };
			const p50 = { single: [] as number[], three: [] as number[] };
			for (let r = 0; r < runs; r++) {
				for (const setup of setups) {
					const result = await storm(setup, doc, n);
					s[setup.name].push(result.all);
					p50[setup.name].push(result.p50);
				}
			}
			results.push(
				summarize(
					`relay-redis.join_storm.${n}.all_served`,
					'ms',
					'lower',
					s.three,
					null,
					s.single,
					`${n} clients ask at once for a just-edited 10k-people document; reference: one process`
				),
				summarize(`relay-redis.join_storm.${n}.p50`, 'ms', 'lower', p50.three, null, p50.single)
			);
		}
	} finally {
		for (const setup of setups) await setup.stop();
		await redis.stop();
	}
	for (const r of results) {
		console.log(
			`${r.id}: three ${r.median} ${r.unit} (${r.min}–${r.max}, ${r.runs}) vs one ${r.reference_median}`
		);
	}
	return results;
}
