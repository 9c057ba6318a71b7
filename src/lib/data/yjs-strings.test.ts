import { readFileSync } from 'node:fs';
import * as lib0Strings from 'lib0/string';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { installFastStrings, shortAscii, SHORT_STRING_BYTES } from './yjs-strings';

const plain = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const bytes = (s: string) => new TextEncoder().encode(s);

describe("Yjs' strings, decoded faster", () => {
	it('is installed on the decoder lib0 (and so Yjs) uses', () => {
		installFastStrings(); // twice is harmless
		const decoder = lib0Strings.utf8TextDecoder!;
		expect(Object.hasOwn(decoder, 'decode')).toBe(true);
		expect(decoder.decode(bytes('updatedAt'))).toBe('updatedAt');
	});

	it('decodes exactly as TextDecoder does: ASCII, empty, non-ASCII, long, a BOM', () => {
		const decoder = lib0Strings.utf8TextDecoder!;
		const samples = [
			'',
			'$',
			'updatedBy',
			'bee8a835-4e97-46b4-b27f-3a3f802fcec6',
			'x'.repeat(SHORT_STRING_BYTES),
			'x'.repeat(SHORT_STRING_BYTES + 1),
			'Köln',
			'東京',
			'emoji 👋',
			'\uFEFFbom kept',
			'{"firstName":"Naoko","lastName":"Watanabe","title":"Office Manager"}',
			'\u0000\u007f control'
		];
		for (const s of samples) expect(decoder.decode(bytes(s))).toBe(plain.decode(bytes(s)));
		// Every byte value, as a short string and as a long one.
		for (let b = 0; b < 0x80; b++) {
			const input = new Uint8Array([b, b, 65]);
			expect(decoder.decode(input)).toBe(plain.decode(input));
		}
	});

	it('still refuses bytes that are not UTF-8, as lib0 asked (fatal)', () => {
		const decoder = lib0Strings.utf8TextDecoder!;
		expect(() => decoder.decode(new Uint8Array([0x61, 0xff]))).toThrow(TypeError);
		expect(() => decoder.decode(new Uint8Array([0xc3]))).toThrow(TypeError);
	});

	it('reads a view into a larger buffer (what lib0 hands it) by its own bytes only', () => {
		const buffer = bytes('xxnotesyy');
		const view = buffer.subarray(2, 7);
		expect(lib0Strings.utf8TextDecoder!.decode(view)).toBe('notes');
	});

	it('hands back one string for the same bytes while kept, and a right one after a collision', () => {
		const a = shortAscii(bytes('updatedAt'));
		const b = shortAscii(bytes('updatedAt'));
		expect(a).toBe('updatedAt');
		expect(b).toBe(a);
		// Many different strings through the table: each still comes back as itself.
		for (let i = 0; i < 20_000; i++) expect(shortAscii(bytes(`k${i}`))).toBe(`k${i}`);
		expect(shortAscii(bytes('updatedAt'))).toBe('updatedAt');
		expect(shortAscii(bytes('Köln'))).toBeNull();
	});

	it('leaves documents decoded equal to what was written', () => {
		const doc = new Y.Doc();
		const people = doc.getMap<Y.Map<unknown>>('people');
		for (let i = 0; i < 200; i++) {
			const person = new Y.Map<unknown>();
			people.set(`p${i}`, person);
			person.set('$', JSON.stringify({ firstName: `Ann ${i}`, city: i % 2 ? 'Köln' : 'Oslo' }));
			person.set('updatedBy', 'bee8a835-4e97-46b4-b27f-3a3f802fcec6');
			person.set('tags', ['vip', `t${i % 7}`]);
			const notes = new Y.Text(`notes ${i} — 👋`);
			person.set('notes', notes);
		}
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		expect(copy.getMap('people').toJSON()).toEqual(people.toJSON());
	});

	it('is installed where documents are decoded: the page (its documents) and the workers that apply updates', () => {
		for (const file of [
			'src/lib/data/workspace-docs.ts',
			'src/lib/workers/device-read.worker.ts',
			'src/lib/workers/reports.worker.ts'
		])
			expect(readFileSync(file, 'utf8'), file).toMatch(
				/^import '(\.\/|\$lib\/data\/)yjs-strings';/m
			);
	});
});
