// Campaign sending end to end at the relay: a real relay process, a real SMTP server on loopback
// (smtp-server), and a sync client writing the outbox as the app does. What arrives at the SMTP
// server is counted by recipient and Message-ID.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRecord } from '../src/lib/data/layout.ts';
import { monthOf } from '../src/lib/data/shards.ts';
import {
	SMTP_PASSWORD,
	SMTP_USER,
	newCampaignId,
	outboxName,
	personOf,
	personalText,
	putPeople,
	recipients,
	sendCampaign,
	setSmtp,
	statusesOf,
	waitFinal
} from './campaign-test-kit.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { testSmtp, type TestSmtp } from './smtp-test-server.ts';
import {
	api,
	createWorkspace,
	runCli,
	startRelay,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

const SMTP_PORT = 4703;

let relay: RelayProcess;
let smtp: TestSmtp;
let workspaceId: string;
let token: string;
let client: DocsClient;

beforeAll(async () => {
	smtp = testSmtp({ port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD });
	await smtp.start();
	relay = await startRelay({
		env: { CAMPAIGN_RETRY_BASE_MS: '200', CAMPAIGN_RETRY_MAX_MS: '800' }
	});
	({ workspaceId, token } = await createWorkspace(relay, 'Green Fork'));
	await setSmtp(relay, workspaceId, token, SMTP_PORT, { ratePerSec: 100 });
	client = new DocsClient(docsUrl(relay, workspaceId), token);
	await client.opened;
});

afterAll(async () => {
	await client?.close();
	await relay?.stop();
	await smtp?.stop();
});

describe('campaign sending', () => {
	it('sends one message per recipient with their own text, the unsubscribe link and headers', async () => {
		const people = recipients(3, 'a');
		await putPeople(client, people);
		const campaignId = newCampaignId();
		const outbox = await sendCampaign(client, campaignId, people);
		const statuses = await waitFinal(
			client,
			outbox,
			people.map((p) => p.personId)
		);
		for (const p of people) {
			expect(statuses.get(p.personId)).toMatchObject({ state: 'sent', attempts: 1 });
			const mails = smtp.received.filter((m) => m.to.includes(p.address));
			expect(mails).toHaveLength(1);
			const [mail] = mails;
			expect(mail.subject).toBe(`Vegetarian menu for ${p.name.split(' ')[0]}`);
			expect(mail.text).toContain(personalText(p));
			expect(mail.from).toBe('news@shop.example');
			const link = /<(http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[^>]+)>/.exec(
				mail.headers.get('list-unsubscribe') ?? ''
			)?.[1];
			expect(link).toBeTruthy();
			expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
			expect(mail.text).toContain(link);
			expect(mail.html).toContain(`href="${link}"`);
			expect(mail.html).toContain(personalText(p));
			expect(mail.messageId).toMatch(/^<campaign\.[0-9a-f]{32}@shop\.example>$/);
		}
		// Each personal text went to its own recipient only.
		expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(smtp.received.length);

		// Logged on each recipient's timeline, in the month partition the core lists.
		const month = `interactions.${monthOf(statuses.get(people[0].personId)!.at)}`;
		const core = client.open('');
		const interactions = client.open(month);
		await client.waitSynced(['', month]);
		await client.waitUntil(
			() => (interactions.doc.getMap('interactions') as Y.Map<unknown>).size >= 3,
			'timeline entries'
		);
		expect(core.doc.getMap('docs').get(month)).toBe(true);
		for (const p of people) {
			const found = [
				...(interactions.doc.getMap('interactions') as Y.Map<Y.Map<unknown>>).entries()
			]
				.map(([id, map]): Record<string, unknown> => ({ id, ...readRecord(map) }))
				.filter((r) => (r.personIds as string[]).includes(p.personId));
			expect(found).toHaveLength(1);
			expect(found[0]).toMatchObject({
				kind: 'email',
				direction: 'out',
				subject: `Vegetarian menu for ${p.name.split(' ')[0]}`,
				emailTo: [p.address]
			});
			expect(found[0].id).toBe(`${month.slice(13)}~campaign-${campaignId}-${p.personId}`);
		}
	});

	it('adds a mailto: after the one-click link when the owner names an unsubscribe mailbox', async () => {
		// A ? would start the mailto:'s query: refused, as is anything but an address.
		for (const box of ['leave?subject=x@shop.example', 'unsubscribe'])
			await expect(
				setSmtp(relay, workspaceId, token, SMTP_PORT, { unsubscribeMailbox: box })
			).rejects.toThrow(/400.*Unsubscribe mailbox must be an e-mail address/);
		const settings = await setSmtp(relay, workspaceId, token, SMTP_PORT, {
			ratePerSec: 100,
			unsubscribeMailbox: 'unsubscribe@shop.example'
		});
		expect(settings).toMatchObject({ unsubscribeMailbox: 'unsubscribe@shop.example' });
		try {
			const [p] = recipients(1, 'x');
			await putPeople(client, [p]);
			const outbox = await sendCampaign(client, newCampaignId(), [p]);
			await waitFinal(client, outbox, [p.personId]);
			const mail = smtp.received.find((m) => m.to.includes(p.address))!;
			const header = mail.headers.get('list-unsubscribe') ?? '';
			// RFC 8058: the one-click link (POSTed to) first; RFC 2369: then the mailto:, whose
			// subject carries the same link for whoever reads the mailbox.
			const parts = [...header.matchAll(/<([^>]+)>/g)].map((m) => m[1]);
			expect(parts).toHaveLength(2);
			expect(parts[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[\w.-]+$/);
			const mailto = new URL(parts[1]);
			expect(mailto.protocol).toBe('mailto:');
			expect(mailto.pathname).toBe('unsubscribe@shop.example');
			expect(mailto.searchParams.get('subject')).toBe(`Unsubscribe ${parts[0]}`);
			expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
			expect(mail.text).toContain(parts[0]);
		} finally {
			await setSmtp(relay, workspaceId, token, SMTP_PORT, {
				ratePerSec: 100,
				unsubscribeMailbox: ''
			});
		}
		// Without a mailbox, the link alone.
		const [q] = recipients(1, 'y');
		await putPeople(client, [q]);
		await waitFinal(client, await sendCampaign(client, newCampaignId(), [q]), [q.personId]);
		const plain = smtp.received.find((m) => m.to.includes(q.address))!;
		expect(plain.headers.get('list-unsubscribe')).toMatch(/^<http:[^>]+>$/);
	});

	it('skips a malformed entry with "failed: malformed" and sends the others', async () => {
		const people = recipients(2, 'm');
		const campaignId = newCampaignId();
		const before = smtp.received.length;
		const outbox = await sendCampaign(client, campaignId, people, {
			extra: {
				'bad-number': 42,
				'bad-fields': JSON.stringify({ to: 7, subject: ['x'] }),
				'bad-address': JSON.stringify({
					to: 'not an address\r\nBcc: victim@example.com',
					name: 'X',
					subject: 'S',
					text: 'T',
					html: '<p>T</p>'
				})
			}
		});
		const statuses = await waitFinal(client, outbox, [
			...people.map((p) => p.personId),
			'bad-number',
			'bad-fields',
			'bad-address'
		]);
		for (const id of ['bad-number', 'bad-fields', 'bad-address']) {
			expect(statuses.get(id)!.state).toBe('failed');
			expect(statuses.get(id)!.reason).toMatch(/^malformed/);
		}
		for (const p of people) expect(statuses.get(p.personId)!.state).toBe('sent');
		expect(smtp.received.length - before).toBe(2);
		// The relay wrote statuses only: the peer's values are as they were.
		expect(outbox.getMap('messages').get('bad-number')).toBe(42);
		expect(relay.child.exitCode).toBeNull();
	});

	it('sends each recipient one message when two devices press Send at once', async () => {
		const people = recipients(5, 'd');
		const campaignId = newCampaignId();
		const other = new DocsClient(docsUrl(relay, workspaceId), token);
		await other.opened;
		// Both write the whole send, as two devices rendering it offline would.
		await Promise.all([
			sendCampaign(client, campaignId, people),
			sendCampaign(other, campaignId, people)
		]);
		const outbox = client.docs.get(`campaign-outbox.${campaignId}`)!.doc;
		await waitFinal(
			client,
			outbox,
			people.map((p) => p.personId)
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		for (const p of people) expect(smtp.countFor(p.address)).toBe(1);
		await other.close();
	});

	it('two devices press Send at once, one offline: nobody twice, its late extra person once', async () => {
		const people = recipients(3, 'o');
		const late = recipients(1, 'q');
		await putPeople(client, [...people, ...late]);
		const campaignId = newCampaignId();
		const name = outboxName(campaignId);
		// The offline device froze the send too, without seeing the other's: the same people
		// rendered its own way, and one more who joined the segment on that device.
		const offline = new Y.Doc();
		offline.transact(() => {
			for (const r of [...people, ...late])
				offline.getMap('messages').set(
					r.personId,
					JSON.stringify({
						to: r.address,
						name: r.name,
						subject: 'Offline render',
						text: personalText(r),
						html: `<p>${personalText(r)}</p>`
					})
				);
			offline
				.getMap('send')
				.set(
					'request',
					JSON.stringify({ requestedAt: Date.now(), requestedBy: 'bob', from: { name: 'Bob' } })
				);
		});
		const outbox = await sendCampaign(client, campaignId, people);
		await waitFinal(
			client,
			outbox,
			people.map((p) => p.personId)
		);
		await new Promise((resolve) => setTimeout(resolve, 300)); // finished and listed
		// It comes back online: its whole state merges into the outbox.
		const other = new DocsClient(docsUrl(relay, workspaceId), token);
		await other.opened;
		const { doc } = other.open(name);
		await other.waitSynced([name]);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline));
		await other.waitAcked([name]);
		const statuses = await waitFinal(
			client,
			outbox,
			[...people, ...late].map((p) => p.personId)
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		for (const p of [...people, ...late]) {
			expect(statuses.get(p.personId)?.state).toBe('sent');
			expect(smtp.countFor(p.address)).toBe(1);
		}
		await other.close();
	});

	it('waits while the SMTP server is down and sends when it is back', async () => {
		await smtp.stop();
		const people = recipients(4, 'w');
		const campaignId = newCampaignId();
		const outbox = await sendCampaign(client, campaignId, people);
		await client.waitUntil(
			() =>
				[...statusesOf(outbox).values()].some(
					(s) => s.state === 'queued' && /Trying again/.test(s.reason ?? '')
				),
			'a retry status'
		);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(people.every((p) => smtp.countFor(p.address) === 0)).toBe(true);
		await smtp.start();
		const statuses = await waitFinal(
			client,
			outbox,
			people.map((p) => p.personId)
		);
		for (const p of people) {
			expect(statuses.get(p.personId)!.state).toBe('sent');
			expect(smtp.countFor(p.address)).toBe(1);
		}
		expect(Math.max(...[...statuses.values()].map((s) => s.attempts))).toBeGreaterThan(1);
	});

	it('records an unsubscribe on the person (POST only) and refuses forged links', async () => {
		const [p] = recipients(1, 'u');
		await putPeople(client, [p]);
		const outbox = await sendCampaign(client, newCampaignId(), [p]);
		await waitFinal(client, outbox, [p.personId]);
		const mail = smtp.received.find((m) => m.to.includes(p.address))!;
		const link = /<([^>]+)>/.exec(mail.headers.get('list-unsubscribe')!)![1];

		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await page.text()).toMatch(/<button type="submit">Unsubscribe<\/button>/);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(personOf(client, p.personId)!.consent).toBe('granted');

		// A mail app's one-click unsubscribe (RFC 8058).
		const post = await fetch(link, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(post.status).toBe(200);
		expect(await post.text()).toMatch(/You are unsubscribed/);
		await client.waitUntil(
			() => personOf(client, p.personId)?.consent === 'refused',
			'consent refused as a client reads it'
		);
		expect(personOf(client, p.personId)).toMatchObject({ updatedBy: 'relay' });
		expect(typeof personOf(client, p.personId)!.unsubscribedAt).toBe('number');

		// A campaign frozen before the unsubscribe (sent offline) reaches the relay only now:
		// she is not written to, the others are.
		const [other] = recipients(1, 'o');
		await putPeople(client, [other]);
		const later = await sendCampaign(client, newCampaignId(), [p, other]);
		const held = await waitFinal(client, later, [p.personId, other.personId]);
		expect(held.get(p.personId)).toMatchObject({ state: 'failed' });
		expect(held.get(p.personId)!.reason).toMatch(/unsubscribed after the campaign was sent/);
		expect(held.get(other.personId)!.state).toBe('sent');
		expect(smtp.countFor(p.address)).toBe(1);

		const token = link.split('/unsubscribe/')[1];
		const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
		for (const bad of [forged, 'nonsense', `${token.split('.')[0]}.x`]) {
			const res = await fetch(`${relay.http}/unsubscribe/${bad}`, { method: 'POST' });
			expect(res.status).toBe(404);
			expect(await res.text()).toMatch(/not valid/);
		}
	});

	it('never hands the SMTP password to a client, a document or a log line', async () => {
		const res = await api(relay, 'GET', `/api/workspaces/${workspaceId}/smtp`, { token });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ configured: true, passwordSet: true, user: SMTP_USER });
		expect(JSON.stringify(res.body)).not.toContain(SMTP_PASSWORD);
		expect(res.body).not.toHaveProperty('password');
		// Every document this client holds, as bytes.
		for (const { doc } of client.docs.values()) {
			expect(Buffer.from(Y.encodeStateAsUpdate(doc)).includes(SMTP_PASSWORD)).toBe(false);
		}
		// The relay's whole log output so far (the tests above sent, retried and failed).
		expect(relay.lines.length).toBeGreaterThan(10);
		expect(relay.lines.join('\n')).not.toContain(SMTP_PASSWORD);
		expect(relay.lines.join('\n')).not.toContain('vegetarian menu');
		// Kept on the relay, readable by its user only; the SMTP server did get it.
		const file = path.join(relay.dataDir, 'smtp-settings.json');
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(smtp.logins.some((l) => l.password === SMTP_PASSWORD)).toBe(true);
		const metrics = await (await fetch(`${relay.http}/metrics`)).text();
		expect(metrics).toMatch(/relay_campaign_messages_total\{outcome="sent"\} \d+/);
		expect(metrics).not.toContain(SMTP_PASSWORD);
	});

	it('is in a backup: settings, the unsubscribe secret and the ledger', async () => {
		const target = path.join(tempDir('campaign-backup-'), 'copy');
		const result = runCli(relay.dataDir, ['backup', target]);
		expect(result.code).toBe(0);
		for (const name of [
			'smtp-settings.json',
			'campaign-secret',
			`campaigns/${workspaceId}.ledger`
		]) {
			const copy = path.join(target, name);
			expect(fs.readFileSync(copy)).toEqual(fs.readFileSync(path.join(relay.dataDir, name)));
			expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
		}
	});
});
