// Attached files and calendar links on a real PostgreSQL (DATABASE_URL): the blob contract
// (blob-contract.ts) on one relay process, then two processes on one database — a file uploaded
// at one is served by the other, uploads at both at once never pass the quota together, a
// calendar link made at one opens at the other — and a pg_dump restored serves them all.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	BLOB_ENV,
	blobUsage,
	bytesOf,
	chunked,
	getBlob,
	putBlob,
	registerBlobContractTests,
	sha256
} from './blob-contract.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { postgresBinDir, startPostgres, type TestPostgres } from './pg-test-server.ts';
import {
	api,
	createWorkspace,
	invite,
	startRelay,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';
import { SNAPSHOT_KEY, encodeSnapshot } from '../src/lib/data/layout.ts';
import { shardDocName } from '../src/lib/data/shards.ts';

const PORT = Number(process.env.PG_BLOBS_TEST_PORT ?? 25437);
let server: TestPostgres;
let databases = 0;
const relays: RelayProcess[] = [];
const dirs: string[] = [];
/** Each relay's database and the TMPDIR its uploads in progress are written under. */
const placeOf = new Map<RelayProcess, { url: string; tmp: string }>();

beforeAll(() => {
	server = startPostgres(PORT);
}, 120_000);
afterAll(async () => {
	for (const relay of relays) await relay.stop('SIGKILL');
	server?.destroy();
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function dir(prefix: string): string {
	const made = tempDir(prefix);
	dirs.push(made);
	return made;
}

/** A relay on `url` with an empty data dir of its own: nothing can come from files. */
async function relayOn(url: string, env: Record<string, string> = {}): Promise<RelayProcess> {
	const tmp = dir('h-pg-blob-tmp-');
	const relay = await startRelay({
		dataDir: dir('h-pg-blob-data-'),
		env: { ...BLOB_ENV, DATABASE_URL: url, TMPDIR: tmp, ...env }
	});
	relays.push(relay);
	placeOf.set(relay, { url, tmp });
	return relay;
}

async function sql<R extends pg.QueryResultRow>(
	url: string,
	text: string,
	values: unknown[] = []
): Promise<R[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query<R>(text, values)).rows;
	} finally {
		await client.end();
	}
}

async function storedHashes(url: string, ws: string): Promise<string[]> {
	const rows = await sql<{ hash: string }>(
		url,
		'SELECT hash FROM crm_blobs WHERE workspace_id = $1 ORDER BY hash',
		[ws]
	).catch((error: { code?: string }) => {
		if (error.code === '42P01') return []; // no upload stored yet: no table
		throw error;
	});
	return rows.map((row) => row.hash);
}

/** Files of uploads in progress under the relay's TMPDIR. */
function uploadFiles(relay: RelayProcess): string[] {
	const { tmp } = placeOf.get(relay)!;
	return fs
		.readdirSync(tmp)
		.filter((name) => name.startsWith('crm-blob-uploads-'))
		.flatMap((name) => fs.readdirSync(path.join(tmp, name)).map((file) => `${name}/${file}`));
}

registerBlobContractTests('PostgreSQL', {
	async start() {
		return relayOn(await server.createDatabase(`blobs_${++databases}`));
	},
	async restart(relay) {
		await relay.stop();
		return relayOn(placeOf.get(relay)!.url);
	},
	stored: (relay, ws) => storedHashes(placeOf.get(relay)!.url, ws),
	leftovers: (relay) => uploadFiles(relay),
	close: () => Promise.resolve()
});

describe('two relay processes on one PostgreSQL', () => {
	let url: string;
	let a: RelayProcess;
	let b: RelayProcess;
	beforeAll(async () => {
		url = await server.createDatabase(`blobs_${++databases}`);
		// Files up to 8 MiB here: the backup test reads one of several 1 MiB slices.
		const env = { MAX_BLOB_BYTES: String(8 * 1024 * 1024) };
		[a, b] = await Promise.all([relayOn(url, env), relayOn(url, env)]);
	}, 120_000);

	it('a file uploaded at one is served by the other; refusals there keep nothing', async () => {
		const { workspaceId: ws, token } = await createWorkspace(a);
		const bytes = bytesOf(50_000, 21);
		const hash = sha256(bytes);
		expect((await putBlob(a, ws, hash, chunked(bytes), token)).status).toBe(201);

		// At b, straight away (the workspace and its token were made at a a moment ago).
		const head = await getBlob(b, ws, hash, token, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.headers.get('content-length')).toBe('50000');
		const atB = new Uint8Array(await (await getBlob(b, ws, hash, token)).arrayBuffer());
		expect(sha256(atB)).toBe(hash);
		expect(await blobUsage(b, ws, token)).toEqual({ usedBytes: 50_000, quotaBytes: 262_144 });
		expect((await putBlob(b, ws, hash, bytes, token)).status).toBe(200); // there already

		const viewer = await invite(a, ws, token, 'viewer');
		const other = bytesOf(300, 22);
		const refused = await putBlob(b, ws, sha256(other), other, viewer.token);
		expect(refused.status).toBe(403);
		expect((await getBlob(b, ws, hash, viewer.token)).status).toBe(200);
		const wrong = await putBlob(b, ws, sha256(other), bytesOf(300, 23), token);
		expect(wrong.status).toBe(400);
		expect(((await wrong.json()) as { error: string }).error).toMatch(/SHA-256/);

		const elsewhere = await createWorkspace(b);
		expect((await getBlob(b, elsewhere.workspaceId, hash, elsewhere.token)).status).toBe(404);
		expect((await getBlob(a, ws, hash, elsewhere.token)).status).toBe(401);
		expect(await storedHashes(url, ws)).toEqual([hash]);
		expect(await storedHashes(url, elsewhere.workspaceId)).toEqual([]);
		expect(await blobUsage(a, ws, token)).toEqual({ usedBytes: 50_000, quotaBytes: 262_144 });
		expect([...uploadFiles(a), ...uploadFiles(b)]).toEqual([]);
	}, 60_000);

	it('uploads at both processes at once never pass the quota together', async () => {
		const { workspaceId: ws, token } = await createWorkspace(a);
		const quota = 10 * 10_000 + 5_000; // room for 10 of the 24 files
		const set = await api(b, 'PUT', `/api/workspaces/${ws}/blob-quota`, {
			token,
			body: { quotaBytes: quota }
		});
		expect(set).toEqual({ status: 200, body: { usedBytes: 0, quotaBytes: quota } });
		const files = Array.from({ length: 24 }, (_, i) => bytesOf(10_000, 100 + i));
		// Streamed in small chunks, so most uploads have begun (and passed the early check on a
		// count of 0) before the first is stored, and only the check in the transaction refuses
		// them; one that begins after (a busy machine) is refused while it arrives, by its bytes
		// so far ("at least").
		const answers = await Promise.all(
			files.map((bytes, i) =>
				putBlob(i % 2 ? b : a, ws, sha256(bytes), chunked(bytes, 500), token).then(async (res) => ({
					status: res.status,
					body: (await res.json()) as { error?: string }
				}))
			)
		);
		const statuses = answers.map((answer) => answer.status);
		expect(statuses.filter((status) => status === 201)).toHaveLength(10);
		expect(statuses.filter((status) => status === 507)).toHaveLength(14);
		for (const answer of answers.filter((x) => x.status === 507)) {
			expect(answer.body.error).toMatch(
				/full: 100000 of 105000 bytes used, this file needs (10000|at least \d+)$/
			);
		}
		const [row] = await sql<{ used: string; sum: string; n: string }>(
			url,
			`SELECT u.used_bytes AS used, (SELECT sum(size) FROM crm_blobs WHERE workspace_id = $1) AS sum,
			 (SELECT count(*) FROM crm_blobs WHERE workspace_id = $1) AS n
			 FROM crm_blob_usage u WHERE u.workspace_id = $1`,
			[ws]
		);
		expect(row).toEqual({ used: '100000', sum: '100000', n: '10' });
		expect(await blobUsage(a, ws, token)).toEqual({ usedBytes: 100_000, quotaBytes: quota });
		expect([...uploadFiles(a), ...uploadFiles(b)]).toEqual([]);
	}, 90_000);

	it('a calendar link made at one process opens at the other, and its rotation holds there', async () => {
		const { workspaceId: ws, token } = await createWorkspace(a, 'Acme');
		const client = new DocsClient(docsUrl(a, ws), token);
		await client.opened;
		const name = shardDocName('tasks', 't-1');
		const { doc } = client.open(name);
		await client.waitSynced([name]);
		doc.transact(() => {
			const task = new Y.Map<unknown>();
			task.set(
				SNAPSHOT_KEY,
				encodeSnapshot({
					title: 'Send the offer',
					status: 'open',
					priority: 'normal',
					assigneeId: 'ann-member',
					dueDate: '2026-12-01'
				})
			);
			task.set('updatedAt', Date.UTC(2026, 10, 1));
			doc.getMap('tasks').set('t-1', task);
		});
		await client.waitAcked([name]);
		await client.close();

		const manage = `/api/workspaces/${ws}/members/ann-member/calendar`;
		const made = await api(a, 'POST', manage, { token });
		expect(made.status).toBe(201);
		const link = (made.body as { path: string }).path;
		const atB = await fetch(b.http + link);
		expect(atB.status).toBe(200);
		expect(await atB.text()).toContain('SUMMARY:Send the offer');
		expect(await api(b, 'GET', manage, { token })).toMatchObject({ body: { active: true } });

		const rotated = await api(b, 'POST', manage, { token });
		const fresh = (rotated.body as { path: string }).path;
		expect((await fetch(a.http + link)).status).toBe(404);
		expect((await fetch(a.http + fresh)).status).toBe(200);
		expect((await api(a, 'DELETE', manage, { token })).status).toBe(200);
		expect((await fetch(b.http + fresh)).status).toBe(404);
	}, 60_000);

	it('a pg_dump restored into a new database serves the files, quota and calendar links', async () => {
		const { workspaceId: ws, token } = await createWorkspace(a);
		const bytes = bytesOf(3 * 1024 * 1024 + 17, 31); // several 1 MiB slices when read
		const hash = sha256(bytes);
		const quotaPath = `/api/workspaces/${ws}/blob-quota`;
		expect(
			(await api(a, 'PUT', quotaPath, { token, body: { quotaBytes: 5_000_000 } })).status
		).toBe(200);
		expect((await putBlob(b, ws, hash, bytes, token)).status).toBe(201);
		const made = await api(b, 'POST', `/api/workspaces/${ws}/members/m-1/calendar`, { token });
		const link = (made.body as { path: string }).path;

		// As the README says: pg_dump while the relays run, then pg_restore into an empty database.
		const dump = path.join(dir('h-pg-blob-dump-'), 'crm.dump');
		const bin = postgresBinDir();
		execFileSync(path.join(bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, url]);
		const restored = await server.createDatabase(`blobs_${++databases}`);
		execFileSync(path.join(bin, 'pg_restore'), ['--no-owner', `--dbname=${restored}`, dump]);

		const fresh = await relayOn(restored);
		const served = await getBlob(fresh, ws, hash, token);
		expect(served.status).toBe(200);
		// By hash: toEqual over 3 MiB of bytes takes vitest minutes.
		expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(hash);
		expect(await blobUsage(fresh, ws, token)).toEqual({
			usedBytes: bytes.length,
			quotaBytes: 5_000_000
		});
		expect((await fetch(fresh.http + link)).status).toBe(200);
	}, 120_000);
});
