/**
 * Attached files in PostgreSQL (server/pg-blobs.ts) against the files in DATA_DIR (blobs.ts),
 * side by side in one run: an upload committed (temp file written and verified, then renamed into
 * place, or inserted in its quota transaction), and the file read back whole through the store's
 * stream (1 MiB substring slices for PostgreSQL). PostgreSQL is a real server from Debian's
 * binaries on a loopback port (server/pg-test-server.ts). On a loaded machine read the ratios.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { FileBlobStore, type BlobStore } from '../server/blobs';
import { PgBlobStore } from '../server/pg-blobs';
import { startPostgres } from '../server/pg-test-server';
import { summarize, type BenchOptions, type BenchResult } from './result';

const PORT = Number(process.env.PG_BLOBS_BENCH_PORT ?? 25439);

function fileOf(size: number, seed: number): { bytes: Buffer; hash: string } {
	const bytes = Buffer.alloc(size);
	for (let i = 0; i + 4 <= size; i += 4) bytes.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
	return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

async function upload(store: BlobStore, bytes: Buffer, hash: string): Promise<number> {
	const start = performance.now();
	const upload = await store.begin('ws-bench', hash, bytes.length);
	for (let at = 0; at < bytes.length; at += 65536) {
		await upload.write(bytes.subarray(at, at + 65536));
	}
	await upload.commit();
	return performance.now() - start;
}

async function read(store: BlobStore, hash: string): Promise<number> {
	const start = performance.now();
	const found = await store.read('ws-bench', hash);
	const hasher = createHash('sha256');
	for await (const chunk of found!.stream) hasher.update(chunk as Buffer);
	if (hasher.digest('hex') !== hash) throw new Error('the bytes read back differ');
	return performance.now() - start;
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const server = startPostgres(PORT);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-blobs-'));
	const pool = new pg.Pool({ connectionString: await server.createDatabase('blobs'), max: 4 });
	try {
		const limits = { maxBlobBytes: 64 * 1024 * 1024, quotaBytes: 2 ** 40 };
		const file = new FileBlobStore(dir, limits);
		const postgres = new PgBlobStore(pool, limits, { uploadDir: dir });
		const rounds = quick ? 3 : 7;
		const results: BenchResult[] = [];
		for (const mib of [1, 16]) {
			const times = { fileUp: [] as number[], pgUp: [] as number[], fileRead: [] as number[] };
			const pgRead: number[] = [];
			for (let round = 0; round < rounds; round++) {
				// Alternated, so load that comes and goes falls on both alike.
				const a = fileOf(mib * 1024 * 1024, round * 2);
				const b = fileOf(mib * 1024 * 1024, round * 2 + 1);
				times.fileUp.push(await upload(file, a.bytes, a.hash));
				times.pgUp.push(await upload(postgres, b.bytes, b.hash));
				times.fileRead.push(await read(file, a.hash));
				pgRead.push(await read(postgres, b.hash));
			}
			results.push(
				summarize(
					`pg-blobs.upload.${mib}mib`,
					'ms',
					'lower',
					times.pgUp,
					null,
					times.fileUp,
					`a ${mib} MiB upload committed in PostgreSQL (quota row locked, bytea insert); reference: renamed into DATA_DIR`
				),
				summarize(
					`pg-blobs.read.${mib}mib`,
					'ms',
					'lower',
					pgRead,
					null,
					times.fileRead,
					`a ${mib} MiB file read back whole in 1 MiB slices; reference: read from DATA_DIR`
				)
			);
		}
		await file.close();
		await postgres.close();
		return results;
	} finally {
		await pool.end();
		server.destroy();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
