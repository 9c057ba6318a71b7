// For the campaign tests and bench: writes what the app writes (people, an outbox with its send
// request, per the outbox's contract in src/lib/domain/campaigns/outbox.ts) through a real sync client, and
// reads back what the relay wrote (statuses, timeline entries) as a client sees them.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import {
	SNAPSHOT_KEY,
	encodeSnapshot,
	isStoredRecord,
	readRecord
} from '../src/lib/data/layout.ts';
import { shardDocName } from '../src/lib/data/shards.ts';
import type { DocsClient } from './docs-client.ts';
import { api, type RelayProcess } from './test-helpers.ts';

export const SMTP_USER = 'mailer';
export const SMTP_PASSWORD = 'S3cret-Pa55word-never-logged';

export interface Recipient {
	personId: string;
	name: string;
	address: string;
}

export function recipients(count: number, tag = 'r'): Recipient[] {
	return Array.from({ length: count }, (_, i) => ({
		personId: randomUUID(),
		name: `Person ${tag}${i}`,
		address: `${tag}${i}.${randomUUID().slice(0, 8)}@example.com`
	}));
}

export const newCampaignId = () => randomUUID().replace(/-/g, '');
export const outboxName = (campaignId: string) => `campaign-outbox.${campaignId}`;

/** The owner's SMTP settings, pointing at the test's SMTP server. */
export async function setSmtp(
	relay: RelayProcess,
	workspaceId: string,
	token: string,
	port: number,
	extra: Record<string, unknown> = {}
) {
	const res = await api(relay, 'PUT', `/api/workspaces/${workspaceId}/smtp`, {
		token,
		body: {
			host: '127.0.0.1',
			port,
			tls: 'none',
			user: SMTP_USER,
			password: SMTP_PASSWORD,
			fromAddress: 'news@shop.example',
			fromName: 'Green Fork',
			...extra
		}
	});
	if (res.status !== 200)
		throw new Error(`smtp settings: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body;
}

/** Adds people as the app stores them (a snapshot under '$'), with marketing consent. */
export async function putPeople(client: DocsClient, people: Recipient[]): Promise<void> {
	const byShard = new Map<string, Recipient[]>();
	for (const p of people) {
		const name = shardDocName('people', p.personId);
		byShard.set(name, [...(byShard.get(name) ?? []), p]);
	}
	for (const name of byShard.keys()) client.open(name);
	await client.waitSynced([...byShard.keys()]);
	for (const [name, list] of byShard) {
		const doc = client.docs.get(name)!.doc;
		doc.transact(() => {
			for (const p of list) {
				const map = new Y.Map<unknown>();
				const [firstName, lastName] = p.name.split(' ');
				map.set(
					SNAPSHOT_KEY,
					encodeSnapshot({
						firstName,
						lastName,
						emails: [{ label: 'work', value: p.address }],
						consent: 'granted'
					})
				);
				doc.getMap('people').set(p.personId, map);
			}
		});
	}
	await client.waitAcked([...byShard.keys()]);
}

/** A person's fields as the app reads them, from the client's copy of their shard. */
export function personOf(client: DocsClient, personId: string): Record<string, unknown> | null {
	const doc = client.docs.get(shardDocName('people', personId))?.doc;
	const map = doc?.getMap('people').get(personId);
	return isStoredRecord(map) ? readRecord(map) : null;
}

export const personalText = (r: Recipient) =>
	`Dear ${r.name.split(' ')[0]}, our new vegetarian menu is here.`;

/** What the app writes at Send: every recipient's message, then the request. */
export async function sendCampaign(
	client: DocsClient,
	campaignId: string,
	people: Recipient[],
	options: { extra?: Record<string, unknown>; request?: boolean } = {}
): Promise<Y.Doc> {
	const name = outboxName(campaignId);
	const { doc } = client.open(name);
	await client.waitSynced([name]);
	doc.transact(() => {
		for (const r of people) {
			doc.getMap('messages').set(
				r.personId,
				JSON.stringify({
					to: r.address,
					name: r.name,
					subject: `Vegetarian menu for ${r.name.split(' ')[0]}`,
					text: personalText(r),
					html: `<html><body><p>${personalText(r)}</p></body></html>`
				})
			);
		}
		for (const [key, value] of Object.entries(options.extra ?? {}))
			doc.getMap('messages').set(key, value);
		if (options.request !== false) {
			doc.getMap('send').set(
				'request',
				JSON.stringify({
					requestedAt: Date.now(),
					requestedBy: 'ann',
					from: { name: 'Green Fork' }
				})
			);
		}
	});
	await client.waitAcked([name]);
	return doc;
}

export interface Status {
	state: string;
	at: number;
	attempts: number;
	reason?: string;
}

export function statusesOf(doc: Y.Doc): Map<string, Status> {
	const out = new Map<string, Status>();
	for (const [key, raw] of (doc.getMap('status') as Y.Map<string>).entries()) {
		out.set(key, JSON.parse(raw) as Status);
	}
	return out;
}

const FINAL = new Set(['sent', 'failed', 'unknown']);

/** Waits until every listed person has a final status in the client's copy. */
export async function waitFinal(
	client: DocsClient,
	doc: Y.Doc,
	personIds: string[],
	timeoutMs = 20_000
): Promise<Map<string, Status>> {
	await client.waitUntil(
		() => {
			const s = statusesOf(doc);
			return personIds.every((id) => FINAL.has(s.get(id)?.state ?? ''));
		},
		'final statuses',
		timeoutMs
	);
	return statusesOf(doc);
}
