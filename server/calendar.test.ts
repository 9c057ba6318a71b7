// The calendar feed end to end at the relay: tasks written by a real sync client, the feed
// fetched over HTTP and parsed with ical.js, the link made, rotated, turned off and revoked.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DELETED_AT, SNAPSHOT_KEY, encodeSnapshot } from '../src/lib/data/layout.ts';
import { shardDocName } from '../src/lib/data/shards.ts';
import { UID_DOMAIN } from '../src/lib/domain/tasks/ics.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { api, createWorkspace, invite, startRelay, type RelayProcess } from './test-helpers.ts';

const ANN = 'ann-0000-member';
const BOB = 'bob-0000-member';
const T0 = Date.UTC(2026, 10, 1, 12, 0);

let relay: RelayProcess;
let workspaceId: string;
let ownerToken: string;
let client: DocsClient;

/** Writes a task as the app stores it: the snapshot under '$', bookkeeping beside it. */
async function putTask(
	id: string,
	fields: Record<string, unknown>,
	extra: Record<string, unknown> = {}
) {
	const name = shardDocName('tasks', id);
	const { doc } = client.open(name);
	await client.waitSynced([name]);
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set(SNAPSHOT_KEY, encodeSnapshot({ status: 'open', priority: 'normal', ...fields }));
		map.set('updatedAt', T0);
		for (const [key, value] of Object.entries(extra)) map.set(key, value);
		doc.getMap('tasks').set(id, map);
	});
	await client.waitAcked([name]);
}

/** Sets fields of a stored task as a later edit does: a key each, and a new updatedAt. */
async function editTask(id: string, fields: Record<string, unknown>, at: number) {
	const name = shardDocName('tasks', id);
	const doc = client.docs.get(name)!.doc;
	doc.transact(() => {
		const map = doc.getMap('tasks').get(id) as Y.Map<unknown>;
		for (const [key, value] of Object.entries(fields)) map.set(key, value);
		map.set('updatedAt', at);
	});
	await client.waitAcked([name]);
}

async function makeLink(memberId: string, token = ownerToken) {
	return api(relay, 'POST', `/api/workspaces/${workspaceId}/members/${memberId}/calendar`, {
		token
	});
}

async function feed(path: string, headers: Record<string, string> = {}) {
	const res = await fetch(relay.http + path, { headers });
	return { res, text: await res.text() };
}

function eventsOf(text: string): Map<string, ICAL.Component> {
	const calendar = new ICAL.Component(ICAL.parse(text));
	return new Map(
		calendar
			.getAllSubcomponents('vevent')
			.map((e) => [String(e.getFirstPropertyValue('uid')).replace(`@${UID_DOMAIN}`, ''), e])
	);
}

beforeAll(async () => {
	relay = await startRelay();
	({ workspaceId, token: ownerToken } = await createWorkspace(relay, 'Acme'));
	client = new DocsClient(docsUrl(relay, workspaceId), ownerToken);
	await client.opened;
	await putTask('t-allday', { title: 'Send the offer', assigneeId: ANN, dueDate: '2026-12-01' });
	await putTask(
		't-timed',
		{
			title: 'Call Zoë, re: Q4',
			assigneeId: ANN,
			dueDate: '2026-12-02',
			dueTime: '09:30',
			timeZone: 'Europe/Warsaw',
			priority: 'urgent',
			reminderAt: Date.UTC(2026, 11, 2, 8, 0)
		},
		{ notes: new Y.Text('Ask about the PO;\nthen the invoice.') }
	);
	await putTask('t-done', {
		title: 'Done',
		assigneeId: ANN,
		dueDate: '2026-12-01',
		status: 'done'
	});
	await putTask('t-bob', { title: 'Bob’s', assigneeId: BOB, dueDate: '2026-12-01' });
	await putTask('t-undated', { title: 'Someday', assigneeId: ANN });
	await putTask(
		't-deleted',
		{ title: 'Gone', assigneeId: ANN, dueDate: '2026-12-01' },
		{
			[DELETED_AT]: T0
		}
	);
	// A buggy peer's task: a day that does not exist. Left out, nothing fails.
	await putTask('t-garbled', { title: 'Garbled', assigneeId: ANN, dueDate: '2026-02-30' });
	// A later edit under its own key overrides the snapshot's value.
	await editTask('t-allday', { dueDate: '2026-12-03' }, T0 + 1000);
}, 30_000);

afterAll(async () => {
	await client?.close();
	await relay?.stop();
});

describe('the calendar feed', () => {
	let path = '';

	it('serves only the member’s open, dated tasks as iCalendar', async () => {
		const made = await makeLink(ANN);
		expect(made.status).toBe(201);
		path = (made.body as { path: string }).path;
		expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

		const { res, text } = await feed(path);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(res.headers.get('cache-control')).toMatch(/private/);
		expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
		const events = eventsOf(text);
		expect([...events.keys()].sort()).toEqual(['t-allday', 't-timed']);
		const allDay = events.get('t-allday')!;
		expect(String(allDay.getFirstPropertyValue('dtstart'))).toBe('2026-12-03');
		const timed = events.get('t-timed')!;
		expect(timed.getFirstPropertyValue('summary')).toBe('Call Zoë, re: Q4');
		expect(timed.getFirstPropertyValue('description')).toBe('Ask about the PO;\nthen the invoice.');
		expect(timed.getFirstPropertyValue('priority')).toBe(1);
		expect((timed.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()).toBe(
			Date.UTC(2026, 11, 2, 8, 30)
		);
		expect(timed.getFirstSubcomponent('valarm')).not.toBeNull();
		expect(timed.getFirstPropertyValue('url')).toBe(`${relay.http}/tasks/t-timed`);
	});

	it('answers 304 to its ETag, and a new ETag once a task changes', async () => {
		const first = await feed(path);
		const etag = first.res.headers.get('etag')!;
		const again = await feed(path, { 'if-none-match': etag });
		expect(again.res.status).toBe(304);

		await editTask('t-allday', { title: 'Send the signed offer' }, T0 + 2000);
		const changed = await feed(path, { 'if-none-match': etag });
		expect(changed.res.status).toBe(200);
		expect(changed.res.headers.get('etag')).not.toBe(etag);
		const event = eventsOf(changed.text).get('t-allday')!;
		expect(event.getFirstPropertyValue('summary')).toBe('Send the signed offer');

		await editTask('t-timed', { status: 'done' }, T0 + 3000);
		expect([...eventsOf((await feed(path)).text).keys()]).toEqual(['t-allday']);
	});

	it('reads the tasks from storage once no room holds them', async () => {
		await client.close();
		client = new DocsClient(docsUrl(relay, workspaceId), ownerToken);
		await client.opened;
		// WORKSPACE_IDLE_MS is 15 s by default: the rooms may or may not be gone; both must read alike.
		const { res, text } = await feed(path);
		expect(res.status).toBe(200);
		expect([...eventsOf(text).keys()]).toEqual(['t-allday']);
	});

	it('says whether a link is on, without giving it out', async () => {
		const status = await api(
			relay,
			'GET',
			`/api/workspaces/${workspaceId}/members/${ANN}/calendar`,
			{
				token: ownerToken
			}
		);
		expect(status).toMatchObject({ status: 200, body: { active: true } });
		expect(JSON.stringify(status.body)).not.toContain(path.slice(10, 40));
	});

	it('stops the old URL when the link is rotated', async () => {
		const rotated = await makeLink(ANN);
		const fresh = (rotated.body as { path: string }).path;
		expect(fresh).not.toBe(path);
		expect((await feed(path)).res.status).toBe(404);
		expect((await feed(fresh)).res.status).toBe(200);
		path = fresh;
	});

	it('answers 404 to a wrong or malformed secret', async () => {
		expect((await feed(`/calendar/${'A'.repeat(43)}.ics`)).res.status).toBe(404);
		expect((await feed('/calendar/nothing.ics')).res.status).toBe(404);
		expect((await feed(path.replace('.ics', ''))).res.status).toBe(404);
	});

	it('answers 404 once the link is turned off', async () => {
		const off = await api(
			relay,
			'DELETE',
			`/api/workspaces/${workspaceId}/members/${ANN}/calendar`,
			{
				token: ownerToken
			}
		);
		expect(off).toMatchObject({ status: 200, body: { active: false } });
		expect((await feed(path)).res.status).toBe(404);
	});

	it('asks for a token, and lets no other invite take a member’s link over', async () => {
		expect(
			(await api(relay, 'POST', `/api/workspaces/${workspaceId}/members/${BOB}/calendar`)).status
		).toBe(401);
		const bob = await invite(relay, workspaceId, ownerToken, 'viewer');
		expect((await makeLink(BOB, bob.token)).status).toBe(201);
		expect((await makeLink(BOB)).status).toBe(403);
	});

	it('answers 404 for a member whose invite was revoked', async () => {
		const sam = await invite(relay, workspaceId, ownerToken, 'editor');
		const made = await makeLink('sam-member', sam.token);
		const samPath = (made.body as { path: string }).path;
		expect((await feed(samPath)).res.status).toBe(200);
		await api(relay, 'DELETE', `/api/workspaces/${workspaceId}/invites/${sam.id}`, {
			token: ownerToken
		});
		expect((await feed(samPath)).res.status).toBe(404);
	});

	it('counts its requests in /metrics, and never logs the secret', async () => {
		const metrics = await (await fetch(`${relay.http}/metrics`)).text();
		expect(metrics).toMatch(/relay_calendar_requests_total\{status="200"\} \d+/);
		expect(metrics).toMatch(/relay_calendar_requests_total\{status="404"\} \d+/);
		const served = relay.lines.filter((l) => l.includes('"calendar_served"'));
		expect(served.length).toBeGreaterThan(5);
		expect(relay.lines.some((l) => l.includes(path.slice(10, 53)))).toBe(false);
	});
});
