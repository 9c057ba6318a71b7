// The set-up of issue #19 whole: three relay processes sharing one PostgreSQL (store and auth)
// and fanning out through one Redis, both real servers on loopback ports. Clients spread over
// the processes converge; kill -9 of one mid-burst loses no acknowledged update (it is in the
// shared store, and the process restarted from it serves it); Redis restarted mid-run.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startPostgres, type TestPostgres } from './pg-test-server.ts';
import { startRedis, type RedisServer } from './redis-test-server.ts';
import {
	SyncClient,
	createWorkspace,
	startRelay,
	syncUrl,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

const REDIS_PORT = 26386;
const PG_PORT = 26387;

let redis: RedisServer;
let pg: TestPostgres;
let databaseUrl = '';
const relays: RelayProcess[] = [];
const dataDirs: string[] = [];
const clients: SyncClient[] = [];
let workspaceId = '';
let token = '';

async function start(i: number): Promise<RelayProcess> {
	const relay = await startRelay({
		dataDir: dataDirs[i],
		env: { REDIS_URL: redis.url, DATABASE_URL: databaseUrl, CREATE_WORKSPACE_BURST: '100' }
	});
	relays[i] = relay;
	await waitReady(relay, 200);
	return relay;
}

async function client(relay: RelayProcess, seed?: Y.Doc): Promise<SyncClient> {
	const c = new SyncClient(syncUrl(relay, workspaceId, token));
	if (seed) Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(seed)); // sent as its sync step 2
	clients.push(c);
	await c.opened;
	await c.waitSynced();
	return c;
}

async function waitReady(relay: RelayProcess, status: number, timeoutMs = 15_000): Promise<void> {
	const started = Date.now();
	for (;;) {
		const answer = await fetch(`${relay.http}/readyz`).then(
			(res) => res.status,
			() => 0
		);
		if (answer === status) return;
		if (Date.now() - started > timeoutMs) throw new Error(`/readyz never answered ${status}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function count(c: SyncClient, prefix: string): number {
	let n = 0;
	for (const key of c.doc.getMap('m').keys()) if (key.startsWith(prefix)) n++;
	return n;
}

beforeAll(async () => {
	redis = await startRedis(REDIS_PORT);
	pg = startPostgres(PG_PORT);
	databaseUrl = await pg.createDatabase('fanout');
	for (let i = 0; i < 3; i++) dataDirs.push(tempDir('relay-redis-pg-'));
	await start(0);
	({ workspaceId, token } = await createWorkspace(relays[0]));
	await start(1);
	await start(2);
}, 120_000);

afterAll(async () => {
	for (const c of clients) c.ws.terminate();
	await Promise.all(relays.map((relay) => relay?.stop('SIGKILL')));
	await redis?.stop(true);
	pg?.destroy();
	for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

it('three processes on one PostgreSQL and Redis: kill -9 mid-burst loses no acknowledged update', async () => {
	const writer = await client(relays[0]);
	const watchers = [await client(relays[1]), await client(relays[2])];
	// Edits from every process reach every other.
	watchers.forEach((w, i) => w.doc.getMap('m').set(`from-${i + 1}`, true));
	await writer.waitUntil(() => count(writer, 'from-') === 2, 'edits from the other two');
	await writer.waitAcked();
	const base = writer.syncSent;
	const total = 1000;
	for (let i = 0; i < total; i++) writer.doc.getMap('m').set(`burst-${i}`, i);
	await writer.waitUntil(() => writer.acked >= base + 100, 'some acks');
	relays[0].child.kill('SIGKILL');
	await relays[0].exited;
	await new Promise((resolve) => setTimeout(resolve, 100));
	const acked = writer.acked - base;
	for (const watcher of watchers) {
		await watcher.waitUntil(
			() => [...Array(acked).keys()].every((i) => watcher.doc.getMap('m').has(`burst-${i}`)),
			`${acked} acknowledged updates`
		);
	}
	// Restarted, the killed process serves them from the shared store.
	await start(0);
	const back = await client(relays[0]);
	for (let i = 0; i < acked; i++) expect(back.doc.getMap('m').get(`burst-${i}`)).toBe(i);
	// The writer moves to another process with what was not acknowledged; all converge.
	await client(relays[2], writer.doc);
	for (const c of [...watchers, back]) {
		await c.waitUntil(() => count(c, 'burst-') === total, `all ${total}`);
	}
}, 120_000);

it('Redis restarted mid-run: edits stored meanwhile reach the other processes once it is back', async () => {
	const writer = await client(relays[1]);
	const reader = await client(relays[2]);
	await redis.stop(true);
	await waitReady(relays[1], 503);
	for (let i = 0; i < 50; i++) writer.doc.getMap('m').set(`outage-${i}`, i);
	await writer.waitAcked(); // stored in PostgreSQL while Redis is away
	await redis.start();
	await waitReady(relays[1], 200);
	await waitReady(relays[2], 200);
	await reader.waitUntil(() => count(reader, 'outage-') === 50, 'resynced after Redis');
}, 60_000);
