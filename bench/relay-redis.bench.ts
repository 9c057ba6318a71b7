/**
 * Our relay as one process against three processes on Redis (issue #19), same clients, same
 * run: fan-out (one writer at 200 updates/s: latency of every delivery; one writer as fast as
 * it goes: deliveries/s) and a join storm (everyone asks at once for a just-edited 10k-people
 * document), at 50 and 200 clients. With three processes the clients are spread over them
 * round-robin, the writer on the first, so two thirds of deliveries cross Redis. Goal: p99
 * ≤ 10 ms at 200 clients with three processes. The stock @y/websocket-server comparison is
 * bench/relay.bench.ts, the side-by-side run with stock and Hocuspocus bench/relay-compare.bench.ts;
 * the servers (bench/harness/relay-kinds.ts) and scenarios (bench/harness/relay-scenarios.ts) are
 * shared with it: each process has its own data directory with the same auth.json, and the
 * storm's document is pushed on the first, the others getting it through Redis before the storm.
 *
 * `node --import tsx bench/run-one.ts bench/relay-redis.bench.ts /tmp/out.json [--quick]`
 */
import { startRedis } from '../server/redis-test-server.ts';
import { startKind, type ServerKind } from './harness/relay-kinds.ts';
import { fanoutLatency, fanoutThroughput, joinStorm } from './harness/relay-scenarios.ts';
import { peopleDoc, sleep } from './relay.bench.ts';
import { summarize, type BenchOptions, type BenchResult } from './result.ts';

const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 26381);

/** One process, or three on Redis. */
const SETUPS = { single: 'ours-1', three: 'ours-3' } as const;

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const runs = quick ? 1 : 3;
	const redis = await startRedis(REDIS_PORT);
	const setups: [keyof typeof SETUPS, ServerKind][] = [];
	try {
		for (const name of ['single', 'three'] as const) {
			setups.push([name, await startKind(SETUPS[name], redis.url)]);
		}
		for (const [, kind] of setups) await fanoutThroughput(kind, 10, 2000); // warm-up, untimed
		for (const n of [50, 200]) {
			const s = {
				single: { p50: [] as number[], p99: [] as number[], one: [] as number[] },
				three: { p50: [] as number[], p99: [] as number[], one: [] as number[] }
			};
			for (let r = 0; r < runs; r++) {
				for (const [name, kind] of setups) {
					const lat = await fanoutLatency(kind, n, 200, quick ? 1500 : 3000);
					s[name].p50.push(lat.p50);
					s[name].p99.push(lat.p99);
					console.log(
						`${name} ${n}: p99 ${lat.p99.toFixed(2)} ms (writer's process ${lat.p99WriterProcess.toFixed(2)}, others ${lat.p99OtherProcesses.toFixed(2)}; clients' loop ${lat.clientLoopP99.toFixed(2)})`
					);
					s[name].one.push((await fanoutThroughput(kind, n, 1500)).perSecond);
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
				for (const [name, kind] of setups) {
					const result = await joinStorm(kind, doc, n);
					s[name].push(result.allMs);
					p50[name].push(result.p50Ms);
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
		for (const [, kind] of setups) await kind.stop();
		await redis.stop();
	}
	for (const r of results) {
		console.log(
			`${r.id}: three ${r.median} ${r.unit} (${r.min}–${r.max}, ${r.runs}) vs one ${r.reference_median}`
		);
	}
	return results;
}
