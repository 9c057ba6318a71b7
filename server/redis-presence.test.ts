// Presence of a relay process that died (REDIS_URL, three real processes on a real redis-server):
// its clients' awareness entries go from the clients of the others within a few seconds of a
// kill -9 (the heartbeat, redis-fanout.ts), not at y-protocols' 30 s timeout; a clean stop
// removes them at once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from './redis-test-server.ts';
import {
	SyncClient,
	createWorkspace,
	startRelay,
	syncUrl,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

const REDIS_PORT = 27904;
/** Heartbeats every second, a peer gone after 3.5 s silent: well under the 30 s timeout. */
const GONE_WITHIN_MS = 8000;

let redis: RedisServer;
const relays: RelayProcess[] = [];
const dataDirs: string[] = [];
const clients: SyncClient[] = [];
let workspaceId = '';
let token = '';

async function start(i: number): Promise<RelayProcess> {
	const relay = await startRelay({ dataDir: dataDirs[i], env: { REDIS_URL: redis.url } });
	relays[i] = relay;
	const end = Date.now() + 10_000;
	while ((await fetch(`${relay.http}/readyz`).then((r) => r.status)) !== 200) {
		if (Date.now() > end) throw new Error('relay never ready');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return relay;
}

async function client(relay: RelayProcess): Promise<SyncClient> {
	const c = new SyncClient(syncUrl(relay, workspaceId, token));
	clients.push(c);
	await c.opened;
	await c.waitSynced();
	return c;
}

beforeAll(async () => {
	redis = await startRedis(REDIS_PORT);
	for (let i = 0; i < 3; i++) dataDirs.push(tempDir('relay-presence-'));
	const first = await start(0);
	({ workspaceId, token } = await createWorkspace(first));
	// The same workspace and invites in every process (the PostgreSQL auth store shares them).
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

/** A client of `at` shows presence; the watchers see it; `stop` ends `at`; how long until gone. */
async function goneAfter(at: number, stop: () => Promise<unknown>): Promise<number> {
	const author = await client(relays[at]);
	const watchers = await Promise.all(
		[0, 1, 2]
			.filter((i) => i !== at && relays[i].child.exitCode === null && !relays[i].child.signalCode)
			.map((i) => client(relays[i]))
	);
	const id = author.doc.clientID;
	author.sendPresence(id, 1, { user: { name: 'Dana', color: '#123456' } });
	for (const w of watchers) await w.waitUntil(() => w.awareness.getStates().has(id), 'presence');
	const stopped = Date.now();
	await stop();
	for (const w of watchers) {
		await w.waitUntil(() => !w.awareness.getStates().has(id), 'presence gone', GONE_WITHIN_MS);
	}
	return Date.now() - stopped;
}

describe('presence of a relay process that is gone', () => {
	it('kill -9: its clients leave the others within seconds; a clean stop at once', async () => {
		// A peer watched by the others stays: a client of process 1 keeps its presence meanwhile.
		const stays = await client(relays[1]);
		const stayId = stays.doc.clientID;
		stays.sendPresence(stayId, 1, { user: { name: 'Ben', color: '#0000ff' } });

		const killed = await goneAfter(0, () => relays[0].stop('SIGKILL'));
		console.log(`presence gone ${killed} ms after kill -9`);
		expect(killed).toBeLessThan(GONE_WITHIN_MS);
		const watcher = await client(relays[2]);
		await watcher.waitUntil(() => watcher.awareness.getStates().has(stayId), 'live presence kept');

		const clean = await goneAfter(1, () => relays[1].stop('SIGTERM'));
		console.log(`presence gone ${clean} ms after a clean stop`);
		expect(clean).toBeLessThan(2000);
	}, 90_000);
});
