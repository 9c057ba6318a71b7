/**
 * Redis pub/sub against Redis streams as the relay's fan-out between processes, on a real
 * redis-server (loopback port 26382), same run: one publisher sends document updates of
 * ~100 bytes at a steady rate to a reader subscribed to the document, and we time each message
 * from send to receipt (same process, one clock). Streams read with XREAD BLOCK from the last id,
 * as a reader that must not miss anything would; pub/sub with SUBSCRIBE. Then the cost of many
 * documents: the relay holds hundreds of documents per workspace, so the reader follows 500 of
 * them and the publisher writes to one at random.
 *
 * `node --import tsx bench/run-one.ts bench/redis-transport.bench.ts /tmp/out.json [--quick]`
 */
import { Redis } from 'ioredis';
import { startRedis } from '../server/redis-test-server.ts';
import { percentile, summarize, type BenchOptions, type BenchResult } from './result.ts';

const PORT = 26382;
const PAYLOAD = 100;

interface Sample {
	p50: number;
	p99: number;
	perSec: number;
}

function stamp(seq: number): Buffer {
	const message = Buffer.alloc(PAYLOAD);
	message.writeDoubleLE(performance.now(), 0);
	message.writeUInt32LE(seq, 8);
	return message;
}

async function pubsub(url: string, docs: number, count: number, rate: number): Promise<Sample> {
	const pub = new Redis(url);
	const sub = new Redis(url);
	const channels = Array.from({ length: docs }, (_, i) => `bench:doc:ws/${i}`);
	await sub.subscribe(...channels);
	const latencies: number[] = [];
	const done = new Promise<void>((resolve) =>
		sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
			latencies.push(performance.now() - message.readDoubleLE(0));
			if (latencies.length === count) resolve();
		})
	);
	const started = performance.now();
	await paced(count, rate, (i) => void pub.publish(channels[i % docs], stamp(i)));
	await bounded(done);
	const elapsed = performance.now() - started;
	pub.disconnect();
	sub.disconnect();
	return summary(latencies, count, elapsed);
}

async function streams(url: string, docs: number, count: number, rate: number): Promise<Sample> {
	const pub = new Redis(url);
	const reader = new Redis(url);
	const keys = Array.from({ length: docs }, (_, i) => `bench:stream:ws/${i}:${Date.now()}`);
	// Fresh keys: from the start (`$` on a key not yet read would skip what arrived meanwhile).
	const last = new Map(keys.map((key) => [key, '0-0']));
	const latencies: number[] = [];
	let reading = true;
	const loop = (async () => {
		// One blocking read over every followed document, from the last id seen of each.
		while (reading && latencies.length < count) {
			const ids = keys.map((key) => last.get(key)!);
			const answer = await reader.xreadBuffer('BLOCK', 1000, 'STREAMS', ...keys, ...ids);
			if (!answer) continue;
			for (const [key, entries] of answer) {
				for (const [id, fields] of entries) {
					latencies.push(performance.now() - fields[1].readDoubleLE(0));
					last.set(key.toString(), id.toString());
				}
			}
		}
	})();
	await new Promise((resolve) => setTimeout(resolve, 50)); // the first XREAD is waiting
	const started = performance.now();
	await paced(count, rate, (i) => {
		// Trimmed well above what one run writes: a lagging reader of a trimmed stream loses
		// entries (and an untrimmed one grows without bound).
		void pub.xadd(keys[i % docs], 'MAXLEN', '~', '100000', '*', 'u', stamp(i));
	});
	await bounded(loop).finally(() => (reading = false));
	const elapsed = performance.now() - started;
	await pub.del(...keys);
	pub.disconnect();
	reader.disconnect();
	return summary(latencies, count, elapsed);
}

function bounded<T>(promise: Promise<T>, ms = 60_000): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Calls send(i) for i < count at `rate` per second (in 1 ms steps). */
async function paced(count: number, rate: number, send: (i: number) => void): Promise<void> {
	const started = performance.now();
	let sent = 0;
	while (sent < count) {
		const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
		while (sent < due) send(sent++);
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
}

function summary(latencies: number[], count: number, elapsedMs: number): Sample {
	return {
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		perSec: count / (elapsedMs / 1000)
	};
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const redis = await startRedis(PORT);
	const runs = quick ? 1 : 5;
	const count = quick ? 2000 : 5000;
	const rate = 2000;
	const results: BenchResult[] = [];
	try {
		for (const docs of [1, 500]) {
			const ps: Sample[] = [];
			const st: Sample[] = [];
			for (let r = 0; r < runs; r++) {
				// Alternated, so load on the machine weighs on both alike.
				ps.push(await pubsub(redis.url, docs, count, rate));
				st.push(await streams(redis.url, docs, count, rate));
			}
			const note = `${count} messages of ${PAYLOAD} B at ${rate}/s over ${docs} document(s); reference: streams (XADD + XREAD BLOCK)`;
			for (const key of ['p50', 'p99'] as const) {
				results.push(
					summarize(
						`redis-transport.${docs}docs.${key}`,
						'ms',
						'lower',
						ps.map((s) => s[key]),
						null,
						st.map((s) => s[key]),
						note
					)
				);
			}
		}
		// Throughput: as fast as the publisher can go, one document.
		const flood: Sample[] = [];
		const floodStreams: Sample[] = [];
		for (let r = 0; r < runs; r++) {
			flood.push(await pubsub(redis.url, 1, count * 4, 1e9));
			floodStreams.push(await streams(redis.url, 1, count * 4, 1e9));
		}
		results.push(
			summarize(
				'redis-transport.flood',
				'msg/s',
				'higher',
				flood.map((s) => s.perSec),
				null,
				floodStreams.map((s) => s.perSec),
				'one document, published as fast as possible; reference: streams'
			)
		);
	} finally {
		await redis.stop();
	}
	for (const r of results) {
		console.log(
			`${r.id}: pub/sub ${r.median} ${r.unit} (${r.min}–${r.max}) vs streams ${r.reference_median}`
		);
	}
	return results;
}
