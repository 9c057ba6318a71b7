import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	changedRootTexts,
	ensureRecordText,
	recordTexts,
	recordTextValue,
	textOwner,
	textRootName
} from './record-texts';
import { JoinedSharedText } from './shared-text.svelte';

/** A shard document of people with one record made on it, as the app makes one without notes. */
function shardWith(id: string): { doc: Y.Doc; people: Y.Map<Y.Map<unknown>> } {
	const doc = new Y.Doc();
	const people = doc.getMap('people') as Y.Map<Y.Map<unknown>>;
	const record = new Y.Map<unknown>();
	record.set('$', '{"firstName":"Ada"}');
	people.set(id, record);
	return { doc, people };
}

function exchange(a: Y.Doc, b: Y.Doc): void {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

describe('record texts', () => {
	it('two devices typing the first notes of a record at once, offline, keep both', () => {
		const a = shardWith('p1');
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
		const onB = b.getMap('people') as Y.Map<Y.Map<unknown>>;
		ensureRecordText(a.people.get('p1')!, 'notes')!.insert(0, 'Called Monday.');
		ensureRecordText(onB.get('p1')!, 'notes')!.insert(0, 'Sent the quote.');
		exchange(a.doc, b);
		const onA = recordTextValue(a.people.get('p1')!, 'notes');
		expect(onA).toBe(recordTextValue(onB.get('p1')!, 'notes'));
		expect(onA).toContain('Called Monday.');
		expect(onA).toContain('Sent the quote.');

		// What nested texts made at once would have done: one device's text, and its typing, lost.
		const c = shardWith('p2');
		const d = new Y.Doc();
		Y.applyUpdate(d, Y.encodeStateAsUpdate(c.doc));
		const onD = d.getMap('people') as Y.Map<Y.Map<unknown>>;
		c.people.get('p2')!.set('notes', new Y.Text('Called Monday.'));
		onD.get('p2')!.set('notes', new Y.Text('Sent the quote.'));
		exchange(c.doc, d);
		expect(String(c.people.get('p2')!.get('notes'))).not.toContain('Called Monday.Sent');
		expect(
			['Called Monday.', 'Sent the quote.'].filter((t) =>
				String(c.people.get('p2')!.get('notes')).includes(t)
			)
		).toHaveLength(1);
	});

	it('a record made without notes holds no text, nested or at the root, until one is typed', () => {
		const { doc, people } = shardWith('p1');
		const record = people.get('p1')!;
		expect(recordTexts(record, 'notes')).toEqual([]);
		expect(recordTextValue(record, 'notes')).toBe('');
		expect([...doc.share.keys()]).toEqual(['people']);
		const text = ensureRecordText(record, 'notes')!;
		expect(text.parent).toBe(null);
		expect(doc.share.get(textRootName('p1', 'notes'))).toBe(text);
		expect(textOwner(text, () => false)).toEqual({ id: 'p1', field: 'notes' });
	});

	it('a record written before types into its nested text, and a record with both reads them joined', () => {
		const { people } = shardWith('p1');
		const record = people.get('p1')!;
		const nested = new Y.Text('From the old version.');
		record.set('notes', nested);
		expect(ensureRecordText(record, 'notes')).toBe(nested);
		expect(textOwner(nested, (t) => t === people)).toEqual({ id: 'p1', field: 'notes' });
		// Typed at the root before the nested text arrived (a record that came in pieces).
		record.doc!.getText(textRootName('p1', 'notes')).insert(0, 'Typed meanwhile.');
		expect(recordTexts(record, 'notes')).toHaveLength(2);
		expect(recordTextValue(record, 'notes')).toBe('From the old version.\nTyped meanwhile.');
	});

	it("tells a root text's changes, also its first arrival from a peer, not a new record's", () => {
		const a = shardWith('p1');
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
		const onB = b.getMap('people') as Y.Map<Y.Map<unknown>>;
		const told: { id: string; field: string; delta: unknown }[] = [];
		b.on('afterTransaction', (tr: Y.Transaction) => {
			for (const t of changedRootTexts(tr, (id) => onB._map.get(id)))
				told.push({ id: t.id, field: t.field, delta: t.event.delta });
		});

		ensureRecordText(a.people.get('p1')!, 'notes')!.insert(0, 'Hello');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b)));
		expect(told).toEqual([{ id: 'p1', field: 'notes', delta: [{ insert: 'Hello' }] }]);
		expect(recordTextValue(onB.get('p1')!, 'notes')).toBe('Hello');

		// Read as a Y.Text while the transaction that brought it is still being told.
		told.length = 0;
		ensureRecordText(a.people.get('p1')!, 'subject')!.insert(0, 'Hi');
		const readEarly = () => recordTexts(onB.get('p1')!, 'subject');
		b.once('beforeObserverCalls', readEarly);
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b)));
		expect(told).toEqual([{ id: 'p1', field: 'subject', delta: [{ insert: 'Hi' }] }]);

		// A record made with a text in one transaction: new as a whole, like a nested text.
		told.length = 0;
		a.doc.transact(() => {
			const record = new Y.Map<unknown>();
			a.people.set('p2', record);
			ensureRecordText(record, 'notes')!.insert(0, 'New');
		});
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b)));
		expect(told).toEqual([]);
		expect(recordTextValue(onB.get('p2')!, 'notes')).toBe('New');
	});
});

/** A record whose notes are 'abc' nested and 'def' in its root text, seen joined. */
function withBothTexts() {
	const doc = new Y.Doc();
	const nested = doc.getMap('people').set('p1', new Y.Map<unknown>()) as Y.Map<unknown>;
	const first = nested.set('notes', new Y.Text('abc')) as Y.Text;
	const second = doc.getText(textRootName('p1', 'notes'));
	second.insert(0, 'def');
	return { doc, nested, first, second, joined: new JoinedSharedText([first, second]) };
}

describe('a record with both texts, typed into', () => {
	it('writes each edit into the text it is typed in; the line between them stays', () => {
		const { nested, first, second, joined } = withBothTexts();
		expect(joined.current).toBe('abc\ndef');
		// One edit at a time, as a text box sends them.
		joined.set('abXc\ndef');
		joined.set('abXc\ndef!');
		expect([first.toString(), second.toString()]).toEqual(['abXc', 'def!']);
		joined.set('ab\nef!'); // across the line: each text loses its part
		expect([first.toString(), second.toString()]).toEqual(['ab', 'ef!']);
		joined.set('Zab\nef!');
		expect(first.toString()).toBe('Zab');
		expect(recordTextValue(nested, 'notes')).toBe(joined.current);
		// Two places at once: one span, written where it starts; what is shown is what was set.
		joined.set('Zab!\nef?');
		expect(joined.current).toBe('Zab!\nef?');
		expect(recordTextValue(nested, 'notes')).toBe('Zab!\nef?');
	});

	it('deleting the line between them joins them: the line does not come back', () => {
		const { doc, nested, first, second, joined } = withBothTexts();
		joined.set('abcdef'); // Delete at the end of the first line
		expect(joined.current).toBe('abcdef');
		expect([first.toString(), second.toString()]).toEqual(['abcdef', '']);
		expect(recordTextValue(nested, 'notes')).toBe('abcdef');

		// Across the line, replaced by words without one; and a peer typing meanwhile keeps theirs.
		second.insert(0, 'ghi');
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		expect(joined.current).toBe('abcdef\nghi');
		joined.set('abcdeXhi');
		expect(joined.current).toBe('abcdeXhi');
		peer.getText(textRootName('p1', 'notes')).insert(3, ' (peer)');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
		expect(joined.current).toBe('abcdeXhi\n (peer)');
	});
});
