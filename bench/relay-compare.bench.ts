/**
 * Issue #19's side-by-side run: our relay (one process; three on Redis) against the stock
 * @y/websocket-server 0.1.1 and Hocuspocus 3.4 (one process; three on its Redis extension), every
 * server its own child process(es) on 127.0.0.1, one Redis, same machine, same run. Goals: one
 * process of ours ≥ 5× stock and ≥ 2× Hocuspocus fan-out, latency no worse than either; three
 * of ours on Redis p99 ≤ 10 ms at 200 clients.
 *
 * At 50 and 200 clients per kind: (a) one writer at 200 updates/s, the latency of every delivery
 * (p50, p99); (b) one writer as fast as it goes, deliveries/s and server CPU per 1,000 deliveries;
 * (c) a join storm, everyone asking at once for a just-edited 10k-people document: time until
 * all have it, and peak resident memory of the kind's processes.
 *
 * Why clients differ, and how the work is kept equal (bench/harness/relay-scenarios.ts): ours and
 * stock speak y-websocket, one document per socket; Hocuspocus multiplexes named documents behind
 * an auth message. Every kind meets relay.bench.ts's WireClient, which does a provider's
 * handshake in the server's framing and only notes arrivals: the same client work for every
 * server. Hocuspocus is also met by its own HocuspocusProvider (awareness off, as WireClient
 * sends none), as the issue asks, in rows named `…hocuspocus-N.provider`: a provider applies each
 * update to a Y.Doc in this process, which shares the 2 cores with the servers, so those rows
 * carry the clients' cost too (client CPU per 1,000 deliveries shows it). Same writer updates
 * (writerPayloads) and document (peopleDoc) for every kind; clients spread round-robin over the
 * processes, the writer on the first. The fan-out also reports server CPU time per 1,000
 * deliveries, which no client's cost enters. The join storm uses socket-level clients for every
 * kind (Hocuspocus's first sends what its provider sends), since applying the 4.2 MB document in
 * hundreds of providers would measure this process.
 *
 * `node --import tsx bench/run-one.ts bench/relay-compare.bench.ts /tmp/out.json [--quick]`;
 * BENCH_KINDS=ours-1,hocuspocus-1 runs some kinds only, BENCH_STORM=0 leaves out the join
 * storms, BENCH_REDIS_PORT moves Redis off 26383. Took 35 minutes quick at load ~40.
 */
import { startRedis } from '../server/redis-test-server.ts';
import { startKind, type KindName, type ServerKind } from './harness/relay-kinds.ts';
import {
	fanoutLatency,
	fanoutThroughput,
	joinStorm,
	type HocuspocusClients
} from './harness/relay-scenarios.ts';
import { peopleDoc, sleep } from './relay.bench.ts';
import { summarize, type BenchOptions, type BenchResult } from './result.ts';

const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 26383);
const ALL: KindName[] = ['ours-1', 'ours-3', 'stock-1', 'hocuspocus-1', 'hocuspocus-3'];

type Samples = Record<string, number[]>;
const push = (s: Samples, key: string, value: number) => (s[key] ??= []).push(value);

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const runs = quick ? 1 : 3;
	const names = (process.env.BENCH_KINDS?.split(',') as KindName[] | undefined) ?? ALL;
	const redis = await startRedis(REDIS_PORT);
	const s: Samples = {};
	try {
		const kinds: ServerKind[] = [];
		try {
			for (const name of names) kinds.push(await startKind(name, redis.url));
			// Untimed: a server's first few thousand updates cost it several times the later ones.
			for (const kind of kinds) await attempt(kind.name, () => fanoutThroughput(kind, 10, 2000));
			for (const n of [50, 200]) {
				for (let r = 0; r < runs; r++) {
					for (const [kind, clients] of entries(kinds)) {
						const k = `${n}.${entryName(kind.name, clients)}`;
						const lat = await attempt(k, () =>
							fanoutLatency(kind, n, 200, quick ? 1500 : 3000, clients)
						);
						const one = await attempt(k, () => fanoutThroughput(kind, n, 1500, clients));
						if (!lat || !one) continue;
						push(s, `${k}.p50`, lat.p50);
						push(s, `${k}.p99`, lat.p99);
						push(s, `${k}.p99_writer_process`, lat.p99WriterProcess);
						push(s, `${k}.p99_other_processes`, lat.p99OtherProcesses);
						push(s, `${k}.client_loop_p99`, lat.clientLoopP99);
						push(s, `${k}.p99_first_arrival`, lat.p99FirstArrival);
						push(s, `${k}.one`, one.perSecond);
						push(s, `${k}.server_cpu`, one.serverCpuPer1k);
						push(s, `${k}.client_cpu`, one.clientCpuPer1k);
						log(
							`${k}: p50 ${lat.p50.toFixed(2)} p99 ${lat.p99.toFixed(2)} ms ` +
								`(writer's process ${lat.p99WriterProcess.toFixed(2)}, others ` +
								`${lat.p99OtherProcesses.toFixed(2)}; first arrivals ${lat.p99FirstArrival.toFixed(2)}; ` +
								`client loop ${lat.clientLoopP99.toFixed(2)}), ` +
								`${Math.round(one.perSecond)}/s, server ${one.serverCpuPer1k.toFixed(1)} ` +
								`client ${one.clientCpuPer1k.toFixed(1)} ms/1k`
						);
						await sleep(100);
					}
				}
			}
		} finally {
			for (const kind of kinds) await kind.stop();
		}
		// Each storm meets freshly started processes: peak RSS must not count earlier rooms.
		const doc = peopleDoc(10_000);
		// BENCH_STORM=0: the fan-out only (the storms of stock and Hocuspocus take minutes).
		for (const n of process.env.BENCH_STORM === '0' ? [] : [50, 200]) {
			for (let r = 0; r < runs; r++) {
				// Stock and Hocuspocus encode the whole document for each joiner: at 200 clients that
				// took minutes under load, so quick mode storms them at 50 only.
				const stormed = quick && n > 50 ? names.filter((k) => k.startsWith('ours')) : names;
				for (const name of stormed) {
					const kind = await startKind(name, redis.url);
					try {
						const storm = await attempt(`storm.${n}.${name}`, () => joinStorm(kind, doc, n));
						if (!storm) continue;
						push(s, `storm.${n}.${name}.all`, storm.allMs);
						push(s, `storm.${n}.${name}.p50`, storm.p50Ms);
						push(s, `storm.${n}.${name}.rss`, storm.peakRssMb);
						log(
							`storm ${n} ${name}: all ${Math.round(storm.allMs)} ms, p50 ${Math.round(storm.p50Ms)}, ${Math.round(storm.peakRssMb)} MB`
						);
					} finally {
						await kind.stop();
					}
				}
			}
		}
	} finally {
		await redis.stop();
	}
	return report(s, names, doc10kMb());
}

/** Every kind with WireClients, and Hocuspocus kinds again with their provider. */
function entries(kinds: ServerKind[]): [ServerKind, HocuspocusClients][] {
	return kinds.flatMap((kind): [ServerKind, HocuspocusClients][] =>
		kind.protocol === 'hocuspocus'
			? [
					[kind, 'wire'],
					[kind, 'provider']
				]
			: [[kind, 'wire']]
	);
}

const entryName = (name: KindName, clients: HocuspocusClients) =>
	clients === 'provider' ? `${name}.provider` : name;

function doc10kMb(): string {
	return (peopleDoc(10_000).length / 1024 / 1024).toFixed(1);
}

/**
 * A scenario's result, or null when it failed (logged and listed with the results): one kind
 * failing, e.g. deliveries missing through Hocuspocus's Redis extension, must not lose the rest.
 */
async function attempt<T>(what: string, scenario: () => Promise<T>): Promise<T | null> {
	try {
		return await scenario();
	} catch (error) {
		failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
		log(`FAILED ${failures.at(-1)}`);
		return null;
	}
}
const failures: string[] = [];

function log(line: string): void {
	process.stderr.write(`relay-compare: ${line}\n`);
}

/** Ratios a/b taken run by run (same run, same load), where both were measured. */
function ratios(a: number[] | undefined, b: number[] | undefined): number[] {
	if (!a || !b) return [];
	return a.map((x, i) => x / b[i]).filter((x) => Number.isFinite(x));
}

function report(s: Samples, names: KindName[], mb: string): BenchResult[] {
	const results: BenchResult[] = [];
	const add = (r: BenchResult | null) => r && results.push(r);
	const figure = (
		id: string,
		unit: string,
		better: 'lower' | 'higher',
		samples: number[] | undefined,
		budget: number | null,
		note?: string
	) => (samples?.length ? summarize(id, unit, better, samples, budget, undefined, note) : null);
	const fanoutNames = names.flatMap((name) =>
		name.startsWith('hocuspocus') ? [name, `${name}.provider`] : [name]
	);
	for (const n of [50, 200]) {
		for (const name of fanoutNames) {
			const k = `${n}.${name}`;
			add(
				figure(
					`relay-compare.${k}.latency_p50`,
					'ms',
					'lower',
					s[`${k}.p50`],
					null,
					`${n} clients, one writer at 200 updates/s`
				)
			);
			add(
				figure(
					`relay-compare.${k}.latency_p99`,
					'ms',
					'lower',
					s[`${k}.p99`],
					name === 'ours-3' && n === 200 ? 10 : null
				)
			);
			if (name.endsWith('-3')) {
				add(
					figure(
						`relay-compare.${k}.latency_p99_writer_process`,
						'ms',
						'lower',
						s[`${k}.p99_writer_process`],
						null,
						"p99 of the clients on the writer's process: no hop between processes"
					)
				);
				add(
					figure(
						`relay-compare.${k}.latency_p99_other_processes`,
						'ms',
						'lower',
						s[`${k}.p99_other_processes`],
						null,
						'p99 of the clients on the two other processes: through Redis'
					)
				);
			}
			add(
				figure(
					`relay-compare.${k}.latency_p99_first_arrival`,
					'ms',
					'lower',
					s[`${k}.p99_first_arrival`],
					null,
					"p99 over updates of each one's first arrival at any client: the server's part, before the clients' one process queues the other arrivals"
				)
			);
			add(
				figure(
					`relay-compare.${k}.client_loop_p99`,
					'ms',
					'lower',
					s[`${k}.client_loop_p99`],
					null,
					"event-loop delay of the bench's client process meanwhile, p99: part of every latency"
				)
			);
			add(
				figure(
					`relay-compare.${k}.one_writer`,
					'deliveries/s',
					'higher',
					s[`${k}.one`],
					null,
					'one writer as fast as it goes'
				)
			);
			add(
				figure(
					`relay-compare.${k}.server_cpu_per_1k`,
					'ms',
					'lower',
					s[`${k}.server_cpu`],
					null,
					'CPU time of the server processes per 1,000 deliveries (one writer flat out)'
				)
			);
			add(
				figure(
					`relay-compare.${k}.client_cpu_per_1k`,
					'ms',
					'lower',
					s[`${k}.client_cpu`],
					null,
					"CPU time of the bench's client process per 1,000 deliveries"
				)
			);
		}
		for (const [a, b] of [
			['ours-3', 'ours-1'],
			['ours-3', 'hocuspocus-3']
		] as const) {
			add(
				figure(
					`relay-compare.${n}.latency_p99.${a}_over_${b}`,
					'x',
					'lower',
					ratios(s[`${n}.${a}.p99`], s[`${n}.${b}.p99`]),
					null,
					'p99 latency, run by run: three processes on Redis over one, or over Hocuspocus on Redis'
				)
			);
		}
		for (const [other, goal] of [
			['stock-1', 5],
			['hocuspocus-1', 2],
			['hocuspocus-1.provider', 2]
		] as const) {
			const a = `${n}.ours-1`;
			const b = `${n}.${other}`;
			add(
				figure(
					`relay-compare.${n}.one_writer.ours_over_${other}`,
					'x',
					'higher',
					ratios(s[`${a}.one`], s[`${b}.one`]),
					goal,
					'deliveries/s of one process of ours over theirs, run by run'
				)
			);
			add(
				figure(
					`relay-compare.${n}.server_cpu.${other}_over_ours`,
					'x',
					'higher',
					ratios(s[`${b}.server_cpu`], s[`${a}.server_cpu`]),
					null,
					'server CPU per delivery, theirs over ours: the fan-out ratio without the clients'
				)
			);
			add(
				figure(
					`relay-compare.${n}.latency_p99.ours_over_${other}`,
					'x',
					'lower',
					ratios(s[`${a}.p99`], s[`${b}.p99`]),
					1,
					'p99 latency of ours over theirs (goal: no worse)'
				)
			);
		}
	}
	for (const n of [50, 200]) {
		for (const name of names) {
			const k = `storm.${n}.${name}`;
			add(
				figure(
					`relay-compare.join_storm.${n}.${name}.all_served`,
					'ms',
					'lower',
					s[`${k}.all`],
					null,
					`${n} clients ask at once for a just-edited 10k-people document (${mb} MB encoded)`
				)
			);
			add(figure(`relay-compare.join_storm.${n}.${name}.p50`, 'ms', 'lower', s[`${k}.p50`], null));
			add(
				figure(
					`relay-compare.join_storm.${n}.${name}.peak_rss`,
					'MB',
					'lower',
					s[`${k}.rss`],
					null,
					"the kind's processes' resident memory added up, peak"
				)
			);
		}
	}
	if (failures.length > 0) {
		// Kept with the figures (as a zero-run note would not be): what failed, in a row's note.
		results.push({
			id: 'relay-compare.failures',
			unit: 'scenarios',
			better: 'lower',
			median: failures.length,
			min: failures.length,
			max: failures.length,
			runs: 1,
			budget: 0,
			note: failures.join('; ').slice(0, 600)
		});
	}
	return results;
}
