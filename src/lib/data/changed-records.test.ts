import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { changedRecords, changedSince } from './changed-records';
import { copyDocs, syncInto } from './docs-testing';
import { layoutOf, type Collection } from './layout';
import { WorkspaceDocs } from './workspace-docs';
import { LOCAL_EDIT } from './origins';
import { TEXT_SEARCH_CAP } from '$lib/domain/search';

function workspaceWith(ids: string[]) {
	const docs = new WorkspaceDocs();
	const layout = layoutOf(docs);
	layout.people.transact(
		ids,
		(id) => {
			const record = new Y.Map<unknown>();
			layout.people.set(id, record);
			record.set('$', JSON.stringify({ firstName: id }));
			record.set('notes', new Y.Text());
		},
		LOCAL_EDIT,
		true
	);
	return { docs, layout };
}

const snapshotOf = (doc: Y.Doc) => Y.decodeSnapshot(Y.encodeSnapshot(Y.snapshot(doc)));

/** Every open document's snapshot, by name (what the row cache stores). */
function snapshotsOf(docs: WorkspaceDocs): Map<string, Y.Snapshot> {
	return new Map([...docs.entries()].map(([name, doc]) => [name, snapshotOf(doc)]));
}

/** changedRecords over every shard, as startFromCache reads it (a new shard: all its records). */
function changedIn(collection: Collection, since: Map<string, Y.Snapshot>): Set<string> {
	const changed = new Set<string>();
	for (const [name, shard] of collection.shards())
		for (const id of changedRecords(shard, since.get(name) ?? Y.emptySnapshot)) changed.add(id);
	return changed;
}

/** Runs `fn` on a record in its shard's transaction. */
function edit(collection: Collection, id: string, fn: (record: Y.Map<unknown>) => void): void {
	collection.transact([id], () => fn(collection.map(id)!), LOCAL_EDIT);
}

/** Many ids, so the records fall in many shards. */
const IDS = Array.from({ length: 40 }, (_, i) => `r${i}`);

describe('changedRecords', () => {
	it('finds nothing when nothing happened since', () => {
		const { docs, layout } = workspaceWith(IDS);
		expect(new Set([...layout.people.shards()].map(([name]) => name)).size).toBeGreaterThan(10);
		expect(changedIn(layout.people, snapshotsOf(docs))).toEqual(new Set());
	});

	it('finds edited, created, soft-deleted and removed records, by this or another peer', () => {
		const { docs, layout } = workspaceWith(IDS);
		const since = snapshotsOf(docs);
		edit(layout.people, 'r1', (r) => r.set('title', 'CEO'));
		edit(layout.people, 'r2', (r) => r.set('deletedAt', 1));
		// removed outright (the collection has no delete: a shard's map does)
		const shardOfR3 = new Map(layout.people.shards()).get(layout.people.docNameOf('r3'))!;
		layout.people.transact(['r3'], () => shardOfR3.delete('r3'), LOCAL_EDIT);
		layout.people.transact(['new'], () => layout.people.set('new', new Y.Map()), LOCAL_EDIT, true);
		// A peer that had synced, then edited r4.
		const peer = copyDocs(docs);
		const peerPeople = layoutOf(peer).people;
		edit(peerPeople, 'r4', (r) => r.set('custom:x', 3));
		syncInto(docs, peer);
		expect(layout.people.has('r3')).toBe(false);
		expect(changedIn(layout.people, since)).toEqual(new Set(['r1', 'r2', 'r3', 'r4', 'new']));
	});

	it('reads one shard against its own snapshot, not another shard’s', () => {
		const { docs, layout } = workspaceWith(IDS);
		const since = snapshotsOf(docs);
		edit(layout.people, 'r5', (r) => r.set('title', 'CEO'));
		const shardOfR5 = layout.people.docNameOf('r5');
		for (const [name, shard] of layout.people.shards()) {
			const expected = name === shardOfR5 ? new Set(['r5']) : new Set();
			expect(changedRecords(shard, since.get(name)!)).toEqual(expected);
		}
	});

	it('counts a key removed since, which writes no item, but not one removed before', () => {
		const { docs, layout } = workspaceWith(IDS);
		edit(layout.people, 'r1', (r) => r.set('title', 'CEO'));
		edit(layout.people, 'r2', (r) => r.set('title', 'CTO'));
		edit(layout.people, 'r2', (r) => r.delete('title'));
		const since = snapshotsOf(docs);
		edit(layout.people, 'r1', (r) => r.delete('title'));
		expect(changedIn(layout.people, since)).toEqual(new Set(['r1']));
	});

	it('sees typing in the start of the notes, which search reads, and none further on', () => {
		const { docs, layout } = workspaceWith(IDS);
		const notes = (r: Y.Map<unknown>) => r.get('notes') as Y.Text;
		edit(layout.people, 'r2', (r) => notes(r).insert(0, 'x'.repeat(TEXT_SEARCH_CAP)));
		const since = snapshotsOf(docs);
		edit(layout.people, 'r1', (r) => notes(r).insert(0, 'vegetarian'));
		edit(layout.people, 'r2', (r) => notes(r).insert(TEXT_SEARCH_CAP, ' smoked'));
		expect(changedIn(layout.people, since)).toEqual(new Set(['r1']));
		const later = snapshotsOf(docs);
		edit(layout.people, 'r2', (r) => notes(r).delete(3, 1));
		expect(changedIn(layout.people, later)).toEqual(new Set(['r2']));
	});

	it('treats everything as changed against an empty snapshot', () => {
		const { layout } = workspaceWith(IDS);
		expect(changedIn(layout.people, new Map())).toEqual(new Set(IDS));
	});
});

describe('changedSince', () => {
	it('sees a change deep inside nested maps, and none otherwise', () => {
		const docs = new WorkspaceDocs();
		const defs = layoutOf(docs).customFields;
		const def = new Y.Map<unknown>();
		defs.set('f1', def);
		def.set('label', 'Tier');
		const since = snapshotOf(docs.core);
		expect(changedSince(defs, since)).toBe(false);
		def.set('label', 'Level');
		expect(changedSince(defs, since)).toBe(true);
	});

	it('sees a definition removed since, but not one removed before', () => {
		const docs = new WorkspaceDocs();
		const defs = layoutOf(docs).customFields;
		defs.set('old', new Y.Map());
		defs.delete('old');
		defs.set('f1', new Y.Map());
		const since = snapshotOf(docs.core);
		expect(changedSince(defs, since)).toBe(false);
		defs.delete('f1');
		expect(changedSince(defs, since)).toBe(true);
	});

	it('does not see records written in other documents', () => {
		const { docs, layout } = workspaceWith(['a']);
		const since = snapshotOf(docs.core);
		edit(layout.people, 'a', (r) => r.set('title', 'CEO'));
		layout.people.transact(['b'], () => layout.people.set('b', new Y.Map()), LOCAL_EDIT, true);
		expect(changedSince(layout.customFields, since)).toBe(false);
	});
});
