/**
 * Interactions: records placed in monthly partitions by when they happened, linking to any
 * number of people, and the "last contacted" / "next step" they give the people and
 * organizations they link to — also once their month is no longer open.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { interaction, type InteractionRow } from '$lib/domain/record-types';
import { syncBoth, syncInto } from './docs-testing';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

const NOW = Date.UTC(2026, 11, 15, 12); // mid December 2026
const DAY = 86_400_000;

function workspace(me = 'me', docs = new WorkspaceDocs(undefined, () => NOW)) {
	const ws = new Workspace('ws', me, docs, () => NOW);
	ws.start();
	return ws;
}

/** The derived entries are written after the edit's observers, in a microtask. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('interactions', () => {
	it('live in the partition of the month they happened in', () => {
		const ws = workspace();
		const repo = ws.repo(interaction);
		const may = repo.create({ kind: 'call', occurredAt: Date.UTC(2026, 4, 3, 9) });
		const dec = repo.create({ kind: 'email', occurredAt: NOW - DAY });
		expect(may.startsWith('2026-05~')).toBe(true);
		expect(ws.docs.get('interactions.2026-05')?.getMap('interactions').has(may)).toBe(true);
		expect(ws.docs.get('interactions.2026-12')?.getMap('interactions').has(dec)).toBe(true);
		expect(ws.docs.listed()).toEqual(
			expect.arrayContaining(['interactions.2026-05', 'interactions.2026-12'])
		);
	});

	it('index the people they link to, any number of them', () => {
		const ws = workspace();
		const ada = ws.people.create({ firstName: 'Ada' });
		const bob = ws.people.create({ firstName: 'Bob' });
		const id = ws.repo(interaction).create({ occurredAt: NOW - DAY, personIds: [ada, bob] });
		const rows = (p: string) => ws.referencing(interaction, 'personIds', p).map((r) => r.id);
		expect(rows(ada)).toEqual([id]);
		expect(rows(bob)).toEqual([id]);
		ws.repo(interaction).update(id, { personIds: [bob] });
		expect(rows(ada)).toEqual([]);
		expect(rows(bob)).toEqual([id]);
	});

	it('give people and organizations their last contact and next step', async () => {
		const ws = workspace();
		const org = ws.organizations.create({ name: 'Acme' });
		const ada = ws.people.create({ firstName: 'Ada', organizationId: org });
		const row = () => ws.peopleLive.row(ada)!;
		expect(row().lastContactedAt).toBeNull();
		const repo = ws.repo(interaction);
		const older = repo.create({
			occurredAt: NOW - 3 * DAY,
			personIds: [ada],
			organizationId: org,
			nextStep: 'Send the offer'
		});
		await settle();
		expect(row().lastContactedAt).toBe(NOW - 3 * DAY);
		expect(row().nextStep).toBe('Send the offer');
		expect(ws.organizationsLive.row(org)!.lastContactedAt).toBe(NOW - 3 * DAY);

		const newer = repo.create({ occurredAt: NOW - DAY, personIds: [ada], nextStep: '' });
		await settle();
		expect(row().lastContactedAt).toBe(NOW - DAY);
		expect(row().nextStep).toBe(''); // the newest says none: done
		// A planned meeting next week is not a contact yet.
		repo.create({ kind: 'meeting', occurredAt: NOW + 7 * DAY, personIds: [ada] });
		await settle();
		expect(row().lastContactedAt).toBe(NOW - DAY);

		repo.remove(newer);
		await settle();
		expect(row().lastContactedAt).toBe(NOW - 3 * DAY);
		repo.update(older, { personIds: [] });
		await settle();
		expect(row().lastContactedAt).toBeNull();
		expect(ws.people.get(ada)!.record).not.toHaveProperty('$contact');
	});

	it('keep the last contact when the month is closed', async () => {
		// A call in June, logged then; in December, June is an old month, not opened.
		const june = Date.UTC(2026, 5, 10, 15);
		const a = workspace('a');
		const ada = a.people.create({ firstName: 'Ada' });
		a.repo(interaction).create({ occurredAt: june, personIds: [ada], nextStep: 'Call back' });
		await settle();

		const docs = new WorkspaceDocs(undefined, () => NOW);
		syncInto(docs, a.docs);
		docs.closeIfUnused('interactions.2026-06');
		expect(docs.get('interactions.2026-06')).toBeUndefined();
		const b = workspace('b', docs);
		expect(b.live(interaction).size).toBe(0);
		expect(b.peopleLive.row(ada)!.lastContactedAt).toBe(june);
		expect(b.peopleLive.row(ada)!.nextStep).toBe('Call back');

		// Her timeline, scrolled back, holds the closed months while it shows them, then lets go.
		a.repo(interaction).create({ occurredAt: Date.UTC(2026, 4, 2), personIds: [] });
		syncInto(docs, a.docs); // (opens every document a holds)
		docs.closeIfUnused('interactions.2026-05');
		docs.closeIfUnused('interactions.2026-06');
		expect(b.closedMonths(interaction)).toEqual(['interactions.2026-06', 'interactions.2026-05']);
		const release = b.holdMonths(['interactions.2026-06']);
		const again = b.holdMonths(['interactions.2026-06']);
		// What the device's storage or the relay does for a document that opens:
		const june06 = a.docs.get('interactions.2026-06')!;
		Y.applyUpdate(docs.get('interactions.2026-06')!, Y.encodeStateAsUpdate(june06));
		expect(b.linked(interaction, 'personIds', ada).map((r) => r.occurredAt)).toEqual([june]);
		expect(b.docs.get('interactions.2026-05')).toBeUndefined();
		release();
		expect(b.docs.get('interactions.2026-06')).toBeDefined(); // still held once
		again();
		expect(b.docs.get('interactions.2026-06')).toBeUndefined();
		expect(b.linked(interaction, 'personIds', ada)).toEqual([]);
		expect(b.peopleLive.row(ada)!.lastContactedAt).toBe(june); // the value stands in again
	});

	it('keep one value per record, put right when its interaction leaves', async () => {
		const ws = workspace();
		const ada = ws.people.create({ firstName: 'Ada' });
		const repo = ws.repo(interaction);
		const ids = [3, 2, 1].map((days) =>
			repo.create({ occurredAt: NOW - days * DAY, personIds: [ada], nextStep: `${days}` })
		);
		await settle();
		const value = () => ws.layout.people.map(ada)!.get('$contact');
		expect(value()).toEqual([ids[2], NOW - DAY, '1']);
		expect([...ws.layout.people.map(ada)!.keys()].filter((k) => k.includes('contact'))).toEqual([
			'$contact'
		]);
		repo.update(ids[2], { occurredAt: NOW - 5 * DAY }); // moved back: the 2-day one is newest
		await settle();
		expect(value()).toEqual([ids[1], NOW - 2 * DAY, '2']);
		repo.remove(ids[1]);
		await settle();
		expect(value()).toEqual([ids[0], NOW - 3 * DAY, '3']);
		repo.update(ids[0], { personIds: [] });
		await settle();
		expect(value()).toEqual([ids[2], NOW - 5 * DAY, '1']);
	});

	it('let go of their rows when an old month is closed again', async () => {
		const ws = workspace();
		ws.repo(interaction).create({ occurredAt: Date.UTC(2026, 1, 1) });
		ws.repo(interaction).create({ occurredAt: NOW });
		expect(ws.live(interaction).size).toBe(2);
		ws.docs.closeIfUnused('interactions.2026-02');
		expect(ws.live(interaction).rows.map((r: InteractionRow) => r.occurredAt)).toEqual([NOW]);
	});

	it('merge two people logging calls with the same person at once', async () => {
		const a = workspace('a');
		const ada = a.people.create({ firstName: 'Ada' });
		const b = workspace('b', new WorkspaceDocs(undefined, () => NOW));
		syncBoth(a.docs, b.docs);
		await settle();
		a.repo(interaction).create({ occurredAt: NOW - 2 * DAY, personIds: [ada], nextStep: 'A' });
		b.repo(interaction).create({ occurredAt: NOW - DAY, personIds: [ada], nextStep: 'B' });
		b.people.update(ada, { title: 'Engineer' });
		await settle();
		syncBoth(a.docs, b.docs);
		await settle();
		for (const ws of [a, b]) {
			expect(ws.live(interaction).size).toBe(2);
			expect(ws.peopleLive.row(ada)!.lastContactedAt).toBe(NOW - DAY);
			expect(ws.peopleLive.row(ada)!.nextStep).toBe('B');
			expect(ws.peopleLive.row(ada)!.title).toBe('Engineer');
		}
	});

	it('undo of logging a call takes the last contact away again', async () => {
		const ws = workspace();
		const ada = ws.people.create({ firstName: 'Ada' });
		ws.undo.stopCapturing();
		ws.repo(interaction).create({ occurredAt: NOW - DAY, personIds: [ada] });
		await settle();
		expect(ws.peopleLive.row(ada)!.lastContactedAt).toBe(NOW - DAY);
		ws.undo.undo();
		await settle();
		expect(ws.peopleLive.row(ada)!.lastContactedAt).toBeNull();
	});
});
