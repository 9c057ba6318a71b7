/**
 * Bytes of an uploaded file to text: the encodings spreadsheets and mail programs really write
 * (UTF-8 with or without BOM, UTF-16 from Outlook's "Unicode" export, Windows-1252 from older
 * Excel), and a clear refusal for what is not text at all.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodeResult = { text: string; encoding: TextEncodingName } | { error: string };

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** How many leading bytes the encoding and binary sniffing look at. */
const SNIFF_BYTES = 64 * 1024;

const NOT_TEXT =
	'This file is not text (it looks like a binary file renamed .csv). Export it from its program as CSV or vCard and try again.';

/** The size check on its own, so a caller can refuse a File by its size before reading it. */
export function checkFileSize(byteLength: number): string | null {
	if (byteLength === 0) return 'The file is empty.';
	if (byteLength > MAX_IMPORT_BYTES) {
		const mb = Math.ceil(byteLength / (1024 * 1024));
		return `The file is ${mb} MB; files up to 200 MB can be imported. Split it into smaller files.`;
	}
	return null;
}

export function decodeText(bytes: Uint8Array): DecodeResult {
	// Length first: a fake or huge input is refused before a byte is read.
	const sizeError = checkFileSize(bytes.byteLength);
	if (sizeError) return { error: sizeError };

	const signature = knownBinary(bytes);
	if (signature) return { error: signature };

	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		const rest = bytes.subarray(3);
		const text = utf8(rest);
		return text !== null ? checked(text, 'utf-8-bom') : checked(windows1252(rest), 'windows-1252');
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		return checked(utf16(bytes.subarray(2), 'utf-16le'), 'utf-16le');
	}
	if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		return checked(utf16(bytes.subarray(2), 'utf-16be'), 'utf-16be');
	}
	const order = utf16ByNulPattern(bytes);
	if (order) return checked(utf16(bytes, order), order);

	if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { error: NOT_TEXT };
	const asUtf8 = utf8(bytes);
	if (asUtf8 !== null) return checked(asUtf8, 'utf-8');
	return checked(windows1252(bytes), 'windows-1252');
}

/** Office files are the usual "CSV" that is not: say what to do with them. */
function knownBinary(b: Uint8Array): string | null {
	if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
		return 'This file is a ZIP archive or an Excel workbook (.xlsx), not CSV. In the spreadsheet, use "Save as" → CSV (UTF-8) and import that file.';
	}
	if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
		return 'This file is an old Excel workbook (.xls), not CSV. In the spreadsheet, use "Save as" → CSV (UTF-8) and import that file.';
	}
	if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) {
		return 'This file is a PDF, not CSV or vCard.';
	}
	return null;
}

function checked(text: string, encoding: TextEncodingName): DecodeResult {
	if (text.length === 0) return { error: 'The file is empty.' };
	if (looksBinary(text)) return { error: NOT_TEXT };
	return { text, encoding };
}

/** Text has tabs and line breaks; binary data has NULs and other control characters. */
function looksBinary(text: string): boolean {
	const n = Math.min(text.length, SNIFF_BYTES);
	let control = 0;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === 0) return true;
		if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
	}
	return control > 8 && control / n > 0.005;
}

/**
 * UTF-16 without a BOM: ASCII text then has a NUL in every other byte (odd positions for
 * little-endian, even for big-endian). Outlook's "Unicode" CSV usually has a BOM; this is for
 * the files that lost it.
 */
function utf16ByNulPattern(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const n = Math.min(b.length, SNIFF_BYTES) & ~1;
	if (n < 4) return null;
	let evenNul = 0;
	let oddNul = 0;
	for (let i = 0; i < n; i += 2) {
		if (b[i] === 0) evenNul++;
		if (b[i + 1] === 0) oddNul++;
	}
	const pairs = n / 2;
	if (oddNul / pairs > 0.4 && evenNul / pairs < 0.05) return 'utf-16le';
	if (evenNul / pairs > 0.4 && oddNul / pairs < 0.05) return 'utf-16be';
	return null;
}

function utf8(b: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
	} catch {
		return null;
	}
}

function utf16(b: Uint8Array, label: 'utf-16le' | 'utf-16be'): string {
	return new TextDecoder(label, { ignoreBOM: true }).decode(b);
}

/**
 * Windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes as Latin-1 (0x80 gives
 * U+0080, not €), so a worker-agnostic table keeps results the same in Node and browsers.
 */
const CP1252_HIGH = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
	0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
	0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

export function windows1252(b: Uint8Array): string {
	const parts: string[] = [];
	const chunk = 8192;
	const codes = new Array<number>(chunk);
	for (let start = 0; start < b.length; start += chunk) {
		const end = Math.min(start + chunk, b.length);
		codes.length = end - start;
		for (let i = start; i < end; i++) {
			const c = b[i];
			codes[i - start] = c >= 0x80 && c <= 0x9f ? CP1252_HIGH[c - 0x80] : c;
		}
		parts.push(String.fromCharCode(...codes));
	}
	return parts.join('');
}
