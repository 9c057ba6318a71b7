// Exactly once across a crash: the relay is killed (SIGKILL) while it sends a campaign, and
// started again on the same data directory. It goes on with the rest; nobody gets two messages
// (counted at the SMTP server by recipient and Message-ID); a message that may have gone out when
// the relay died is 'unknown', never sent again; every 'sent' one is on its recipient's timeline.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRecord } from '../src/lib/data/layout.ts';
import { monthOf } from '../src/lib/data/shards.ts';
import {
	SMTP_PASSWORD,
	SMTP_USER,
	newCampaignId,
	outboxName,
	recipients,
	sendCampaign,
	setSmtp,
	waitFinal
} from './campaign-test-kit.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { testSmtp } from './smtp-test-server.ts';
import { createWorkspace, startRelay, type RelayProcess } from './test-helpers.ts';

const SMTP_PORT = 4704;
const COUNT = 60;
const smtp = testSmtp({ port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD });
const relays: RelayProcess[] = [];
const clients: DocsClient[] = [];

afterAll(async () => {
	for (const client of clients) await client.close();
	for (const relay of relays) await relay.stop('SIGKILL');
	await smtp.stop();
});

describe('a relay killed mid-send', () => {
	it('sends no one twice after the restart, and finishes the rest', async () => {
		await smtp.start();
		// Each message takes a while to be accepted: the kill falls inside SMTP exchanges.
		smtp.delayMs = 25;
		const first = await startRelay();
		relays.push(first);
		const { workspaceId, token } = await createWorkspace(first, 'Green Fork');
		await setSmtp(first, workspaceId, token, SMTP_PORT, { ratePerSec: 200 });
		const writer = new DocsClient(docsUrl(first, workspaceId), token);
		clients.push(writer);
		await writer.opened;
		const people = recipients(COUNT, 'k');
		const campaignId = newCampaignId();
		await sendCampaign(writer, campaignId, people);
		await writer.waitUntil(() => smtp.received.length >= 15, '15 messages out', 20_000);
		await first.stop('SIGKILL');
		const atKill = smtp.received.length;
		expect(atKill).toBeLessThan(COUNT);

		const second = await startRelay({ dataDir: first.dataDir });
		relays.push(second);
		const reader = new DocsClient(docsUrl(second, workspaceId), token);
		clients.push(reader);
		await reader.opened;
		const { doc } = reader.open(outboxName(campaignId));
		const statuses = await waitFinal(
			reader,
			doc,
			people.map((p) => p.personId),
			30_000
		);
		await new Promise((resolve) => setTimeout(resolve, 500));

		const states = people.map((p) => statuses.get(p.personId)!.state);
		const unknown = people.filter((p) => statuses.get(p.personId)!.state === 'unknown');
		expect(states.every((s) => s === 'sent' || s === 'unknown')).toBe(true);
		// Only what was in flight when it died (8 messages at most) can be unknown.
		expect(unknown.length).toBeLessThanOrEqual(8);
		for (const p of people) {
			const count = smtp.countFor(p.address);
			expect(count).toBeLessThanOrEqual(1);
			if (statuses.get(p.personId)!.state === 'sent') expect(count).toBe(1);
		}
		const ids = smtp.received.map((m) => m.messageId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(smtp.received.length).toBeGreaterThanOrEqual(COUNT - unknown.length);
		console.log(
			`killed after ${atKill} messages; ${COUNT - unknown.length} sent, ${unknown.length} unknown, ` +
				`${smtp.received.length} arrived`
		);

		// Every sent message is on its recipient's timeline, once; the unknown ones are not.
		const month = `interactions.${monthOf(Date.now())}`;
		const timeline = reader.open(month);
		await reader.waitSynced([month]);
		const sent = people.filter((p) => statuses.get(p.personId)!.state === 'sent');
		await reader.waitUntil(
			() => (timeline.doc.getMap('interactions') as Y.Map<unknown>).size >= sent.length,
			'timeline entries'
		);
		const logged = [...(timeline.doc.getMap('interactions') as Y.Map<Y.Map<unknown>>).values()].map(
			(map) => (readRecord(map).personIds as string[])[0]
		);
		expect(new Set(logged)).toEqual(new Set(sent.map((p) => p.personId)));
		expect(logged).toHaveLength(sent.length);
	});
});
