import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { applyReceived } from './apply-received';

const RELAY = { relay: true };

function editOf(fill: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
	const doc = new Y.Doc();
	if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(doc);
	fill(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

function listen(doc: Y.Doc) {
	const seen: Array<{ update: Uint8Array; origin: unknown }> = [];
	doc.on('update', (update: Uint8Array, origin: unknown) => seen.push({ update, origin }));
	return seen;
}

describe('applyReceived', () => {
	it('hands the listeners the received bytes, not a new encoding, once the document took them', () => {
		const doc = new Y.Doc();
		const seen = listen(doc);
		const update = editOf((d) => d.getMap('people').set('p1', 'Ada'));
		const encode = vi.spyOn(Y.UpdateEncoderV1.prototype, 'toUint8Array');
		applyReceived(doc, update, RELAY);
		expect(encode).not.toHaveBeenCalled();
		encode.mockRestore();
		expect(doc.getMap('people').get('p1')).toBe('Ada');
		expect(seen).toHaveLength(1);
		expect(seen[0].update).toBe(update);
		expect(seen[0].origin).toBe(RELAY);
	});

	it('tells nobody of an update the document holds already', () => {
		const doc = new Y.Doc();
		const update = editOf((d) => d.getMap('people').set('p1', 'Ada'));
		Y.applyUpdate(doc, update);
		const seen = listen(doc);
		applyReceived(doc, update, RELAY);
		expect(seen).toHaveLength(0);
	});

	it('tells of a deletion alone', () => {
		const source = new Y.Doc();
		source.getMap('people').set('p1', 'Ada');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
		const seen = listen(doc);
		const deletion = editOf((d) => d.getMap('people').delete('p1'), source);
		applyReceived(doc, deletion, RELAY);
		expect(doc.getMap('people').has('p1')).toBe(false);
		expect(seen).toHaveLength(1);
	});

	it('stores what waits for a missing dependency, and the two apply anywhere in either order', () => {
		const source = new Y.Doc();
		const first = editOf((d) => d.getMap('people').set('p1', 'Ada'));
		Y.applyUpdate(source, first);
		const second = editOf((d) => d.getMap('people').set('p1', 'Grace'), source);
		const doc = new Y.Doc();
		const seen = listen(doc);
		applyReceived(doc, second, RELAY);
		expect(doc.getMap('people').get('p1')).toBeUndefined();
		applyReceived(doc, first, RELAY);
		expect(doc.getMap('people').get('p1')).toBe('Grace');
		const stored = new Y.Doc();
		for (const { update } of seen) Y.applyUpdate(stored, update);
		expect(stored.getMap('people').get('p1')).toBe('Grace');
	});

	it('keeps its listeners after a malformed update, and after one an observer added', () => {
		const doc = new Y.Doc();
		const seen = listen(doc);
		expect(() => applyReceived(doc, new Uint8Array([1, 2, 3, 250, 7]), RELAY)).toThrow();
		const late: Uint8Array[] = [];
		doc.getMap('people').observe(() => {
			if (late.length === 0) doc.on('update', (u: Uint8Array) => late.push(u));
		});
		applyReceived(
			doc,
			editOf((d) => d.getMap('people').set('p1', 'Ada')),
			RELAY
		);
		doc.getMap('people').set('p2', 'Local');
		expect(seen.map((s) => s.origin)).toEqual([RELAY, null]);
		expect(late.length).toBeGreaterThan(0);
	});

	it('hands over what a malformed update left in the document, then throws', () => {
		const whole = editOf((d) => d.getMap('people').set('p1', 'Ada'));
		const cut = whole.slice(0, whole.length - 1); // its deletions cut off: the structs apply
		const doc = new Y.Doc();
		const seen = listen(doc);
		expect(() => applyReceived(doc, cut, RELAY)).toThrow();
		expect(doc.getMap('people').get('p1')).toBe('Ada');
		expect(seen).toHaveLength(1);
		expect(seen[0].update).not.toBe(cut);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, seen[0].update);
		expect(stored.getMap('people').get('p1')).toBe('Ada');
	});

	it('applies as usual where nobody listens', () => {
		const doc = new Y.Doc();
		applyReceived(
			doc,
			editOf((d) => d.getMap('people').set('p1', 'Ada')),
			RELAY
		);
		expect(doc.getMap('people').get('p1')).toBe('Ada');
	});
});
