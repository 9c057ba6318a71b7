import { describe, expect, it } from 'vitest';
import { Workspace } from '$lib/data/workspace.svelte';
import { deal, interaction, organization, person, request } from '$lib/domain/record-types';
import {
	dealsOfOrganization,
	dealsOfPerson,
	onLinkedChange,
	onRecordChange,
	peopleOfOrganization,
	requestsOfOrganization,
	requestsOfPerson
} from './related-rows';

/** Counts the reads of every row of these collections (the whole-collection pass a page must not make). */
function countFullReads(collections: object[]): () => number {
	let reads = 0;
	for (const live of collections) {
		const rows = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(live), 'rows')!;
		Object.defineProperty(live, 'rows', {
			get() {
				reads++;
				return rows.get!.call(live);
			}
		});
	}
	return () => reads;
}

describe('a record page’s related rows', () => {
	it('are read from the relation indexes, never from every row of their type', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const acme = ws.repo(organization).create({ name: 'Acme' });
		const ada = ws.people.create({ firstName: 'Ada', organizationId: acme });
		const ben = ws.people.create({ firstName: 'Ben', organizationId: acme });
		for (let i = 0; i < 200; i++) ws.people.create({ firstName: `Other ${i}` });
		const contact = ws.repo(deal).create({ name: 'Catering', personId: ada, organizationId: acme });
		const involved = ws.repo(deal).create({
			name: 'Venue',
			people: [
				{ personId: ada, role: 'user' },
				{ personId: ben, role: 'influencer' }
			]
		});
		const both = ws.repo(deal).create({
			name: 'Both',
			personId: ada,
			people: [{ personId: ada, role: 'champion' }]
		});
		for (let i = 0; i < 200; i++) ws.repo(deal).create({ name: `Other deal ${i}` });
		const asked = ws.repo(request).create({ subject: 'Broken', requesterId: ada });
		const forAcme = ws.repo(request).create({ subject: 'Late', organizationId: acme });
		const reads = countFullReads([ws.live(person), ws.live(deal), ws.live(request)]);

		const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
		expect(ids(dealsOfPerson(ws, ada))).toEqual([contact, involved, both].sort());
		expect(dealsOfPerson(ws, ada)).toHaveLength(3); // each once
		expect(ids(dealsOfPerson(ws, ben))).toEqual([involved]);
		expect(ids(requestsOfPerson(ws, ada))).toEqual([asked]);
		expect(ids(peopleOfOrganization(ws, acme))).toEqual([ada, ben].sort());
		expect(ids(dealsOfOrganization(ws, acme))).toEqual([contact]);
		expect(ids(requestsOfOrganization(ws, acme))).toEqual([forAcme]);
		expect(reads()).toBe(0);
	});

	it('follow edits: a deal whose contact changes moves to its new contact', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const ada = ws.people.create({ firstName: 'Ada' });
		const ben = ws.people.create({ firstName: 'Ben' });
		const id = ws.repo(deal).create({ name: 'Catering', personId: ada });
		ws.repo(deal).update(id, { personId: ben });
		expect(dealsOfPerson(ws, ada)).toEqual([]);
		expect(dealsOfPerson(ws, ben).map((d) => d.id)).toEqual([id]);
		ws.repo(deal).remove(id);
		expect(dealsOfPerson(ws, ben)).toEqual([]);
	});

	it('tell a page of its own rows’ and record’s changes, not of every row of the type', async () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const calls = ws.repo(interaction);
		const ada = ws.people.create({ firstName: 'Ada' });
		const ben = ws.people.create({ firstName: 'Ben' });
		const first = calls.create({ occurredAt: Date.now(), personIds: [ada] });
		const told = { timeline: 0, person: 0 };
		const stops = [
			onLinkedChange(ws, interaction, 'personIds', ada, () => told.timeline++),
			onRecordChange(ws, person, ada, () => told.person++)
		];
		const after = async (edit: () => void) => {
			told.timeline = told.person = 0;
			edit();
			await Promise.resolve(); // told after the edit's task, once
			return { ...told };
		};

		// Ben's call and Ben's name: nothing of Ada's page.
		expect(await after(() => calls.create({ occurredAt: Date.now(), personIds: [ben] }))).toEqual({
			timeline: 0,
			person: 0
		});
		expect(await after(() => ws.people.update(ben, { lastName: 'B' }))).toEqual({
			timeline: 0,
			person: 0
		});
		// Her entry edited; one logged with her (her last contact moves: her row changes too).
		expect((await after(() => calls.update(first, { subject: 'Renewal' }))).timeline).toBe(1);
		const second = calls.create({ occurredAt: Date.now(), personIds: [ben] });
		await Promise.resolve();
		expect(await after(() => calls.update(second, { personIds: [ben, ada] }))).toEqual({
			timeline: 1,
			person: 1
		});
		// An entry leaving her, and one deleted.
		expect((await after(() => calls.update(second, { personIds: [ben] }))).timeline).toBe(1);
		expect((await after(() => calls.remove(first))).timeline).toBe(1);
		expect((await after(() => ws.people.update(ada, { lastName: 'A' }))).person).toBe(1);

		for (const stop of stops) stop();
		expect(await after(() => ws.people.update(ada, { lastName: 'C' }))).toEqual({
			timeline: 0,
			person: 0
		});
	});
});
