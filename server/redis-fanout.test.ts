// Three real relay processes on a real redis-server (REDIS_URL): clients spread over them
// converge, edits and presence; kill -9 of one mid-burst loses no acknowledged update; a
// restarted process catches up; Redis restarted mid-run; /readyz follows Redis.
//
// Until the PostgreSQL store is the shared one, each process has its own data directory (two
// file stores never share one: file-lock.ts), with the same auth.json copied in; a process
// stores what its own clients send, and what others publish reaches it through Redis.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startRedis, type RedisServer } from './redis-test-server.ts';
import {
	SyncClient,
	createWorkspace,
	startRelay,
	syncUrl,
	syncedClient,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

const REDIS_PORT = 26380;

let redis: RedisServer;
const relays: RelayProcess[] = [];
const dataDirs: string[] = [];
const clients: SyncClient[] = [];
let workspaceId = '';
let token = '';

function relayEnv(): Record<string, string> {
	return { REDIS_URL: redis.url, CREATE_WORKSPACE_BURST: '100' };
}

async function start(i: number): Promise<RelayProcess> {
	const relay = await startRelay({ dataDir: dataDirs[i], env: relayEnv() });
	relays[i] = relay;
	await waitReady(relay, 200);
	return relay;
}

async function client(relay: RelayProcess, seed?: Y.Doc): Promise<SyncClient> {
	const c = new SyncClient(syncUrl(relay, workspaceId, token));
	// Applied before the socket opens, so it goes out as the answer to the relay's sync step 1.
	if (seed) Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(seed));
	clients.push(c);
	await c.opened;
	await c.waitSynced();
	return c;
}

async function readyStatus(relay: RelayProcess): Promise<number> {
	try {
		return (await fetch(`${relay.http}/readyz`)).status;
	} catch {
		return 0;
	}
}

async function waitReady(relay: RelayProcess, status: number, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	while ((await readyStatus(relay)) !== status) {
		if (Date.now() - started > timeoutMs) throw new Error(`/readyz never answered ${status}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function metric(relay: RelayProcess, name: string): Promise<number> {
	const text = await (await fetch(`${relay.http}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(name + ' '));
	if (!line) throw new Error(`no ${name} in /metrics`);
	return Number(line.slice(name.length + 1));
}

function keys(c: SyncClient, prefix: string): number {
	let n = 0;
	for (const key of c.doc.getMap('m').keys()) if (key.startsWith(prefix)) n++;
	return n;
}

beforeAll(async () => {
	redis = await startRedis(REDIS_PORT);
	for (let i = 0; i < 3; i++) dataDirs.push(tempDir('relay-redis-'));
	const first = await start(0);
	({ workspaceId, token } = await createWorkspace(first));
	// The same workspaces and invites in every process (the PostgreSQL auth store shares them).
	for (const dir of dataDirs.slice(1)) {
		fs.copyFileSync(path.join(dataDirs[0], 'auth.json'), path.join(dir, 'auth.json'));
	}
	await start(1);
	await start(2);
}, 60_000);

afterAll(async () => {
	for (const c of clients) c.ws.terminate();
	await Promise.all(relays.map((relay) => relay?.stop('SIGKILL')));
	await redis?.stop(true);
	for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('relay processes on Redis', () => {
	it('clients spread over three processes converge, edits and presence', async () => {
		const spread = await Promise.all([0, 1, 2, 0, 1, 2].map((i) => client(relays[i])));
		spread.forEach((c, i) => {
			for (let k = 0; k < 20; k++) c.doc.getMap('m').set(`spread-${i}-${k}`, k);
		});
		for (const c of spread) {
			await c.waitUntil(() => keys(c, 'spread-') === 120, 'every edit everywhere');
		}
		// Presence set at process 0 reaches clients of 1 and 2, and a client joining 2 later.
		const [author, , watcher1, , , watcher2] = spread;
		const id = author.doc.clientID;
		author.sendPresence(id, 1, { user: { name: 'Dana', color: '#123456' } });
		for (const watcher of [watcher1, watcher2]) {
			await watcher.waitUntil(() => watcher.awareness.getStates().has(id), 'presence');
		}
		// The name is bound to the invite where the client is (process 0) before it is published:
		// a later claim of another name is shown as the first.
		author.sendPresence(id, 2, { user: { name: 'Mallory', color: '#654321' } });
		type Presence = { user: { name: string; color: string } };
		const seen = () => watcher2.awareness.getStates().get(id) as Presence | undefined;
		await watcher2.waitUntil(() => seen()?.user.color === '#654321', 'presence changed');
		expect(seen()?.user.name).toBe('Dana');
		const late = await client(relays[2]);
		await late.waitUntil(() => late.awareness.getStates().has(id), 'presence for a joiner');
		// Leaving process 0 removes it everywhere.
		await author.close();
		for (const watcher of [watcher1, late]) {
			await watcher.waitUntil(() => !watcher.awareness.getStates().has(id), 'presence gone');
		}
	}, 60_000);

	it('kill -9 of one process mid-burst loses no acknowledged update', async () => {
		const writer = await client(relays[0]);
		await writer.waitAcked();
		const base = writer.syncSent;
		const watchers = [await client(relays[1]), await client(relays[2])];
		const total = 1000;
		const map = writer.doc.getMap('m');
		for (let i = 0; i < total; i++) map.set(`burst-${i}`, i);
		await writer.waitUntil(() => writer.acked >= base + 100, 'some acks');
		relays[0].child.kill('SIGKILL');
		await relays[0].exited;
		await new Promise((resolve) => setTimeout(resolve, 100)); // acks already in the socket
		const acked = writer.acked - base;
		expect(acked).toBeGreaterThanOrEqual(100);
		// The processes left hold every acknowledged update (fanned out as it was applied).
		for (const watcher of watchers) {
			await watcher.waitUntil(
				() => [...Array(acked).keys()].every((i) => watcher.doc.getMap('m').has(`burst-${i}`)),
				`${acked} acknowledged updates`
			);
		}
		// And the killed process's store has them: restarted alone (no Redis), it serves them.
		const alone = await startRelay({ dataDir: dataDirs[0] });
		try {
			const reader = await syncedClient(syncUrl(alone, workspaceId, token));
			clients.push(reader);
			for (let i = 0; i < acked; i++) expect(reader.doc.getMap('m').get(`burst-${i}`)).toBe(i);
			await reader.close();
		} finally {
			await alone.stop();
		}
		// The writer reconnects to another process and sends what was not acknowledged; every
		// process then converges, the restarted one through its store and its peers.
		await client(relays[1], writer.doc);
		await start(0);
		const back = await client(relays[0]);
		for (const c of [...watchers, back]) {
			await c.waitUntil(() => keys(c, 'burst-') === total, `all ${total} updates`);
		}
	}, 90_000);

	it('a restarted process catches up from its peers with what it never stored', async () => {
		const writer = await client(relays[0]);
		await relays[1].stop();
		for (let i = 0; i < 50; i++) writer.doc.getMap('m').set(`while-down-${i}`, i);
		await writer.waitAcked();
		await start(1);
		// Process 1's own store lacks them all (process 0 stored them): its peers' answer to its
		// state vector brings them.
		const reader = await client(relays[1]);
		await reader.waitUntil(() => keys(reader, 'while-down-') === 50, 'caught up');
	}, 60_000);

	it('a process started while Redis is down serves its own clients, and is ready once it is up', async () => {
		const late = await startRedis(REDIS_PORT + 8);
		await late.stop(true);
		const dir = tempDir('relay-redis-');
		dataDirs.push(dir);
		fs.copyFileSync(path.join(dataDirs[0], 'auth.json'), path.join(dir, 'auth.json'));
		const relay = await startRelay({ dataDir: dir, env: { REDIS_URL: late.url } });
		relays.push(relay);
		try {
			expect(await readyStatus(relay)).toBe(503);
			const writer = await client(relay);
			writer.doc.getMap('m').set('redis-never-seen', true);
			await writer.waitAcked();
			await late.start();
			await waitReady(relay, 200);
		} finally {
			await late.stop(true);
		}
	}, 60_000);

	it('Redis restarted mid-run: /readyz says so, and nothing is lost once it is back', async () => {
		const writer = await client(relays[0]);
		const reader = await client(relays[1]);
		writer.doc.getMap('m').set('before-outage', true);
		await reader.waitUntil(() => reader.doc.getMap('m').has('before-outage'), 'live');
		await redis.stop(true);
		await waitReady(relays[0], 503);
		await waitReady(relays[1], 503);
		expect((await fetch(`${relays[0].http}/healthz`)).status).toBe(200); // alive, not ready
		const dropped = () => metric(relays[0], 'relay_fanout_messages_total{direction="dropped"}');
		const droppedBefore = await dropped();
		for (let i = 0; i < 50; i++) writer.doc.getMap('m').set(`outage-${i}`, i);
		await writer.waitAcked(); // stored by process 0 while Redis is away
		expect(await metric(relays[0], 'relay_fanout_redis_up')).toBe(0);
		expect((await dropped()) - droppedBefore).toBeGreaterThanOrEqual(50);
		await redis.start();
		await waitReady(relays[0], 200);
		await waitReady(relays[1], 200);
		await reader.waitUntil(() => keys(reader, 'outage-') === 50, 'resynced after Redis');
		reader.doc.getMap('m').set('after-outage', true);
		await writer.waitUntil(() => writer.doc.getMap('m').has('after-outage'), 'live again');
	}, 60_000);
});
