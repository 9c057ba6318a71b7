/**
 * A device that opens with cached rows builds only the rows of records changed since the cache
 * was written: its rows must equal those of a device that builds every row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from './workspace.svelte';

/** Simulates closing the app with its rows cached, then opening it again on the same document. */
function reopen(doc: Y.Doc, cache: ReturnType<typeof takeCache>) {
	const ws = new Workspace('ws', 'me', cloneDoc(doc));
	ws.peopleLive.showCached(cache.people.rows);
	ws.organizationsLive.showCached(cache.organizations.rows);
	const rebuilt = ws.startFromCache({
		people: cache.people.docSnapshot,
		organizations: cache.organizations.docSnapshot
	});
	return { ws, rebuilt };
}

function fullStart(doc: Y.Doc): Workspace {
	const ws = new Workspace('ws', 'me', cloneDoc(doc));
	ws.start();
	return ws;
}

function cloneDoc(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/** What persistence.ts saves: rows (as JSON would keep them) and the document snapshot. */
function takeCache(ws: Workspace) {
	const plain = <T>(rows: T[]): T[] => JSON.parse(JSON.stringify(rows)) as T[];
	return {
		people: { rows: plain(ws.peopleLive.rows), docSnapshot: ws.docSnapshot() },
		organizations: { rows: plain(ws.organizationsLive.rows), docSnapshot: ws.docSnapshot() }
	};
}

const byId = <T extends { id: string }>(rows: T[]) =>
	[...rows].sort((a, b) => a.id.localeCompare(b.id));

function expectSameRows(a: Workspace, b: Workspace) {
	expect(byId(a.peopleLive.rows)).toEqual(byId(b.peopleLive.rows));
	expect(byId(a.organizationsLive.rows)).toEqual(byId(b.organizationsLive.rows));
}

function seed() {
	const ws = new Workspace('ws', 'me');
	ws.start();
	const acme = ws.organizations.create({ name: 'Acme' });
	const globex = ws.organizations.create({ name: 'Globex' });
	const ids = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken'].map((firstName) =>
		ws.people.create({ firstName, organizationId: acme })
	);
	return { ws, acme, globex, ids };
}

describe('starting from cached rows', () => {
	it('rebuilds nothing when nothing changed', () => {
		const { ws } = seed();
		const { ws: reopened, rebuilt } = reopen(ws.doc, takeCache(ws));
		expect(rebuilt).toBe(0);
		expectSameRows(reopened, fullStart(ws.doc));
	});

	it('equals a full build after edits, new and deleted records, moves and renames', () => {
		const { ws, acme, globex, ids } = seed();
		const cache = takeCache(ws);
		ws.people.update(ids[0], { title: 'Countess' });
		ws.people.remove(ids[1]);
		ws.people.update(ids[2], { organizationId: globex }); // both counts change
		ws.organizations.update(acme, { name: 'Acme Corp' }); // its people show the new name
		ws.people.create({ firstName: 'Barbara', tags: ['new'] });
		// A peer's edit, arriving while this device was closed.
		const peer = new Workspace('ws', 'peer', cloneDoc(ws.doc));
		peer.start();
		peer.people.update(ids[3], { kind: 'client' });
		Y.applyUpdate(ws.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(ws.doc)));

		const { ws: reopened, rebuilt } = reopen(ws.doc, cache);
		expect(rebuilt).toBeGreaterThan(0);
		expectSameRows(reopened, fullStart(ws.doc));
		expect(reopened.peopleLive.rows.find((p) => p.id === ids[4])?.organizationName).toBe(
			'Acme Corp'
		);
	});

	it('keeps following the document after it started', () => {
		const { ws, ids } = seed();
		const { ws: reopened } = reopen(ws.doc, takeCache(ws));
		reopened.people.update(ids[0], { lastName: 'Lovelace' });
		expect(reopened.peopleLive.rows.find((p) => p.id === ids[0])?.name).toBe('Ada Lovelace');
		expect(reopened.loaded).toBe(true);
	});

	it('declines when the custom field definitions changed since (every row shows them)', () => {
		const { ws } = seed();
		const cache = takeCache(ws);
		ws.customFields.define({ entity: 'person', label: 'Tier', type: 'text', options: [] });
		const { rebuilt } = reopen(ws.doc, cache);
		expect(rebuilt).toBeNull();
	});

	it('equals a full build after any mix of changes (property)', () => {
		const op = fc.oneof(
			fc.record({ t: fc.constant('title'), who: fc.nat(9), v: fc.string({ maxLength: 4 }) }),
			fc.record({ t: fc.constant('move'), who: fc.nat(9), org: fc.nat(2) }),
			fc.record({ t: fc.constant('remove'), who: fc.nat(9) }),
			fc.record({ t: fc.constant('restore'), who: fc.nat(9) }),
			fc.record({ t: fc.constant('create'), v: fc.string({ maxLength: 4 }) }),
			fc.record({ t: fc.constant('rename'), org: fc.nat(2), v: fc.string({ maxLength: 4 }) })
		);
		type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
		fc.assert(
			fc.property(fc.array(op, { maxLength: 8 }), fc.array(op, { maxLength: 8 }), (before, after) => {
				const { ws, acme, globex, ids } = seed();
				const orgs = [acme, globex, null];
				const apply = (o: Op) => {
					const person = 'who' in o ? ids[o.who % ids.length] : '';
					if (o.t === 'title') ws.people.update(person, { title: o.v });
					else if (o.t === 'move') ws.people.update(person, { organizationId: orgs[o.org] });
					else if (o.t === 'remove') ws.people.remove(person);
					else if (o.t === 'restore') ws.people.restore(person);
					else if (o.t === 'create') ids.push(ws.people.create({ firstName: o.v }));
					else if (o.t === 'rename' && orgs[o.org]) ws.organizations.update(orgs[o.org]!, { name: o.v });
				};
				before.forEach(apply);
				const cache = takeCache(ws);
				after.forEach(apply);
				expectSameRows(reopen(ws.doc, cache).ws, fullStart(ws.doc));
			}),
			{ numRuns: 60 }
		);
	});
});
