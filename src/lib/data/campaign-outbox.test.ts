import { describe, expect, it } from 'vitest';
import { campaign } from '$lib/domain/record-types';
import { syncBoth } from './docs-testing';
import { CampaignOutbox, outboxDocName } from './campaign-outbox';
import { readRecord } from './layout';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

const NOW = Date.UTC(2026, 11, 2, 9);
const ID = 'a'.repeat(32);

function workspace(me: string) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

const message = (name: string) => ({
	to: `${name.toLowerCase()}@example.com`,
	name,
	subject: 'New menu',
	text: `Dear ${name}`,
	html: `<p>Dear ${name}</p>`
});

describe('campaign texts', () => {
	it('keeps both people’s typing in the body, and no text among the fields', async () => {
		const a = workspace('alice');
		const b = workspace('bob');
		a.repo(campaign).createWithId(ID, { name: 'Veg' });
		syncBoth(a.docs, b.docs);
		a.repo(campaign).text(ID, 'body').set('Dear friend,');
		b.repo(campaign).text(ID, 'body').set('See you soon.');
		a.repo(campaign).text(ID, 'subject').set('Our new menu');
		syncBoth(a.docs, b.docs);
		const body = a.repo(campaign).text(ID, 'body').current;
		expect(body).toContain('Dear friend,');
		expect(body).toContain('See you soon.');
		expect(b.repo(campaign).text(ID, 'body').current).toBe(body);
		expect(b.repo(campaign).text(ID, 'subject').current).toBe('Our new menu');
		expect(a.repo(campaign).notes(ID).current).toBe('');
		const raw = readRecord(a.layout.campaigns.get(ID)!);
		expect(raw).not.toHaveProperty('body');
		expect(raw).not.toHaveProperty('subject');
		expect(a.repo(campaign).get(ID)?.issues).toEqual([]);
		// Typing in them is in Alice's history, one entry per text.
		a.history.flushNotes();
		await new Promise((resolve) => setTimeout(resolve, 0)); // entries are written after a tick
		const typed = a
			.repo(campaign)
			.history(ID)
			.filter((c) => c.field !== 'created');
		expect(typed.map((c) => [c.field, c.from, c.to]).sort()).toEqual([
			['body', '', body], // the burst's text when it paused, Bob's merged line with it
			['subject', '', 'Our new menu']
		]);
	});
});

describe('campaign outbox', () => {
	it('opens only on demand, is listed when sent, and reaches another device', () => {
		const a = workspace('alice');
		const b = workspace('bob');
		const name = outboxDocName(ID);
		const outbox = new CampaignOutbox(a, ID);
		expect(outbox.request).toBeNull();
		expect(a.docs.listed()).not.toContain(name); // opened to look, not written: not listed
		outbox.send(
			{ requestedAt: NOW, requestedBy: 'alice', from: { name: 'Verde' } },
			new Map([
				['p1', message('Ada')],
				['p2', message('Ben')]
			]),
			new Map([['p3', 'no-consent' as const]])
		);
		expect(a.docs.listed()).toContain(name);
		expect(() =>
			outbox.send(
				{ requestedAt: NOW, requestedBy: 'alice', from: { name: '' } },
				new Map(),
				new Map()
			)
		).toThrow(/sent already/);
		syncBoth(a.docs, b.docs);
		// Listed on b, yet not opened with the workspace…
		expect(b.docs.listed()).toContain(name);
		expect(b.docs.isOld(name)).toBe(true);
		// …until a page asks for it.
		const there = new CampaignOutbox(b, ID);
		syncBoth(a.docs, b.docs);
		expect(there.request).toEqual({
			requestedAt: NOW,
			requestedBy: 'alice',
			from: { name: 'Verde' }
		});
		expect([...there.messages.values.keys()].sort()).toEqual(['p1', 'p2']);
		expect(there.messages.values.get('p1')?.text).toBe('Dear Ada');
		expect(there.excluded.values.get('p3')).toEqual({ reason: 'no-consent' });
		there.release();
		expect(b.docs.get(name)).toBeUndefined();
		outbox.release();
	});

	it('reads the relay’s statuses, skipping malformed ones, and records responses', () => {
		const a = workspace('alice');
		const outbox = new CampaignOutbox(a, ID);
		const status = a.docs.get(outboxDocName(ID))!.getMap('status');
		status.set('p1', JSON.stringify({ state: 'sent', at: NOW, attempts: 1 }));
		status.set('p2', JSON.stringify({ state: 'failed', at: NOW, attempts: 3, reason: '550' }));
		status.set('p3', '{"state":"teleported"}');
		status.set('p4', 17);
		expect(outbox.statuses.values.get('p1')?.state).toBe('sent');
		expect(outbox.statuses.values.get('p2')?.reason).toBe('550');
		expect(outbox.statuses.skipped.sort()).toEqual(['p3', 'p4']);
		outbox.respond('p1', 'meeting');
		expect(outbox.responses.values.get('p1')).toMatchObject({ kind: 'meeting', by: 'alice' });
		outbox.respond('p1', null);
		expect(outbox.responses.values.has('p1')).toBe(false);
		outbox.release();
	});
});
