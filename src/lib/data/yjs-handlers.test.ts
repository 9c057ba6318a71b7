import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import './yjs-handlers';

/** A document with one record (a Y.Map with a notes text), as a peer's update brings it. */
function receivedRecord(): { doc: Y.Doc; record: Y.Map<unknown>; notes: Y.Text } {
	const peer = new Y.Doc();
	const record = new Y.Map<unknown>();
	peer.getMap('people').set('p1', record);
	record.set('$', '{"firstName":"Ada"}');
	const notes = new Y.Text('first words');
	record.set('notes', notes);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
	const mine = doc.getMap('people').get('p1') as Y.Map<unknown>;
	return { doc, record: mine, notes: mine.get('notes') as Y.Text };
}

describe('Yjs event handlers made on first use', () => {
	it('a type nobody listens to holds no handler of its own', () => {
		const { record, notes } = receivedRecord();
		for (const type of [record, notes]) {
			expect(Object.getOwnPropertyNames(type)).not.toContain('_eH');
			expect(Object.getOwnPropertyNames(type)).not.toContain('_dEH');
			expect(type._eH).toBe(notes._eH); // the one shared, empty handler
			expect(Object.isFrozen(type._eH.l)).toBe(true);
		}
	});

	it('observe and observeDeep still tell their listeners, and stop when asked', () => {
		const { doc, record, notes } = receivedRecord();
		const seen: string[] = [];
		const onRecord = (event: Y.YMapEvent<unknown>) => seen.push(`map ${[...event.keysChanged]}`);
		const onDeep = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
			seen.push(`deep ${events.length}`);
		const onNotes = (event: Y.YTextEvent) => seen.push(`text ${event.delta.length}`);
		const onRoot = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
			seen.push(`root ${events.map((e) => e.path.join('/')).join()}`);
		record.observe(onRecord);
		record.observeDeep(onDeep);
		notes.observe(onNotes);
		doc.getMap('people').observeDeep(onRoot);

		record.set('city', 'Leeds');
		notes.insert(0, 'Called: ');
		expect(seen).toEqual(['map city', 'deep 1', 'root p1', 'text 1', 'deep 1', 'root p1/notes']);
		// Another type's listeners are its own: a new record's map tells nobody but the root.
		seen.length = 0;
		doc.getMap('people').set('p2', new Y.Map());
		expect(seen).toEqual(['root ']);

		seen.length = 0;
		record.unobserve(onRecord);
		record.unobserveDeep(onDeep);
		notes.unobserve(onNotes);
		record.set('city', 'York');
		notes.insert(0, '!');
		expect(seen).toEqual(['root p1', 'root p1/notes']);
	});

	it('unobserving a type never listened to changes nothing', () => {
		const { record } = receivedRecord();
		expect(() => record.unobserve(() => {})).not.toThrow();
		expect(() => record.unobserveDeep(() => {})).not.toThrow();
		expect(record._eH.l).toHaveLength(0);
	});

	it('undo and redo of a record’s edit work as before', () => {
		const { doc, record } = receivedRecord();
		const undo = new Y.UndoManager(doc.getMap('people'));
		record.set('city', 'Leeds');
		undo.stopCapturing();
		record.set('city', 'York');
		undo.undo();
		expect(record.get('city')).toBe('Leeds');
		undo.redo();
		expect(record.get('city')).toBe('York');
	});

	it('Yjs reads the handlers only where this was written against (update it with Yjs)', () => {
		// The accessors stand in for every read; a Yjs that reads them elsewhere (or builds them
		// another way) must be looked at before it is taken.
		const require = createRequire(import.meta.url);
		const source = readFileSync(require.resolve('yjs').replace(/\.cjs$/, '.mjs'), 'utf8');
		expect(source.match(/_eH\b/g)).toHaveLength(4);
		expect(source.match(/_dEH\b/g)).toHaveLength(5);
	});
});
