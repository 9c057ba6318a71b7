// Campaign sending with two relay processes on one real PostgreSQL (and Redis, as they run in
// production), and a real SMTP server: one process at a time sends a workspace's campaigns (the
// lease), every message once; kill -9 of the sender mid-send and the other finishes from the
// shared ledger, sending nobody twice; SMTP settings saved at one are read at the other (never
// the password); an unsubscribe link signed by one works at the other.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	SMTP_PASSWORD,
	SMTP_USER,
	newCampaignId,
	outboxName,
	personOf,
	putPeople,
	recipients,
	sendCampaign,
	setSmtp,
	waitFinal
} from './campaign-test-kit.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { startPostgres, type TestPostgres } from './pg-test-server.ts';
import { startRedis, type RedisServer } from './redis-test-server.ts';
import { testSmtp } from './smtp-test-server.ts';
import { api, createWorkspace, startRelay, tempDir, type RelayProcess } from './test-helpers.ts';

const PG_PORT = 27901;
const SMTP_PORT = 27902;
const REDIS_PORT = 27903;
let postgres: TestPostgres;
let redis: RedisServer;
let databases = 0;
const smtp = testSmtp({ port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD });
const relays: RelayProcess[] = [];
const clients: DocsClient[] = [];
const dirs: string[] = [];

beforeAll(async () => {
	postgres = startPostgres(PG_PORT);
	redis = await startRedis(REDIS_PORT);
	await smtp.start();
}, 120_000);
afterAll(async () => {
	for (const client of clients) await client.close();
	for (const relay of relays) await relay.stop('SIGKILL');
	await smtp.stop();
	await redis?.stop();
	postgres?.destroy();
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Two processes on a database of their own, each with an empty data dir of its own. */
async function twoRelays(): Promise<[RelayProcess, RelayProcess]> {
	const url = await postgres.createDatabase(`campaigns_${++databases}`);
	const start = async () => {
		const dataDir = tempDir('h-pg-campaigns-');
		dirs.push(dataDir);
		const relay = await startRelay({
			dataDir,
			env: { DATABASE_URL: url, REDIS_URL: redis.url, CREATE_WORKSPACE_BURST: '100' }
		});
		relays.push(relay);
		return relay;
	};
	return [await start(), await start()];
}

async function docs(relay: RelayProcess, workspaceId: string, token: string) {
	const client = new DocsClient(docsUrl(relay, workspaceId), token);
	clients.push(client);
	await client.opened;
	return client;
}

/** Which relays logged taking the workspace's lease. */
const holders = (relays: RelayProcess[], workspaceId: string) =>
	relays.filter((relay) =>
		relay.lines.some(
			(line) => line.includes('"campaign_lease_taken"') && line.includes(workspaceId)
		)
	);

describe('campaigns with two relay processes on PostgreSQL', () => {
	it('one campaign sent through either process reaches each recipient exactly once', async () => {
		const [a, b] = await twoRelays();
		const { workspaceId, token } = await createWorkspace(a, 'Green Fork');
		await setSmtp(a, workspaceId, token, SMTP_PORT, { ratePerSec: 500 });
		const atA = await docs(a, workspaceId, token);
		const atB = await docs(b, workspaceId, token);
		const people = recipients(40, 'x');
		const before = smtp.received.length;
		// Both processes notice the request (a client of each writes it).
		const campaignId = newCampaignId();
		const outboxA = await sendCampaign(atA, campaignId, people);
		const name = outboxName(campaignId);
		atB.open(name);
		await atB.waitSynced([name]);
		atB.docs.get(name)!.doc.getMap('send').set('touch', 'b');
		await atB.waitAcked([name]);
		const statuses = await waitFinal(
			atA,
			outboxA,
			people.map((p) => p.personId),
			30_000
		);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		for (const p of people) {
			expect(statuses.get(p.personId)!.state).toBe('sent');
			expect(smtp.countFor(p.address)).toBe(1);
		}
		expect(smtp.received.length - before).toBe(people.length);
		expect(holders([a, b], workspaceId)).toHaveLength(1);
	}, 180_000);

	it('kill -9 of the sending process: the other finishes, nobody twice, the interrupted unknown', async () => {
		const [a, b] = await twoRelays();
		const { workspaceId, token } = await createWorkspace(a, 'Green Fork');
		await setSmtp(a, workspaceId, token, SMTP_PORT, { ratePerSec: 200 });
		smtp.delayMs = 25;
		try {
			const writer = await docs(a, workspaceId, token);
			const people = recipients(60, 'k');
			const campaignId = newCampaignId();
			const start = smtp.received.length;
			await sendCampaign(writer, campaignId, people);
			await writer.waitUntil(() => smtp.received.length - start >= 15, '15 messages out', 20_000);
			const [holder] = holders([a, b], workspaceId);
			const survivor = holder === a ? b : a;
			await holder.stop('SIGKILL');
			const atKill = smtp.received.length - start;
			expect(atKill).toBeLessThan(people.length);

			const reader = await docs(survivor, workspaceId, token);
			const { doc } = reader.open(outboxName(campaignId));
			const statuses = await waitFinal(
				reader,
				doc,
				people.map((p) => p.personId),
				40_000
			);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			expect(holders([survivor], workspaceId)).toHaveLength(1);
			const unknown = people.filter((p) => statuses.get(p.personId)!.state === 'unknown');
			expect(
				people.every((p) => ['sent', 'unknown'].includes(statuses.get(p.personId)!.state))
			).toBe(true);
			// Only what was in flight at the kill (8 at most) may be unknown; some was.
			expect(unknown.length).toBeLessThanOrEqual(8);
			for (const p of people) {
				const count = smtp.countFor(p.address);
				expect(count).toBeLessThanOrEqual(1);
				if (statuses.get(p.personId)!.state === 'sent') expect(count).toBe(1);
			}
			console.log(
				`killed after ${atKill}; ${people.length - unknown.length} sent, ${unknown.length} unknown`
			);
		} finally {
			smtp.delayMs = 0;
		}
	}, 240_000);

	it('settings saved at one process are read at the other, without the password', async () => {
		const [a, b] = await twoRelays();
		const { workspaceId, token } = await createWorkspace(a, 'Green Fork');
		await setSmtp(a, workspaceId, token, SMTP_PORT, { fromName: 'Shared' });
		const res = await fetch(`${b.http}/api/workspaces/${workspaceId}/smtp`, {
			headers: { authorization: `Bearer ${token}` }
		});
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(text).not.toContain(SMTP_PASSWORD);
		expect(JSON.parse(text)).toMatchObject({
			configured: true,
			host: '127.0.0.1',
			port: SMTP_PORT,
			fromName: 'Shared',
			passwordSet: true
		});
		expect(JSON.parse(text)).not.toHaveProperty('password');
		// Removed at b: a says so too.
		expect((await api(b, 'DELETE', `/api/workspaces/${workspaceId}/smtp`, { token })).status).toBe(
			200
		);
		expect(await api(a, 'GET', `/api/workspaces/${workspaceId}/smtp`, { token })).toMatchObject({
			body: { configured: false }
		});
	}, 120_000);

	it('an unsubscribe link signed at one process works at the other', async () => {
		const [a, b] = await twoRelays();
		const { workspaceId, token } = await createWorkspace(a, 'Green Fork');
		await setSmtp(a, workspaceId, token, SMTP_PORT);
		const client = await docs(a, workspaceId, token);
		const [p] = recipients(1, 'u');
		await putPeople(client, [p]);
		const outbox = await sendCampaign(client, newCampaignId(), [p]);
		await waitFinal(client, outbox, [p.personId], 30_000);
		const mail = smtp.received.find((m) => m.to.includes(p.address))!;
		const link = new URL(/<([^>]+)>/.exec(mail.headers.get('list-unsubscribe')!)![1]);
		const sender = holders([a, b], workspaceId)[0];
		const other = sender === a ? b : a;
		expect(link.port).toBe(String(sender.port));
		const atOther = `${other.http}${link.pathname}`;
		const forged = `${atOther.slice(0, -4)}AAAA`;
		expect((await fetch(forged, { method: 'POST' })).status).toBe(404);
		const post = await fetch(atOther, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
		expect(post.status).toBe(200);
		expect(await post.text()).toMatch(/You are unsubscribed/);
		await client.waitUntil(
			() => personOf(client, p.personId)?.consent === 'refused',
			'consent refused as a client reads it'
		);
	}, 120_000);
});
