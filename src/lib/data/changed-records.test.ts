import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { changedRecords, changedSince } from './changed-records';
import { layoutOf } from './layout';

function workspaceWith(ids: string[]) {
	const doc = new Y.Doc();
	const layout = layoutOf(doc);
	for (const id of ids) {
		const record = new Y.Map<unknown>();
		layout.people.set(id, record);
		record.set('$', JSON.stringify({ firstName: id }));
		record.set('notes', new Y.Text());
	}
	return { doc, layout };
}

const svOf = (doc: Y.Doc) => Y.decodeSnapshot(Y.encodeSnapshot(Y.snapshot(doc)));

describe('changedRecords', () => {
	it('finds nothing when nothing happened since', () => {
		const { doc, layout } = workspaceWith(['a', 'b']);
		expect(changedRecords(layout.people, svOf(doc))).toEqual(new Set());
	});

	it('finds edited, created, soft-deleted and removed records, by this or another peer', () => {
		const { doc, layout } = workspaceWith(['a', 'b', 'c', 'd', 'e']);
		const since = svOf(doc);
		layout.people.get('a')!.set('title', 'CEO');
		layout.people.get('b')!.set('deletedAt', 1);
		layout.people.delete('c');
		layout.people.set('f', new Y.Map());
		// A peer that had synced, then edited d.
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		(layoutOf(peer).people.get('d') as Y.Map<unknown>).set('custom:x', 3);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
		expect(changedRecords(layout.people, since)).toEqual(new Set(['a', 'b', 'c', 'd', 'f']));
	});

	it('counts a key removed since, which writes no item, but not one removed before', () => {
		const { doc, layout } = workspaceWith(['a', 'b']);
		layout.people.get('a')!.set('title', 'CEO');
		layout.people.get('b')!.set('title', 'CTO');
		layout.people.get('b')!.delete('title');
		const since = svOf(doc);
		layout.people.get('a')!.delete('title');
		expect(changedRecords(layout.people, since)).toEqual(new Set(['a']));
	});

	it('ignores typing in notes, which rows do not show', () => {
		const { doc, layout } = workspaceWith(['a']);
		const since = svOf(doc);
		(layout.people.get('a')!.get('notes') as Y.Text).insert(0, 'called today');
		expect(changedRecords(layout.people, since)).toEqual(new Set());
	});

	it('treats everything as changed against an empty snapshot', () => {
		const { layout } = workspaceWith(['a', 'b']);
		expect(changedRecords(layout.people, Y.emptySnapshot)).toEqual(new Set(['a', 'b']));
	});
});

describe('changedSince', () => {
	it('sees a change deep inside nested maps, and none otherwise', () => {
		const doc = new Y.Doc();
		const defs = layoutOf(doc).customFields;
		const def = new Y.Map<unknown>();
		defs.set('f1', def);
		def.set('label', 'Tier');
		const since = svOf(doc);
		expect(changedSince(defs, since)).toBe(false);
		def.set('label', 'Level');
		expect(changedSince(defs, since)).toBe(true);
	});

	it('sees a definition removed since, but not one removed before', () => {
		const doc = new Y.Doc();
		const defs = layoutOf(doc).customFields;
		defs.set('old', new Y.Map());
		defs.delete('old');
		defs.set('f1', new Y.Map());
		const since = svOf(doc);
		expect(changedSince(defs, since)).toBe(false);
		defs.delete('f1');
		expect(changedSince(defs, since)).toBe(true);
	});
});
