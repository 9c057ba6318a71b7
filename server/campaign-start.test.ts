// A relay start reads only the outboxes it is not done with (campaign-finished.ts): a finished
// campaign's outbox is not loaded from the store at all, an unfinished one (its SMTP server was
// down when the relay stopped) is read and goes on, each recipient once. A client's change to a
// finished outbox takes it off the list before the change is stored; a room loading it does not.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	SMTP_PASSWORD,
	SMTP_USER,
	newCampaignId,
	outboxName,
	putPeople,
	recipients,
	sendCampaign,
	setSmtp,
	statusesOf,
	waitFinal
} from './campaign-test-kit.ts';
import { loadConfig } from './config.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { createRelay, type Relay } from './relay.ts';
import { LOAD_ORIGIN } from './room.ts';
import { testSmtp } from './smtp-test-server.ts';
import { api, tempDir, type RelayProcess } from './test-helpers.ts';

const SMTP_PORT = 4714;
const smtp = testSmtp({ port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD });
const dataDir = tempDir('campaign-start-');
const running: Relay[] = [];
const clients: DocsClient[] = [];

/** A relay in this process on `dataDir`, counting the documents its store loads. */
async function relayHere(): Promise<{ relay: Relay; urls: RelayProcess; loads: string[] }> {
	const relay = createRelay(
		loadConfig({
			HOST: '127.0.0.1',
			PORT: '0',
			DATA_DIR: dataDir,
			STATIC_DIR: path.join(dataDir, 'no-build'),
			CAMPAIGN_RETRY_BASE_MS: '100',
			CAMPAIGN_RETRY_MAX_MS: '200'
		})
	);
	const loads: string[] = [];
	const load = relay.store.load.bind(relay.store);
	relay.store.load = (workspaceId, doc) => {
		loads.push(doc);
		return load(workspaceId, doc);
	};
	running.push(relay);
	const port = await relay.listen();
	// The helpers speak to a relay by its URLs; this one runs in the test's own process.
	const urls = { port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` } as never;
	return { relay, urls, loads };
}

const finishedFile = (workspaceId: string) =>
	path.join(dataDir, 'campaigns', `${workspaceId}.finished`);
function finished(workspaceId: string): string[] {
	const text = fs.existsSync(finishedFile(workspaceId))
		? fs.readFileSync(finishedFile(workspaceId), 'utf8')
		: '[]';
	return JSON.parse(text) as string[];
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

afterAll(async () => {
	for (const client of clients) await client.close();
	for (const relay of running) await relay.shutdown();
	await smtp.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a relay start', () => {
	it('reads only unfinished outboxes: a finished one is not loaded, an unfinished one goes on', async () => {
		await smtp.start();
		const first = await relayHere();
		const created = await api(first.urls, 'POST', '/api/workspaces', { body: { name: 'Acme' } });
		const { workspaceId, token } = created.body as { workspaceId: string; token: string };
		await setSmtp(first.urls, workspaceId, token, SMTP_PORT, { ratePerSec: 100 });
		const client = new DocsClient(docsUrl(first.urls, workspaceId), token);
		clients.push(client);
		await client.opened;

		// A: sent whole, then listed as finished once its last status is stored.
		const done = recipients(3, 'f');
		await putPeople(client, done);
		const doneId = newCampaignId();
		const doneDoc = await sendCampaign(client, doneId, done);
		await waitFinal(
			client,
			doneDoc,
			done.map((p) => p.personId)
		);
		await until(() => finished(workspaceId).includes(doneId), 'A listed as finished');
		// L: a letter campaign, nothing to send: finished too.
		const letters = recipients(2, 'l');
		const lettersId = newCampaignId();
		await sendCampaign(client, lettersId, letters, { request: false });
		await until(() => finished(workspaceId).includes(lettersId), 'L listed as finished');

		// B: the SMTP server is down; the relay stops while B's messages wait.
		await smtp.stop();
		const waiting = recipients(2, 'w');
		await putPeople(client, waiting);
		const waitingId = newCampaignId();
		const waitingDoc = await sendCampaign(client, waitingId, waiting);
		await client.waitUntil(
			() =>
				waiting.every((p) =>
					/^Trying again/.test(statusesOf(waitingDoc).get(p.personId)?.reason ?? '')
				),
			'B waiting for SMTP'
		);
		expect(finished(workspaceId)).not.toContain(waitingId);
		await client.close();
		clients.length = 0;
		await first.relay.shutdown();

		// The start: B is read and sent, A and L are not even loaded.
		await smtp.start();
		const second = await relayHere();
		await until(
			() => waiting.every((p) => smtp.countFor(p.address) === 1),
			'B sent after the restart'
		);
		expect(second.loads).toContain(outboxName(waitingId));
		expect(second.loads).not.toContain(outboxName(doneId));
		expect(second.loads).not.toContain(outboxName(lettersId));
		for (const p of done) expect(smtp.countFor(p.address)).toBe(1);
		await until(() => finished(workspaceId).includes(waitingId), 'B listed once sent');

		// A room loading A for a client changes nothing; a client's change takes A off the list at
		// once (before it is stored), and A is listed again when read and found done.
		const { campaigns } = second.relay;
		campaigns.notice(workspaceId, outboxName(doneId), LOAD_ORIGIN);
		expect(finished(workspaceId)).toContain(doneId);
		campaigns.notice(workspaceId, outboxName(doneId), 'a client');
		expect(finished(workspaceId)).not.toContain(doneId);
		await until(() => finished(workspaceId).includes(doneId), 'A listed again');
		for (const p of [...done, ...waiting]) expect(smtp.countFor(p.address)).toBe(1);
	});
});
