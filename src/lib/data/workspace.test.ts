import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { person } from '$lib/domain/record-types';
import { isInSharedOrder, sharedOrder } from '$lib/domain/shared-order';
import { recordTexts } from './record-texts';
import { DUPLICATES_WHILE_LOADING, Workspace } from './workspace.svelte';
import { SNAPSHOT_KEY } from './layout';
import { copyDocs, syncBoth, syncInto } from './docs-testing';

function pair() {
	const a = new Workspace('ws', 'alice');
	const b = new Workspace('ws', 'bob');
	a.start();
	b.start();
	const sync = () => syncBoth(a.docs, b.docs);
	return { a, b, sync };
}

describe('Workspace', () => {
	it('creates, reads and lists a person with validated fields', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const id = ws.people.create({
			firstName: 'Ada',
			lastName: 'Lovelace',
			emails: [{ label: 'work', value: 'ada@example.com' }]
		});
		const view = ws.people.get(id)!;
		expect(view.record.firstName).toBe('Ada');
		expect(view.record.createdBy).toBe('me');
		expect(view.issues).toEqual([]);
		expect(ws.people.rows.map((r) => r.name)).toEqual(['Ada Lovelace']);
		expect(ws.people.rows[0].email).toBe('ada@example.com');
		expect(ws.people.rows[0].search).toContain('ada@example.com');
	});

	it('keeps both edits when two people change different fields at once', () => {
		const { a, b, sync } = pair();
		const id = a.people.create({ firstName: 'Grace', lastName: 'Hopper' });
		sync();
		a.people.update(id, { title: 'Rear Admiral' });
		b.people.update(id, { kind: 'client' });
		sync();
		for (const ws of [a, b]) {
			const p = ws.people.get(id)!.record;
			expect(p.title).toBe('Rear Admiral');
			expect(p.kind).toBe('client');
		}
	});

	it('writes only the fields that changed', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const id = ws.people.create({ firstName: 'A', tags: ['x'] });
		ws.people.update(id, { firstName: 'A', tags: ['x'], lastName: 'B' });
		const keys = [...ws.layout.people.map(id)!.keys()].sort();
		expect(keys).toEqual([SNAPSHOT_KEY, 'lastName', 'updatedAt', 'updatedBy'].sort());
		// No notes text for a record made without notes (record-texts.ts), nested or at the root.
		expect(recordTexts(ws.layout.people.get(id)!, 'notes')).toEqual([]);
	});

	it('keeps notes typed on a record that has no notes text yet, and a plain-string note found', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const [arrived, buggy, missing] = ['Ada', 'Bob', 'Cy'].map((firstName) =>
			ws.people.create({ firstName })
		);
		// as a record whose fields are still on their way, or a buggy peer's plain string
		ws.layout.people.map(arrived)!.delete('notes');
		ws.layout.people.map(buggy)!.set('notes', 'written as a string');
		ws.layout.people.map(missing)!.delete('notes');

		expect(ws.people.notes(arrived).current).toBe('');
		ws.people.notes(arrived).set('Called on Monday');
		expect(ws.people.notes(arrived).current).toBe('Called on Monday');
		// A root text of the record's shard, not a key of the record (record-texts.ts).
		const typed = recordTexts(ws.layout.people.get(arrived)!, 'notes');
		expect(typed.map(String)).toEqual(['Called on Monday']);
		expect(typed[0].parent).toBe(null);

		expect(ws.people.notes(buggy).current).toBe('written as a string');
		ws.people.notes(buggy).set('written as a string, and more');
		expect(ws.people.notes(buggy).current).toBe('written as a string, and more');

		// reading, or writing nothing, creates nothing
		ws.people.notes(missing).set('');
		expect(ws.layout.people.map(missing)!.has('notes')).toBe(false);
		expect(recordTexts(ws.layout.people.get(missing)!, 'notes')).toEqual([]);
		expect(ws.people.notes('no-such-record').current).toBe('');
	});

	it('shows a record written with wrong types, with warnings, and keeps the raw value', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const people = ws.layout.people;
		people.transact(
			['buggy'],
			() => {
				const map = new Y.Map<unknown>();
				map.set(SNAPSHOT_KEY, { firstName: 42, emails: 'not a list', kind: 'vip', tags: 'a,b' });
				people.set('buggy', map);
			},
			'peer',
			true
		);
		const view = ws.people.get('buggy')!;
		expect(view.record.firstName).toBe('42');
		expect(view.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['firstName', 'kind']));
		expect(ws.people.rows.find((r) => r.id === 'buggy')?.hasIssues).toBe(true);
		expect((people.map('buggy')!.get(SNAPSHOT_KEY) as { firstName: unknown }).firstName).toBe(42);
	});

	it('shows a record whose snapshot is not readable JSON, with a warning', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		ws.layout.people.transact(
			['broken'],
			() => {
				const map = new Y.Map<unknown>();
				map.set(SNAPSHOT_KEY, '{"firstName": "Broken"');
				map.set('lastName', 'Later');
				ws.layout.people.set('broken', map);
			},
			'peer',
			true
		);
		const view = ws.people.get('broken')!;
		expect(view.record.lastName).toBe('Later');
		expect(view.issues[0].field).toBe('(record)');
		expect(ws.people.rows[0].hasIssues).toBe(true);
	});

	it('soft-deletes and restores, and undo brings a deleted person back', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const id = ws.people.create({ firstName: 'Del' });
		ws.undo.stopCapturing();
		ws.people.remove(id);
		expect(ws.people.rows).toHaveLength(0);
		expect(ws.people.get(id)!.deleted).toBe(true);
		ws.undo.undo();
		expect(ws.people.rows).toHaveLength(1);
		ws.people.remove(id);
		ws.people.restore(id);
		expect(ws.people.get(id)!.deleted).toBe(false);
	});

	it('undo only reverts my own edits, not a peer’s', () => {
		const { a, b, sync } = pair();
		const id = a.people.create({ firstName: 'X' });
		sync();
		a.undo.stopCapturing();
		a.people.update(id, { title: 'mine' });
		b.people.update(id, { source: 'theirs' });
		sync();
		a.undo.undo();
		expect(a.people.get(id)!.record.title).toBe('');
		expect(a.people.get(id)!.record.source).toBe('theirs');
	});

	it('records who changed which field, from what to what, for local and peer edits', async () => {
		const { a, b, sync } = pair();
		const id = a.people.create({ firstName: 'Old' });
		await Promise.resolve();
		sync();
		b.people.update(id, { firstName: 'New' });
		await Promise.resolve();
		sync();
		const history = a.people.history(id);
		const change = history.find((h) => h.field === 'firstName')!;
		expect(change).toMatchObject({ from: 'Old', to: 'New', by: 'bob' });
		expect(history.some((h) => h.field === 'created' && h.by === 'alice')).toBe(true);
	});

	it('merges notes character by character', () => {
		const { a, b, sync } = pair();
		const id = a.people.create({ notes: 'hello world' });
		sync();
		a.people.notes(id).set('hello brave world');
		b.people.notes(id).set('hello world!');
		sync();
		expect(a.people.notes(id).current).toBe('hello brave world!');
		expect(b.people.notes(id).current).toBe('hello brave world!');
	});

	it('follows a record’s notes when a concurrent copy replaced its text (typing is kept)', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const id = ws.people.create({ notes: 'mine' });
		expect(ws.people.notes(id).current).toBe('mine');
		// What a peer's concurrent copy of the record (two devices moving one workspace) does.
		const map = ws.layout.people.map(id)!;
		map.doc!.transact(() => map.set('notes', new Y.Text('theirs')));
		expect(ws.people.notes(id).current).toBe('theirs');
		ws.people.notes(id).set('theirs, and more');
		expect((map.get('notes') as Y.Text).toString()).toBe('theirs, and more');
	});

	it('keeps people rows in step with their organization’s name and count', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const org = ws.organizations.create({ name: 'Acme' });
		const p = ws.people.create({ firstName: 'Wile', organizationId: org });
		expect(ws.people.rows[0].organizationName).toBe('Acme');
		expect(ws.organizations.rows[0].peopleCount).toBe(1);
		ws.organizations.update(org, { name: 'Acme Corp' });
		expect(ws.people.rows[0].organizationName).toBe('Acme Corp');
		ws.people.update(p, { organizationId: null });
		expect(ws.organizations.rows[0].peopleCount).toBe(0);
		expect(ws.referencing(person, 'organizationId', org)).toEqual([]);
	});

	it('bulk-tags without touching other tags, and custom fields merge one by one', () => {
		const { a, b, sync } = pair();
		const size = a.customFields.define({
			entity: 'person',
			label: 'Size',
			type: 'number',
			options: []
		});
		const vip = a.customFields.define({
			entity: 'person',
			label: 'VIP',
			type: 'boolean',
			options: []
		});
		const id = a.people.create({ tags: ['keep', 'drop'] });
		sync();
		a.people.setCustom(id, size, 12);
		b.people.setCustom(id, vip, true);
		a.people.bulkTag([id], ['new'], ['drop']);
		sync();
		const p = b.people.get(id)!.record;
		expect(p.custom[size]).toBe(12);
		expect(p.custom[vip]).toBe(true);
		expect(p.tags).toEqual(['keep', 'new']);
	});

	it('does not say there are no duplicates before it has loaded', () => {
		const before = new Workspace('ws', 'me');
		before.start();
		const ann = {
			firstName: 'Ann',
			lastName: 'Lee',
			emails: [{ label: 'work', value: 'ann@a.com' }]
		};
		before.people.create(ann);
		before.people.create(ann);
		// A warm open: the rows show from the row cache while the documents are still read.
		// Before any row (no cache): not "none found" either.
		expect(() => new Workspace('ws', 'me').findDuplicates(person)).toThrow(
			DUPLICATES_WHILE_LOADING
		);
		const opening = new Workspace('ws', 'me');
		opening.peopleLive.showCached(before.peopleLive.rows);
		expect(() => opening.findDuplicates(person)).toThrow(DUPLICATES_WHILE_LOADING);
		syncInto(opening.docs, before.docs);
		opening.start();
		expect(opening.findDuplicates(person)).toHaveLength(1);
	});

	it('merges two duplicates keeping every value', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const keep = ws.people.create({
			firstName: 'Ann',
			lastName: 'Lee',
			title: 'CEO',
			emails: [{ label: 'work', value: 'ann@a.com' }]
		});
		const other = ws.people.create({
			firstName: 'Ann',
			lastName: 'Lee',
			title: 'Chief',
			emails: [{ label: 'home', value: 'ann@b.com' }],
			phones: [{ label: 'mobile', value: '+1 555 0100' }],
			notes: 'met at fair'
		});
		expect(
			ws
				.findDuplicates(person)
				.some((d) => [d.a, d.b].sort().join() === [keep, other].sort().join())
		).toBe(true);
		ws.merge(person, keep, other);
		const merged = ws.people.get(keep)!.record;
		expect(merged.emails.map((e) => e.value).sort()).toEqual(['ann@a.com', 'ann@b.com']);
		expect(merged.phones).toHaveLength(1);
		expect(ws.people.notes(keep).current).toContain('Chief');
		expect(ws.people.notes(keep).current).toContain('met at fair');
		expect(ws.people.get(other)!.deleted).toBe(true);
		ws.undo.undo();
		expect(ws.people.get(other)!.deleted).toBe(false);
	});
});

describe('Workspace.startInSlices', () => {
	it('builds the same rows as start(), and keeps changes made while it runs', async () => {
		const source = new Workspace('ws', 'a');
		source.start();
		const org = source.organizations.create({ name: 'Acme' });
		for (let i = 0; i < 300; i++)
			source.people.create({ firstName: `P${i}`, organizationId: i % 2 ? org : null });

		const eager = new Workspace('ws', 'b', copyDocs(source.docs));
		eager.start();

		const sliced = new Workspace('ws', 'c', copyDocs(source.docs));
		let yields = 0;
		const started = sliced.startInSlices(async () => {
			if (yields++ === 10) {
				// a peer renames the organization while rows are being built
				const peer = new Workspace('ws', 'd', copyDocs(source.docs));
				peer.start();
				peer.organizations.update(org, { name: 'Acme Corp' });
				syncInto(sliced.docs, peer.docs);
			}
		}, 0);
		expect(sliced.loaded).toBe(false);
		await started;
		expect(yields).toBeGreaterThan(100); // one row per slice
		expect(sliced.loaded).toBe(true);
		const names = (ws: Workspace) => ws.people.rows.map((r) => r.name).sort();
		expect(names(sliced)).toEqual(names(eager));
		const withOrg = sliced.people.rows.filter((r) => r.organizationId === org);
		expect(withOrg).toHaveLength(150);
		expect(withOrg.every((r) => r.organizationName === 'Acme Corp')).toBe(true);
		expect(sliced.organizations.rows[0].peopleCount).toBe(150);
	});

	it('hands the list on screen its rows in the shared order, sorted between slices', async () => {
		const source = new Workspace('ws', 'a');
		source.start();
		const org = source.organizations.create({ name: 'Acme' });
		for (let i = 0; i < 200; i++)
			source.people.create({ firstName: `P${(i * 37) % 200}`, organizationId: i % 3 ? org : null });
		const sliced = new Workspace('ws', 'c', copyDocs(source.docs));
		let yields = 0;
		await sliced.startInSlices(async () => void yields++, 0, person);
		const rows = sliced.people.rows;
		expect(isInSharedOrder(rows)).toBe(true); // the list takes them as they are
		expect(rows.map((r) => r.id)).toEqual(sharedOrder(rows).map((r) => r.id));
		expect(isInSharedOrder(sliced.organizations.rows)).toBe(false); // not on screen
		expect(yields).toBeGreaterThan(200);
	});
});
