import { describe, expect, it } from 'vitest';
import { Workspace } from '$lib/data/workspace.svelte';
import { deal, organization, person, request } from '$lib/domain/record-types';
import {
	dealsOfOrganization,
	dealsOfPerson,
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
});
