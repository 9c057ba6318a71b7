import { describe, expect, it } from 'vitest';
import { checkFileSize, decodeText, MAX_IMPORT_BYTES } from './decode';

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, order: 'le' | 'be', bom: boolean): Uint8Array {
	const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
	let o = 0;
	const put = (c: number) => {
		out[o++] = order === 'le' ? c & 0xff : c >> 8;
		out[o++] = order === 'le' ? c >> 8 : c & 0xff;
	};
	if (bom) put(0xfeff);
	for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
	return out;
}

const CSV = 'First Name,Last Name\r\nZoë,Müller\r\n';

describe('decodeText', () => {
	it('reads plain UTF-8', () => {
		expect(decodeText(utf8(CSV))).toEqual({ text: CSV, encoding: 'utf-8' });
	});

	it('strips a UTF-8 BOM and says it was there', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(CSV)]);
		expect(decodeText(bytes)).toEqual({ text: CSV, encoding: 'utf-8-bom' });
	});

	it('reads UTF-16 LE and BE with a BOM, as Outlook writes it', () => {
		expect(decodeText(utf16(CSV, 'le', true))).toEqual({ text: CSV, encoding: 'utf-16le' });
		expect(decodeText(utf16(CSV, 'be', true))).toEqual({ text: CSV, encoding: 'utf-16be' });
	});

	it('recognises UTF-16 without a BOM by its NUL pattern', () => {
		expect(decodeText(utf16(CSV, 'le', false))).toEqual({ text: CSV, encoding: 'utf-16le' });
		expect(decodeText(utf16(CSV, 'be', false))).toEqual({ text: CSV, encoding: 'utf-16be' });
	});

	it('falls back to Windows-1252 when the bytes are not valid UTF-8', () => {
		// "Müller;5€" as old Excel writes it: ü = 0xfc, € = 0x80, ’ = 0x92.
		const bytes = new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x35, 0x80, 0x92]);
		expect(decodeText(bytes)).toEqual({ text: 'Müller;5€’', encoding: 'windows-1252' });
	});

	it('refuses an empty file', () => {
		expect(decodeText(new Uint8Array())).toEqual({ error: 'The file is empty.' });
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({ error: 'The file is empty.' });
	});

	it('refuses binary data renamed .csv', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
		const r = decodeText(png);
		expect('error' in r && r.error).toMatch(/^This file is not text \(it looks like a binary file/);
		const noise = new Uint8Array(4096);
		for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251 || 1;
		expect(decodeText(noise)).toHaveProperty('error');
	});

	it('names spreadsheets and PDFs when they are uploaded as CSV', () => {
		const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]);
		expect(decodeText(xlsx)).toEqual({ error: expect.stringMatching(/Excel workbook \(\.xlsx\)/) });
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		expect(decodeText(xls)).toEqual({ error: expect.stringMatching(/old Excel workbook/) });
	});

	it('refuses a file over 200 MB by its length, before reading any byte', () => {
		let touched = false;
		const huge = new Proxy(new Uint8Array(4), {
			get(target, key) {
				if (key === 'byteLength') return MAX_IMPORT_BYTES + 1;
				touched = true;
				return Reflect.get(target, key);
			}
		});
		const r = decodeText(huge);
		expect(r).toEqual({ error: expect.stringMatching(/^The file is 201 MB; files up to 200 MB/) });
		expect(touched).toBe(false);
		expect(checkFileSize(MAX_IMPORT_BYTES)).toBeNull();
		expect(checkFileSize(MAX_IMPORT_BYTES + 1)).toMatch(/200 MB/);
	});

	it('keeps tabs, form feeds and line breaks as text', () => {
		const text = 'a\tb\fc\r\nd\n';
		expect(decodeText(utf8(text))).toEqual({ text, encoding: 'utf-8' });
	});
});
