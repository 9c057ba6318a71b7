/**
 * Moving a workspace of one document into many (legacy-migration.ts). The fixture is a
 * workspace as every version before many documents stored it: one Y.Doc whose top-level maps
 * 'people' and 'organizations' hold the records (layout.ts), with 'meta', 'members',
 * 'customFields', 'imports' and a 'history' Y.Array of StoredChange beside them. That document
 * is what the relay still serves as the core, so a device loads it into the core and moves the
 * records out from there.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { emptyOrganization, emptyPerson } from '$lib/domain/records';
import { copyDocs, docsFromUpdates, encodeDocs, syncBoth, syncInto } from './docs-testing';
import { listBatches } from './import-batch';
import {
	contentOf,
	deterministicClient,
	hasLegacyContent,
	keepMigrating,
	migrateLegacy
} from './legacy-migration';
import { encodeSnapshot, type StoredChange } from './layout';
import { DEVICE_LOAD, MIGRATION } from './origins';
import { shardDocName } from './shards';
import { Workspace } from './workspace.svelte';
import { CORE, WorkspaceDocs } from './workspace-docs';

const NOV = Date.UTC(2026, 10, 5);
const DEC = Date.UTC(2026, 11, 2);
const ACME = 'org-acme';
const ADA = 'p-ada';
const GRACE = 'p-grace';
/** Enough people that the records spread over many shards. */
const OTHERS = Array.from({ length: 30 }, (_, i) => `p-${i}`);

function legacyRecord(
	snapshot: Record<string, unknown>,
	notes: string,
	later: Record<string, unknown> = {}
) {
	const map = new Y.Map<unknown>();
	map.set('$', encodeSnapshot(snapshot));
	map.set('notes', new Y.Text(notes));
	for (const [key, value] of Object.entries(later)) map.set(key, value);
	return map;
}

/** The one-document workspace, as an update (what the device's old database or the relay holds). */
function legacyWorkspace(): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		const meta = doc.getMap('meta');
		meta.set('name', 'Acme Sales');
		meta.set('schemaVersion', 1);
		const members = doc.getMap('members');
		for (const [id, name, color] of [
			['alice', 'Alice', '#336699'],
			['bob', 'Bob', '#993366']
		]) {
			const member = new Y.Map<unknown>();
			member.set('name', name);
			member.set('color', color);
			members.set(id, member);
		}
		const size = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({
			entity: 'person',
			label: 'Shoe size',
			type: 'number',
			options: [],
			order: 1
		}))
			size.set(k, v);
		doc.getMap('customFields').set('size', size);
		const batch = new Y.Map<unknown>();
		const values = {
			at: NOV,
			by: 'alice',
			fileName: 'people.csv',
			entity: 'person',
			mode: 'skip',
			total: 30
		};
		for (const [k, v] of Object.entries({
			...values,
			created: 30,
			updated: 0,
			skipped: 0,
			status: 'done'
		}))
			batch.set(k, v);
		batch.set('previous', new Y.Map());
		doc.getMap('imports').set('imp-1', batch);

		const created = { createdAt: NOV, createdBy: 'alice' };
		const organizations = doc.getMap('organizations');
		organizations.set(
			ACME,
			legacyRecord({ ...emptyOrganization(), name: 'Acme', ...created }, 'Our oldest client')
		);
		const people = doc.getMap('people');
		people.set(
			ADA,
			legacyRecord(
				{ ...emptyPerson(), firstName: 'Ada', lastName: 'Byron', organizationId: ACME, ...created },
				'Met at the fair',
				{ lastName: 'Lovelace', 'custom:size': 38, updatedAt: DEC, updatedBy: 'bob' }
			)
		);
		people.set(
			GRACE,
			legacyRecord({ ...emptyPerson(), firstName: 'Grace', ...created }, '', {
				deletedAt: DEC + 1,
				deletedBy: 'bob',
				updatedAt: DEC + 1,
				updatedBy: 'bob'
			})
		);
		for (const [i, id] of OTHERS.entries())
			people.set(
				id,
				legacyRecord({ ...emptyPerson(), firstName: `P${i}`, importId: 'imp-1', ...created }, '')
			);

		const entry = (
			r: string,
			f: string,
			o: unknown,
			n: unknown,
			b: string,
			t: number
		): StoredChange => ({ r, f, o, n, b, t });
		doc
			.getArray<StoredChange>('history')
			.push([
				...[ACME, ADA, GRACE, ...OTHERS].map((id) =>
					entry(id, 'created', null, null, 'alice', NOV)
				),
				entry(ADA, 'lastName', 'Byron', 'Lovelace', 'bob', DEC),
				entry(ADA, 'custom:size', null, 38, 'bob', DEC - 60_000),
				entry(GRACE, 'deleted', false, true, 'bob', DEC + 1)
			]);
	});
	return Y.encodeStateAsUpdate(doc);
}

const LEGACY = legacyWorkspace();
const RECORDS = 1 + 2 + OTHERS.length;
const HISTORY_ENTRIES = RECORDS + 3;

function clock(start: number) {
	let t = start;
	return () => (t += 1_000);
}

/**
 * A device opening the workspace as persistence.ts does: the documents and the workspace first,
 * the one-document workspace loaded into the core, moved out, then started.
 */
function migratedDevice(me: string, legacy: Uint8Array = LEGACY) {
	const docs = new WorkspaceDocs();
	const ws = new Workspace('ws', me, docs, clock(DEC + 86_400_000));
	Y.applyUpdate(docs.core, legacy, DEVICE_LOAD);
	const moved = migrateLegacy(docs);
	ws.start();
	return { ws, moved };
}

/**
 * A device of the version before this one: it moved every record with all its keys, empty
 * texts too, under client ids named 'fields' (legacy-migration.ts before empty texts were left).
 */
function movedAsBefore(me: string) {
	const docs = new WorkspaceDocs();
	const ws = new Workspace('ws', me, docs, clock(DEC + 86_400_000));
	Y.applyUpdate(docs.core, LEGACY, DEVICE_LOAD);
	const as = (doc: Y.Doc, client: number, fn: () => void) => {
		const own = doc.clientID;
		doc.clientID = client;
		doc.transact(fn, MIGRATION);
		doc.clientID = own;
	};
	for (const collection of ['people', 'organizations']) {
		docs.core.getMap<Y.Map<unknown>>(collection).forEach((record, id) => {
			const doc = docs.ensure(shardDocName(collection, id));
			const shard = doc.getMap<Y.Map<unknown>>(collection);
			as(doc, deterministicClient('record', collection, id), () => shard.set(id, new Y.Map()));
			as(doc, deterministicClient('fields', collection, id, contentOf(record)), () => {
				for (const key of [...record.keys()].sort()) {
					const value = record.get(key);
					shard.get(id)!.set(key, value instanceof Y.Text ? new Y.Text(value.toString()) : value);
				}
			});
		});
	}
	migrateLegacy(docs); // the records are there: it moves the history and empties the core
	ws.start();
	return ws;
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const byId = <T extends { id: string }>(rows: T[]) =>
	[...rows].sort((a, b) => a.id.localeCompare(b.id));

/** Everything a device shows of the workspace, in an order independent of arrival. */
function read(ws: Workspace) {
	const records = (type: 'people' | 'organizations') => {
		const ids = [...ws.layout[type].keys()].sort();
		return ids.map((id) => ({
			id,
			view: ws[type].get(id),
			notes: ws[type].notes(id).current,
			history: ws[type].history(id).sort((a, b) => a.at - b.at || a.field.localeCompare(b.field))
		}));
	};
	return {
		name: ws.name,
		members: ws.members.list,
		customFields: ws.customFields.list,
		batches: listBatches(ws.docs.core),
		peopleRows: byId(ws.peopleLive.rows),
		organizationRows: byId(ws.organizationsLive.rows),
		people: records('people'),
		organizations: records('organizations'),
		historyEntries: ws.layout.history.toArray().length
	};
}

/** One record per id, and every history entry once (two copies of an entry would be equal). */
function expectNothingDoubled(ws: Workspace, people: number, entries: number) {
	expect(ws.layout.people.size).toBe(people);
	expect(new Set(ws.layout.people.keys()).size).toBe(people);
	expect(ws.layout.organizations.size).toBe(1);
	const all = ws.layout.history.toArray().map((e) => JSON.stringify(e));
	expect(all).toHaveLength(entries);
	expect(new Set(all).size).toBe(entries);
	expect(hasLegacyContent(ws.docs.core)).toBe(false);
}

describe('moving a workspace of one document into many', () => {
	it('makes every record, member, custom field, batch and history entry readable', async () => {
		const { ws, moved } = migratedDevice('alice');
		expect(moved).toBe(RECORDS);
		expect(ws.name).toBe('Acme Sales');
		expect(ws.members.list.map((m) => [m.id, m.name, m.color])).toEqual([
			['alice', 'Alice', '#336699'],
			['bob', 'Bob', '#993366']
		]);
		expect(ws.customFields.list).toMatchObject([
			{ id: 'size', label: 'Shoe size', type: 'number' }
		]);
		expect(listBatches(ws.docs.core)).toMatchObject([
			{ id: 'imp-1', fileName: 'people.csv', created: 30 }
		]);

		// records in their shards, across many documents; the core keeps none
		expect(ws.layout.people.size).toBe(RECORDS - 1);
		expect(new Set([...ws.layout.people.shards()].map(([name]) => name)).size).toBeGreaterThan(10);
		expect(ws.docs.core.getMap('people').size).toBe(0);
		const ada = ws.people.get(ADA)!;
		expect(ada.record).toMatchObject({
			firstName: 'Ada',
			lastName: 'Lovelace',
			organizationId: ACME,
			createdBy: 'alice',
			updatedBy: 'bob',
			custom: { size: 38 }
		});
		expect(ada.issues).toEqual([]);
		expect(ws.people.notes(ADA).current).toBe('Met at the fair');
		expect(ws.organizations.notes(ACME).current).toBe('Our oldest client');
		// a record moved with empty notes holds no text; typed later, its notes are kept
		expect(ws.layout.people.map(OTHERS[0])!.has('notes')).toBe(false);
		expect(ws.layout.people.map(ADA)!.get('notes')).toBeInstanceOf(Y.Text);
		ws.people.notes(OTHERS[0]).set('Called back');
		expect(ws.people.notes(OTHERS[0]).current).toBe('Called back');
		expect(ws.people.get(GRACE)!.deleted).toBe(true);
		expect(ws.people.deleted).toMatchObject([{ id: GRACE, name: 'Grace', deletedBy: 'bob' }]);
		expect(ws.peopleLive.rows).toHaveLength(RECORDS - 2);
		expect(ws.peopleLive.row(ADA)).toMatchObject({
			name: 'Ada Lovelace',
			organizationName: 'Acme'
		});
		expect(ws.organizationsLive.row(ACME)).toMatchObject({ peopleCount: 1 });

		// history, in its monthly partitions
		expect(ws.layout.history.toArray()).toHaveLength(HISTORY_ENTRIES);
		expect(ws.docs.listed()).toEqual(
			expect.arrayContaining(['history.2026-11', 'history.2026-12'])
		);
		expect(ws.people.history(ADA).map((c) => [c.field, c.from, c.to, c.by])).toEqual([
			['lastName', 'Byron', 'Lovelace', 'bob'],
			['custom:size', null, 38, 'bob'],
			['created', null, null, 'alice']
		]);

		// and the workspace works as any other: an edit, logged
		ws.people.update(ADA, { title: 'Countess' });
		await flush();
		expect(ws.people.history(ADA)[0]).toMatchObject({
			field: 'title',
			to: 'Countess',
			by: 'alice'
		});
		expectNothingDoubled(ws, RECORDS - 1, HISTORY_ENTRIES + 1);
	});

	it('doubles nothing when two devices move the same workspace offline, and keeps both devices’ edits', async () => {
		const a = migratedDevice('alice').ws;
		const b = migratedDevice('bob').ws;
		// the same records as the same Yjs structs: every shard and partition is byte for byte equal
		for (const [name, doc] of a.docs.entries()) {
			if (name === CORE) continue;
			expect(Y.encodeStateAsUpdate(b.docs.get(name)!), name).toEqual(Y.encodeStateAsUpdate(doc));
		}

		a.people.update(ADA, { title: 'Countess' });
		b.people.update(ADA, { kind: 'client' });
		b.people.notes(ADA).set('Met at the fair; wrote the first program');
		await flush();
		syncBoth(a.docs, b.docs);

		for (const ws of [a, b]) {
			expect(ws.people.get(ADA)!.record).toMatchObject({
				title: 'Countess',
				kind: 'client',
				lastName: 'Lovelace'
			});
			expect(ws.people.notes(ADA).current).toBe('Met at the fair; wrote the first program');
			expectNothingDoubled(ws, RECORDS - 1, HISTORY_ENTRIES + 2);
		}
		expect(read(b)).toEqual(read(a));
	});

	it('converges when one device edited the workspace before moving it, with nothing doubled', async () => {
		// bob, still on the old version and offline, edits Ada, adds a person and logs both
		const old = new Y.Doc();
		Y.applyUpdate(old, LEGACY);
		old.transact(() => {
			(old.getMap('people').get(ADA) as Y.Map<unknown>).set('title', 'Lady');
			old
				.getMap('people')
				.set('p-new', legacyRecord({ ...emptyPerson(), firstName: 'Newcomer' }, 'hello'));
			old.getArray<StoredChange>('history').push([
				{ r: ADA, f: 'title', o: '', n: 'Lady', b: 'bob', t: DEC + 5 },
				{ r: 'p-new', f: 'created', o: null, n: null, b: 'bob', t: DEC + 5 }
			]);
		});
		const a = migratedDevice('alice').ws;
		const b = migratedDevice('bob', Y.encodeStateAsUpdate(old)).ws;
		await flush();
		syncBoth(a.docs, b.docs);
		await flush();

		expect(read(b)).toEqual(read(a));
		for (const ws of [a, b]) {
			expectNothingDoubled(ws, RECORDS, HISTORY_ENTRIES + 2);
			// one of the two copies of Ada, whole: its title is either device's
			expect(['', 'Lady']).toContain(ws.people.get(ADA)!.record.title);
			expect(ws.people.notes(ADA).current).toBe('Met at the fair');
			expect(ws.people.get('p-new')!.record.firstName).toBe('Newcomer');
			expect(ws.people.notes('p-new').current).toBe('hello');
		}
	});

	it('converges with a device of the version before, which moved empty texts too, nothing lost or doubled', async () => {
		const a = migratedDevice('alice').ws;
		const b = movedAsBefore('bob');
		a.people.notes(OTHERS[0]).set('Alice: asked for a quote');
		a.people.update(OTHERS[1], { title: 'Buyer' });
		b.people.notes(OTHERS[0]).set('Bob: sent the brochure');
		b.people.update(OTHERS[2], { title: 'Owner' });
		await flush();
		syncBoth(a.docs, b.docs);
		await flush();

		expect(read(b)).toEqual(read(a));
		for (const ws of [a, b]) {
			expectNothingDoubled(ws, RECORDS - 1, HISTORY_ENTRIES + 2);
			const notes = ws.people.notes(OTHERS[0]).current;
			expect(notes).toContain('Alice: asked for a quote');
			expect(notes).toContain('Bob: sent the brochure');
			expect(ws.people.get(OTHERS[1])!.record.title).toBe('Buyer');
			expect(ws.people.get(OTHERS[2])!.record.title).toBe('Owner');
			expect(ws.people.notes(ADA).current).toBe('Met at the fair');
			expect(ws.people.get(ADA)!.record.lastName).toBe('Lovelace');
		}
	});

	it('changes nothing when it runs again, or when the old document arrives again', () => {
		const { ws } = migratedDevice('alice');
		const before = encodeDocs(ws.docs);
		expect(migrateLegacy(ws.docs)).toBe(0);
		Y.applyUpdate(ws.docs.core, LEGACY, 'sync'); // a relay or a stale device sends it again
		expect(hasLegacyContent(ws.docs.core)).toBe(false);
		expect(migrateLegacy(ws.docs)).toBe(0);
		expect(encodeDocs(ws.docs)).toEqual(before);
	});

	it('reads the same on a third, fresh device from the moved documents’ updates', async () => {
		const { ws: a } = migratedDevice('alice');
		a.people.update(ADA, { title: 'Countess' });
		await flush();
		const updates = encodeDocs(a.docs);

		// a device that loads them
		const loaded = new Workspace('ws', 'carol', docsFromUpdates(updates));
		loaded.start();
		expect(read(loaded)).toEqual(read(a));

		// a device already open, reading a record before its documents arrive from the relay
		const fresh = new Workspace('ws', 'carol', new WorkspaceDocs());
		fresh.start();
		expect(fresh.people.history(ADA)).toEqual([]);
		Y.applyUpdate(fresh.docs.core, updates.get(CORE)!, 'sync'); // the directory opens the others
		for (const [name, update] of updates)
			if (name !== CORE) Y.applyUpdate(fresh.docs.open(name), update, 'sync');
		expect(migrateLegacy(fresh.docs)).toBe(0);
		expect(read(fresh)).toEqual(read(a));
	});

	it('moves a record an older version adds to the core later', async () => {
		const { ws } = migratedDevice('alice');
		const stop = keepMigrating(ws.docs);
		// a device still on the old version, which had the workspace before, creates a person
		const old = new Y.Doc();
		Y.applyUpdate(old, LEGACY);
		const sv = Y.encodeStateVector(old);
		old.getMap('people').set('p-late', legacyRecord({ ...emptyPerson(), firstName: 'Late' }, ''));
		Y.applyUpdate(ws.docs.core, Y.encodeStateAsUpdate(old, sv), 'sync');
		await flush();
		expect(ws.people.get('p-late')!.record.firstName).toBe('Late');
		expect(ws.peopleLive.row('p-late')?.name).toBe('Late');
		expect(hasLegacyContent(ws.docs.core)).toBe(false);
		stop();

		// and another device, syncing with this one, has it once
		const other = new Workspace('ws', 'bob', copyDocs(ws.docs));
		other.start();
		syncInto(other.docs, ws.docs);
		expectNothingDoubled(other, RECORDS, HISTORY_ENTRIES);
	});
});
