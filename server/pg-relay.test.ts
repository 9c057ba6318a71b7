// Relay processes on one real PostgreSQL (DATABASE_URL): what one stores another serves, auth is
// one set for all, and PostgreSQL going away mid-run holds acknowledgements (and /readyz) until
// it is back, then stores everything — no crash, no loss.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinDir, startPostgres, type TestPostgres } from './pg-test-server.ts';
import {
	api,
	createWorkspace,
	fetchDoc,
	invite,
	PROJECT_ROOT,
	startRelay,
	syncUrl,
	syncedClient,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

const PORT = Number(process.env.PG_RELAY_TEST_PORT ?? 25434);
let server: TestPostgres;
let databases = 0;
const relays: RelayProcess[] = [];
const dirs: string[] = [];

beforeAll(() => {
	server = startPostgres(PORT);
}, 120_000);
afterAll(async () => {
	for (const relay of relays) await relay.stop('SIGKILL');
	server?.destroy();
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A relay process on `url`, with a data dir of its own (so nothing can come from files). */
async function relayOn(url: string): Promise<RelayProcess> {
	const dataDir = tempDir('h-pg-relay-');
	dirs.push(dataDir);
	const relay = await startRelay({ dataDir, env: { DATABASE_URL: url } });
	relays.push(relay);
	return relay;
}

/** `npm run relay -- <args>` with DATABASE_URL: the CLI works on PostgreSQL's tables. */
function cli(url: string, args: string[]): string {
	const result = spawnSync(
		process.execPath,
		['--import', 'tsx', path.join(PROJECT_ROOT, 'server/cli.ts'), ...args],
		{ cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' }
	);
	if (result.status !== 0) throw new Error(`cli ${args[0]}: ${result.stderr}`);
	return result.stdout;
}

async function readiness(relay: RelayProcess): Promise<{ status: number; body: unknown }> {
	const res = await fetch(`${relay.http}/readyz`);
	return { status: res.status, body: await res.json() };
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('relays on PostgreSQL', () => {
	it('two processes share documents and invites; a revocation in one closes sockets in the other', async () => {
		const url = await server.createDatabase(`relay_${++databases}`);
		const [a, b] = [await relayOn(url), await relayOn(url)];
		expect(await readiness(a)).toEqual({
			status: 200,
			body: { status: 'ready', checks: { postgres: true } }
		});
		const ws = await createWorkspace(a, 'Shared');
		const editor = await invite(a, ws.workspaceId, ws.token, 'editor');
		const writer = await syncedClient(syncUrl(a, ws.workspaceId, ws.token));
		for (let i = 0; i < 20; i++) writer.doc.getMap('people').set(`p${i}`, i);
		await writer.waitAcked();

		// The invite made through a a moment ago, used at b at once: the auth tables are one set.
		const reader = await syncedClient(syncUrl(b, ws.workspaceId, editor.token));
		const listed = await api(b, 'GET', `/api/workspaces/${ws.workspaceId}/invites`, {
			token: editor.token
		});
		expect(listed.status).toBe(403); // authenticated, but not an owner
		expect(reader.doc.getMap('people').toJSON()).toEqual(writer.doc.getMap('people').toJSON());

		const revoked = await api(
			a,
			'DELETE',
			`/api/workspaces/${ws.workspaceId}/invites/${editor.id}`,
			{
				token: ws.token
			}
		);
		expect(revoked.status).toBe(200);
		expect((await reader.closed).code).toBe(4403);
		writer.ws.close();
	}, 60_000);

	it('PostgreSQL stopped mid-run: nothing acknowledged or ready until it is back, then all stored', async () => {
		const url = await server.createDatabase(`relay_${++databases}`);
		const relay = await relayOn(url);
		const ws = await createWorkspace(relay, 'Outage');
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 10; i++) client.doc.getMap('people').set(`before${i}`, i);
		await client.waitAcked();
		const ackedBefore = client.acked;

		server.stop();
		try {
			await until(async () => (await readiness(relay)).status === 503, '/readyz 503');
			expect((await readiness(relay)).body).toMatchObject({ checks: { postgres: false } });
			for (let i = 0; i < 50; i++) client.doc.getMap('people').set(`during${i}`, i);
			await new Promise((resolve) => setTimeout(resolve, 2000));
			// Received, forwarded to nobody's disk: not acknowledged.
			expect(client.acked).toBe(ackedBefore);
			expect(client.closeCode).toBeNull();
		} finally {
			server.start();
		}
		await client.waitAcked(client.syncSent, 30_000);
		await until(async () => (await readiness(relay)).status === 200, '/readyz 200');
		expect(client.closeCode).toBeNull();
		expect(relay.child.exitCode).toBeNull();

		// Durable: a process started now, with an empty data dir, serves every edit.
		await relay.stop('SIGKILL');
		const fresh = await relayOn(url);
		const served = await fetchDoc(syncUrl(fresh, ws.workspaceId, ws.token));
		expect(served.getMap('people').toJSON()).toEqual(client.doc.getMap('people').toJSON());
		expect(Object.keys(served.getMap('people').toJSON())).toHaveLength(60);
		client.ws.close();
	}, 90_000);

	it("a pg_dump of a running relay's database, restored into a new one, serves every acknowledged edit", async () => {
		const url = await server.createDatabase(`relay_${++databases}`);
		const relay = await relayOn(url);
		const ws = await createWorkspace(relay, 'Backed up');
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 30; i++) client.doc.getMap('people').set(`p${i}`, i);
		client.doc.getMap('people').delete('p3');
		await client.waitAcked();

		// As the README says: pg_dump while the relay runs (one consistent snapshot), pg_restore.
		const dump = path.join(tempDir('h-pg-dump-'), 'crm.dump');
		dirs.push(path.dirname(dump));
		const bin = postgresBinDir();
		execFileSync(path.join(bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, url]);
		const restored = await server.createDatabase(`relay_${++databases}`);
		execFileSync(path.join(bin, 'pg_restore'), ['--no-owner', `--dbname=${restored}`, dump]);
		client.ws.close();
		await relay.stop('SIGKILL');

		const fresh = await relayOn(restored);
		const served = await fetchDoc(syncUrl(fresh, ws.workspaceId, ws.token));
		expect(served.getMap('people').toJSON()).toEqual(client.doc.getMap('people').toJSON());
		expect(served.getMap('people').has('p3')).toBe(false);
	}, 60_000);

	it('the CLI with DATABASE_URL makes workspaces and invites every relay takes, and revokes live ones', async () => {
		const url = await server.createDatabase(`relay_${++databases}`);
		const relay = await relayOn(url);
		const made = cli(url, ['create-workspace', 'From the CLI', '--id', 'cli-space-1']);
		const owner = /owner token: (\S+)/.exec(made)![1];
		const editor = /token: (\S+)/.exec(cli(url, ['invite', 'cli-space-1', 'editor']))![1];
		expect(cli(url, ['list'])).toContain('cli-space-1');
		const client = await syncedClient(syncUrl(relay, 'cli-space-1', editor));
		client.doc.getMap('people').set('via', 'cli');
		await client.waitAcked();
		const inviteId = editor.split('.')[0];
		cli(url, ['revoke', 'cli-space-1', inviteId]);
		expect((await client.closed).code).toBe(4403);
		const served = await fetchDoc(syncUrl(relay, 'cli-space-1', owner));
		expect(served.getMap('people').get('via')).toBe('cli');
	}, 60_000);

	it('kill -9 mid-burst after compactions: every acknowledged update is served by a new process', async () => {
		const url = await server.createDatabase(`relay_${++databases}`);
		const env = {
			DATABASE_URL: url,
			COMPACT_LOG_BYTES: '16384',
			RATE_MESSAGES_PER_SEC: '100000',
			RATE_MESSAGES_BURST: '100000'
		};
		const first = await startRelay({ dataDir: tempDir('h-pg-relay-'), env });
		relays.push(first);
		dirs.push(first.dataDir);
		const ws = await createWorkspace(first, 'Killed');
		const client = await syncedClient(syncUrl(first, ws.workspaceId, ws.token));
		// Enough log for the relay to compact it (COMPACT_LOG_BYTES is small), and it does.
		for (let k = 0; k < 400; k++) client.doc.getMap('people').set(`pre${k}`, 'y'.repeat(64));
		await client.waitAcked();
		const db = new pg.Client({ connectionString: url });
		await db.connect();
		try {
			await until(async () => {
				const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM crm_snapshots');
				return Number(rows[0].n) > 0;
			}, 'a compaction');
		} finally {
			await db.end();
		}
		const base = client.acked;
		const sentAt = new Map<string, number>();
		let i = 0;
		let killedAtAck = -1;
		const IN_FLIGHT = 300; // a closed loop, as durability.test.ts explains
		await new Promise<void>((resolve, reject) => {
			const burst = () => {
				if (client.ws.readyState !== client.ws.OPEN) {
					if (killedAtAck < 0) reject(new Error(`closed before the kill (${client.closeCode})`));
					else resolve();
					return;
				}
				for (let k = 0; k < 25 && client.syncSent - client.acked < IN_FLIGHT; k++, i++) {
					client.doc.getMap('people').set(`p${i}`, 'x'.repeat(64));
					sentAt.set(`p${i}`, client.syncSent);
				}
				if (killedAtAck < 0 && client.acked > base + 1000) {
					killedAtAck = client.acked;
					first.child.kill('SIGKILL');
				}
				if (client.syncSent - client.acked < IN_FLIGHT) setImmediate(burst);
				else setTimeout(burst, 1);
			};
			burst();
		});
		await first.exited;
		const acked = client.acked;
		expect(client.syncSent).toBeGreaterThan(acked); // the kill landed mid-burst

		const second = await relayOn(url);
		const doc = await fetchDoc(syncUrl(second, ws.workspaceId, ws.token));
		const people = doc.getMap('people');
		const missing = [...sentAt].filter(([key, at]) => at <= acked && !people.has(key));
		expect(missing).toEqual([]);
	}, 90_000);
});
