/**
 * A device that opens with cached rows builds only the rows of records changed since the cache
 * was written: its rows must equal those of a device that builds every row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { RECORD_TYPES, organization, person } from '$lib/domain/record-types';
import { copyDocs, syncInto } from './docs-testing';
import { Workspace } from './workspace.svelte';
import { Slices } from './slices';
import { notedDelta, reorder, sharedOrder } from '$lib/domain/shared-order';
import type { WorkspaceDocs } from './workspace-docs';

/** Simulates closing the app with its rows cached, then opening it again on the same documents. */
async function reopen(docs: WorkspaceDocs, cache: ReturnType<typeof takeCache>) {
	const ws = new Workspace('ws', 'me', copyDocs(docs));
	ws.peopleLive.showCached(cache.people.rows);
	ws.organizationsLive.showCached(cache.organizations.rows);
	const rebuilt = await ws.startFromCache(cache.since);
	return { ws, rebuilt };
}

function fullStart(docs: WorkspaceDocs): Workspace {
	const ws = new Workspace('ws', 'me', copyDocs(docs));
	ws.start();
	return ws;
}

/** What persistence.ts saves: rows (as JSON would keep them) and the documents' snapshots. */
function takeCache(ws: Workspace) {
	const plain = <T>(rows: T[]): T[] => JSON.parse(JSON.stringify(rows)) as T[];
	return {
		people: { rows: plain(ws.peopleLive.rows), docSnapshots: ws.docSnapshots(person) },
		organizations: {
			rows: plain(ws.organizationsLive.rows),
			docSnapshots: ws.docSnapshots(organization)
		},
		/** Every type's snapshots, as startFromCache takes them (types with no records too). */
		since: Object.fromEntries(RECORD_TYPES.map((t) => [t.name, ws.docSnapshots(t)]))
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
	it('rebuilds nothing when nothing changed', async () => {
		const { ws } = seed();
		const { ws: reopened, rebuilt } = await reopen(ws.docs, takeCache(ws));
		expect(rebuilt).toBe(0);
		expectSameRows(reopened, fullStart(ws.docs));
	});

	it('gives a cached row the id its document holds, and none for a record it does not', async () => {
		const { ws, ids } = seed();
		const cache = takeCache(ws);
		const people = ws.layout.people;
		expect(people.heldId(ids[0])).toBe(ids[0]);
		expect(people.heldId('no-such-person')).toBeNull();
		// Gone from its document (a buggy peer's delete of the map, not a soft delete).
		(people.map(ids[1])!.parent as Y.Map<unknown>).delete(ids[1]);
		expect(people.heldId(ids[1])).toBeNull();
		const { ws: reopened } = await reopen(ws.docs, cache);
		expect(reopened.peopleLive.rows.map((row) => row.id).sort()).toEqual(
			ids.filter((id) => id !== ids[1]).sort()
		);
	});

	it('equals a full build after edits, new and deleted records, moves and renames', async () => {
		const { ws, acme, globex, ids } = seed();
		const cache = takeCache(ws);
		ws.people.update(ids[0], { title: 'Countess' });
		ws.people.remove(ids[1]);
		ws.people.update(ids[2], { organizationId: globex }); // both counts change
		ws.organizations.update(acme, { name: 'Acme Corp' }); // its people show the new name
		ws.people.create({ firstName: 'Barbara', tags: ['new'] });
		// A peer's edit, arriving while this device was closed.
		const peer = new Workspace('ws', 'peer', copyDocs(ws.docs));
		peer.start();
		peer.people.update(ids[3], { kind: 'client' });
		syncInto(ws.docs, peer.docs);

		const { ws: reopened, rebuilt } = await reopen(ws.docs, cache);
		expect(rebuilt).toBeGreaterThan(0);
		expectSameRows(reopened, fullStart(ws.docs));
		expect(reopened.peopleLive.rows.find((p) => p.id === ids[4])?.organizationName).toBe(
			'Acme Corp'
		);
	});

	it('notes what changed from the rows on screen, so the list merges only that', async () => {
		const { ws, ids } = seed();
		const cache = takeCache(ws);
		ws.people.update(ids[0], { firstName: 'Zelda' });
		ws.people.remove(ids[1]);
		ws.people.create({ firstName: 'Barbara' });
		const reopened = new Workspace('ws', 'me', copyDocs(ws.docs));
		const shown = sharedOrder(cache.people.rows); // as the list put them
		reopened.peopleLive.showCached(shown);
		reopened.organizationsLive.showCached(cache.organizations.rows);
		await reopened.startFromCache(cache.since);
		const rows = reopened.peopleLive.rows;
		expect(notedDelta(rows, shown)).not.toBeNull();
		const merged = reorder(shown, shown, rows)!;
		expect(merged.map((r) => r.id)).toEqual(sharedOrder(rows).map((r) => r.id));
		expect(merged.find((r) => r.id === ids[0])?.name).toBe('Zelda');
	});

	it('hands the list the very order it showed when nothing changed', async () => {
		const { ws } = seed();
		const cache = takeCache(ws);
		const reopened = new Workspace('ws', 'me', copyDocs(ws.docs));
		const shown = sharedOrder(cache.people.rows);
		reopened.peopleLive.showCached(shown);
		reopened.organizationsLive.showCached(cache.organizations.rows);
		await reopened.startFromCache(cache.since);
		expect(reorder(shown, shown, reopened.peopleLive.rows)).toBe(shown);
	});

	it('keeps following the document after it started', async () => {
		const { ws, ids } = seed();
		const { ws: reopened } = await reopen(ws.docs, takeCache(ws));
		reopened.people.update(ids[0], { lastName: 'Lovelace' });
		expect(reopened.peopleLive.rows.find((p) => p.id === ids[0])?.name).toBe('Ada Lovelace');
		expect(reopened.loaded).toBe(true);
	});

	it('declines when the custom field definitions changed since (every row shows them)', async () => {
		const { ws } = seed();
		const cache = takeCache(ws);
		ws.customFields.define({ entity: 'person', label: 'Tier', type: 'text', options: [] });
		const { rebuilt } = await reopen(ws.docs, cache);
		expect(rebuilt).toBeNull();
	});

	it('declines without every type’s snapshots, or with unreadable ones', async () => {
		const { ws } = seed();
		const cache = takeCache(ws);
		const opened = () => new Workspace('ws', 'me', copyDocs(ws.docs));
		expect(await opened().startFromCache({ [person.name]: cache.people.docSnapshots })).toBeNull();
		const damaged = { ...cache.people.docSnapshots, '': new Uint8Array([255, 255, 255]) };
		expect(await opened().startFromCache({ ...cache.since, [person.name]: damaged })).toBeNull();
	});

	it('builds the records of a shard made after the cache was written, by a peer too', async () => {
		const { ws } = seed();
		const cache = takeCache(ws);
		const shardsBefore = new Set([...ws.layout.people.shards()].map(([name]) => name));
		const peer = new Workspace('ws', 'peer', copyDocs(ws.docs));
		peer.start();
		// new people until one lands in a shard the cache has no snapshot of
		let added: string;
		do added = peer.people.create({ firstName: 'Newcomer' });
		while (shardsBefore.has(peer.layout.people.docNameOf(added)));
		syncInto(ws.docs, peer.docs);

		const { ws: reopened, rebuilt } = await reopen(ws.docs, cache);
		expect(rebuilt).toBeGreaterThan(0);
		expect(reopened.peopleLive.row(added)?.name).toBe('Newcomer');
		expectSameRows(reopened, fullStart(ws.docs));
	});

	it('builds the same rows when it yields between every step (as in the browser)', async () => {
		const { ws } = seed();
		const cache = takeCache(ws);
		ws.people.create({ firstName: 'Later' });
		const reopened = new Workspace('ws', 'me', copyDocs(ws.docs));
		reopened.peopleLive.showCached(cache.people.rows);
		reopened.organizationsLive.showCached(cache.organizations.rows);
		let pauses = 0;
		const slices = new Slices(async () => void pauses++, 0);
		const rebuilt = await reopened.startFromCache(cache.since, slices);
		expect(rebuilt).toBeGreaterThan(0);
		expect(pauses).toBeGreaterThan(3);
		expectSameRows(reopened, fullStart(ws.docs));
	});

	it('equals a full build after any mix of changes (property)', async () => {
		const op = fc.oneof(
			fc.record({ t: fc.constant('title'), who: fc.nat(9), v: fc.string({ maxLength: 4 }) }),
			fc.record({ t: fc.constant('move'), who: fc.nat(9), org: fc.nat(2) }),
			fc.record({ t: fc.constant('remove'), who: fc.nat(9) }),
			fc.record({ t: fc.constant('restore'), who: fc.nat(9) }),
			fc.record({ t: fc.constant('create'), v: fc.string({ maxLength: 4 }) }),
			fc.record({ t: fc.constant('rename'), org: fc.nat(2), v: fc.string({ maxLength: 4 }) })
		);
		type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
		await fc.assert(
			fc.asyncProperty(
				fc.array(op, { maxLength: 8 }),
				fc.array(op, { maxLength: 8 }),
				async (before, after) => {
					const { ws, acme, globex, ids } = seed();
					const orgs = [acme, globex, null];
					const apply = (o: Op) => {
						const person = 'who' in o ? ids[o.who % ids.length] : '';
						if (o.t === 'title') ws.people.update(person, { title: o.v });
						else if (o.t === 'move') ws.people.update(person, { organizationId: orgs[o.org] });
						else if (o.t === 'remove') ws.people.remove(person);
						else if (o.t === 'restore') ws.people.restore(person);
						else if (o.t === 'create') ids.push(ws.people.create({ firstName: o.v }));
						else if (o.t === 'rename' && orgs[o.org])
							ws.organizations.update(orgs[o.org]!, { name: o.v });
					};
					before.forEach(apply);
					const cache = takeCache(ws);
					after.forEach(apply);
					expectSameRows((await reopen(ws.docs, cache)).ws, fullStart(ws.docs));
				}
			),
			{ numRuns: 60 }
		);
	});
});
