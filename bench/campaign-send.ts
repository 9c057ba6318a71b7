// How fast the relay sends a campaign with exactly-once kept: a relay process, a local SMTP
// server (smtp-server on loopback), and a sync client writing the outbox as the app does. Each
// run is a new campaign of N messages; the time is from the send request's acknowledgement to
// the last 'sent' status at the client (ledger fsyncs, SMTP, statuses and timeline entries
// included). Every message must arrive exactly once (counted at the SMTP server by Message-ID
// and recipient). For a reference in the same run (the machine is shared and loaded), nodemailer
// alone sends the same number of messages over the same pool size to the same server.
//   node --import tsx bench/campaign-send.ts [messages=1000] [runs=5]
import nodemailer from 'nodemailer';
import {
	SMTP_PASSWORD,
	SMTP_USER,
	newCampaignId,
	recipients,
	sendCampaign,
	setSmtp,
	statusesOf
} from '../server/campaign-test-kit.ts';
import { DocsClient, docsUrl } from '../server/docs-client.ts';
import { testSmtp } from '../server/smtp-test-server.ts';
import { createWorkspace, startRelay } from '../server/test-helpers.ts';

const MESSAGES = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 5);
const SMTP_PORT = Number(process.env.SMTP_PORT ?? 4708);

const smtp = testSmtp({ port: SMTP_PORT, user: SMTP_USER, password: SMTP_PASSWORD });
await smtp.start();
const relay = await startRelay();
const { workspaceId, token } = await createWorkspace(relay, 'Bench');
// The rate limit set far above what is measured: the bench measures the relay, not the limit.
await setSmtp(relay, workspaceId, token, SMTP_PORT, { ratePerSec: 1000 });
const client = new DocsClient(docsUrl(relay, workspaceId), token);
await client.opened;

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function relayRun(): Promise<number> {
	const people = recipients(MESSAGES, `b${Date.now()}-`);
	const before = smtp.received.length;
	const started = performance.now();
	const outbox = await sendCampaign(client, newCampaignId(), people);
	await client
		.waitUntil(
			() => {
				const s = statusesOf(outbox);
				return people.every((p) => s.get(p.personId)?.state === 'sent');
			},
			'every message sent',
			Number(process.env.RUN_TIMEOUT_MS ?? 600_000)
		)
		.catch((error: unknown) => {
			const s = statusesOf(outbox);
			const states = people.map((p) => s.get(p.personId)?.state ?? 'none');
			console.error(relay.lines.slice(-20).join('\n'));
			console.error(
				states.reduce<Record<string, number>>((n, x) => ({ ...n, [x]: (n[x] ?? 0) + 1 }), {})
			);
			throw error;
		});
	const seconds = (performance.now() - started) / 1000;
	const arrived = smtp.received.slice(before);
	const ids = new Set(arrived.map((m) => m.messageId));
	const addresses = new Set(arrived.flatMap((m) => m.to));
	if (arrived.length !== MESSAGES || ids.size !== MESSAGES || addresses.size !== MESSAGES) {
		throw new Error(
			`exactly-once broken: ${arrived.length} arrived, ${ids.size} ids, ${addresses.size} recipients`
		);
	}
	return MESSAGES / seconds;
}

async function nodemailerRun(): Promise<number> {
	const transport = nodemailer.createTransport({
		pool: true,
		maxConnections: 4,
		host: '127.0.0.1',
		port: SMTP_PORT,
		ignoreTLS: true,
		auth: { user: SMTP_USER, pass: SMTP_PASSWORD }
	});
	const people = recipients(MESSAGES, `n${Date.now()}-`);
	const started = performance.now();
	// 4 in flight, as the relay keeps per workspace.
	let next = 0;
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			while (next < people.length) {
				const p = people[next++];
				await transport.sendMail({
					from: 'news@shop.example',
					to: p.address,
					subject: 'Reference',
					text: 'Reference message',
					html: '<p>Reference message</p>'
				});
			}
		})
	);
	transport.close();
	return MESSAGES / ((performance.now() - started) / 1000);
}

const relayRates: number[] = [];
const referenceRates: number[] = [];
for (let run = 0; run < RUNS; run++) {
	relayRates.push(await relayRun());
	referenceRates.push(await nodemailerRun());
	console.log(
		`run ${run + 1}: relay ${relayRates.at(-1)!.toFixed(0)} msg/s, ` +
			`nodemailer alone ${referenceRates.at(-1)!.toFixed(0)} msg/s`
	);
}
const fmt = (xs: number[]) =>
	`median ${median(xs).toFixed(0)} msg/s (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
console.log(`${MESSAGES} messages × ${RUNS} runs, every message exactly once`);
console.log(`relay:            ${fmt(relayRates)}`);
console.log(`nodemailer alone: ${fmt(referenceRates)}`);
console.log(
	`ratio relay / nodemailer alone: median ${(median(relayRates) / median(referenceRates)).toFixed(2)}`
);
// Bounded: smtp-server's close waits for every open connection to end, and one left open kept
// the bench from exiting for minutes after its figures were printed.
const stopped = Promise.allSettled([client.close(), relay.stop(), smtp.stop()]);
await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000))]);
process.exit(0);
