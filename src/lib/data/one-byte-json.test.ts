import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSnapshot, readRecord, SNAPSHOT_KEY } from './layout';
import { oneByteJson } from './one-byte-json';

/** JSON holds nothing below U+0020: the one-byte range that matters. */
const ONE_BYTE = /^[\u0020-\u00ff]*$/;

describe('oneByteJson', () => {
	it('escapes the few characters past U+00FF, and reads back to the same value', () => {
		const person = {
			firstName: 'Łukasz',
			lastName: 'Wróbel',
			street: 'ulica Długa 190',
			city: 'Kraków',
			note: 'emoji 😀, quote " and backslash \\ł',
			tags: ['ß', 'é']
		};
		const json = oneByteJson(person);
		expect(json).toMatch(ONE_BYTE);
		expect(json).toContain('\\u0141ukasz');
		expect(json).toContain('\\ud83d\\ude00'); // each half of the surrogate pair
		expect(json).toContain('Wróbel'); // ó is one byte already: left as it is
		expect(JSON.parse(json)).toEqual(person);
	});

	it('leaves JSON that is one-byte already, or mostly wide text, as JSON.stringify writes it', () => {
		const latin = { name: 'Müller & Søn', city: 'Zürich' };
		expect(oneByteJson(latin)).toBe(JSON.stringify(latin));
		const greek = { name: 'Αθηνά Παπαδοπούλου', city: 'Θεσσαλονίκη' };
		expect(oneByteJson(greek)).toBe(JSON.stringify(greek));
		expect(JSON.parse(oneByteJson(greek))).toEqual(greek);
	});

	it('keeps lone surrogates and control characters as JSON.stringify escapes them', () => {
		const odd = { a: '\ud800', b: 'line\nbreak\u0000', c: 'x\u2028y' };
		const json = oneByteJson(odd);
		expect(json).toMatch(ONE_BYTE);
		expect(JSON.parse(json)).toEqual(odd);
	});

	it('is how a record is stored: a peer reads the snapshot back as it was written', () => {
		const fields = { firstName: 'Zoë', lastName: 'Żółkiewska', city: 'Łódź' };
		const doc = new Y.Doc();
		const record = new Y.Map<unknown>();
		record.set(SNAPSHOT_KEY, encodeSnapshot(fields));
		doc.getMap('people').set('p1', record);
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		const stored = peer.getMap<Y.Map<unknown>>('people').get('p1')!;
		expect(stored.get(SNAPSHOT_KEY)).toMatch(ONE_BYTE);
		expect(readRecord(stored)).toEqual(fields);
	});
});
