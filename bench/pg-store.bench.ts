/**
 * The PostgreSQL store (DATABASE_URL) against the file store, side by side in one run on the same
 * machine: one append's acknowledgement (durable: fdatasync / COMMIT), a burst of appends over 20
 * documents (group commit), loading a document of 2,000 log rows, and compacting it. PostgreSQL is
 * a real server started from Debian's binaries on a loopback port (server/pg-test-server.ts), with
 * its default durability (fsync, synchronous_commit on). On a loaded machine read the ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { FileStore } from '../server/file-store';
import { PgStore } from '../server/pg-store';
import { startPostgres } from '../server/pg-test-server';
import type { WorkspaceStore } from '../server/storage';
import { percentile, summarize, type BenchOptions, type BenchResult } from './result';

const PORT = Number(process.env.PG_BENCH_PORT ?? 25436);

function edits(count: number): Uint8Array[] {
	const doc = new Y.Doc();
	const out: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const before = Y.encodeStateVector(doc);
		doc.getMap('people').set(`p${i % 500}`, { name: `Person ${i}`, city: 'Berlin', n: i });
		out.push(Y.encodeStateAsUpdate(doc, before));
	}
	return out;
}

interface Figures {
	ackMs: number[];
	burstPerSec: number;
	loadMs: number;
	compactMs: number;
}

async function measure(store: WorkspaceStore, round: number, appends: number): Promise<Figures> {
	const ws = `bench-ws-${round}`;
	const ackMs: number[] = [];
	for (const update of edits(appends)) {
		const started = performance.now();
		await store.append(ws, 'people.a1', update);
		ackMs.push(performance.now() - started);
	}
	const burst = edits(2000);
	const started = performance.now();
	await Promise.all(burst.map((u, i) => store.append(ws, `people.b${i % 20}`, u)));
	const burstPerSec = burst.length / ((performance.now() - started) / 1000);
	for (const update of edits(2000)) void store.append(ws, 'people.c1', update);
	await store.flush();
	let at = performance.now();
	await store.load(ws, 'people.c1');
	const loadMs = performance.now() - at;
	at = performance.now();
	await store.compact(ws, 'people.c1');
	const compactMs = performance.now() - at;
	return { ackMs, burstPerSec, loadMs, compactMs };
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const rounds = quick ? 2 : 5;
	const appends = quick ? 100 : 300;
	const server = startPostgres(PORT);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h-pg-bench-'));
	const file: Figures[] = [];
	const pg: Figures[] = [];
	try {
		const url = await server.createDatabase('bench');
		for (let round = 0; round < rounds; round++) {
			// Interleaved, so a burst of load on the machine falls on both alike.
			const files = new FileStore(dir, { compactLogBytes: 1 << 30 });
			file.push(await measure(files, round, appends));
			await files.close();
			const store = new PgStore(url, { compactLogBytes: 1 << 30 });
			pg.push(await measure(store, round, appends));
			await store.close();
		}
	} finally {
		server.destroy();
		fs.rmSync(dir, { recursive: true, force: true });
	}
	const spread = (xs: number[]) =>
		`${percentile(xs, 50).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
	for (const [name, pick] of [
		['ack p50 ms', (f: Figures) => percentile(f.ackMs, 50)],
		['ack p99 ms', (f: Figures) => percentile(f.ackMs, 99)],
		['burst appends/s', (f: Figures) => f.burstPerSec],
		['load ms', (f: Figures) => f.loadMs],
		['compact ms', (f: Figures) => f.compactMs]
	] as const) {
		console.log(`${name}: postgres ${spread(pg.map(pick))}, files ${spread(file.map(pick))}`);
	}
	const p50 = (f: Figures) => percentile(f.ackMs, 50);
	const p99 = (f: Figures) => percentile(f.ackMs, 99);
	return [
		summarize(
			'pg-store.ack.p50',
			'ms',
			'lower',
			pg.map(p50),
			null,
			file.map(p50),
			`one append at a time until acknowledged (COMMIT), p50 per round; reference: file store (fdatasync)`
		),
		summarize(
			'pg-store.ack.p99',
			'ms',
			'lower',
			pg.map(p99),
			null,
			file.map(p99),
			`the same, p99 per round of ${appends}`
		),
		summarize(
			'pg-store.burst',
			'appends/s',
			'higher',
			pg.map((f) => f.burstPerSec),
			null,
			file.map((f) => f.burstPerSec),
			'2,000 appends at once over 20 documents (group commit)'
		),
		summarize(
			'pg-store.load',
			'ms',
			'lower',
			pg.map((f) => f.loadMs),
			null,
			file.map((f) => f.loadMs),
			'load a document of 2,000 log rows'
		),
		summarize(
			'pg-store.compact',
			'ms',
			'lower',
			pg.map((f) => f.compactMs),
			null,
			file.map((f) => f.compactMs),
			'compact those 2,000 rows into one snapshot (merge worker)'
		)
	];
}
