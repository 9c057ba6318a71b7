/**
 * The line layer of a vCard file, before ical.js reads it: cards split apart, folded lines
 * joined, and the vCard 2.1 that Outlook and older phones write (bare parameters such as
 * "TEL;CELL:", QUOTED-PRINTABLE values) rewritten as vCard 3.0. Binary properties (photos)
 * are dropped here, which keeps big address books fast.
 */
import { windows1252 } from './decode';

/** Binary properties: never imported, dropped before parsing. */
const BINARY = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);

/** Cards as lists of unfolded lines; text outside cards and nested cards (2.1 AGENT) dropped. */
export function splitCards(text: string): { cards: string[][]; notes: string[] } {
	const raw = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
	const cards: string[][] = [];
	const notes: string[] = [];
	let current: string[] | null = null;
	let depth = 0;
	for (const line of raw) {
		if (current && depth === 1 && current.length > 0) {
			const last = current.length - 1;
			if (line.startsWith(' ') || line.startsWith('\t')) {
				current[last] += line.slice(1);
				continue;
			}
			// QUOTED-PRINTABLE soft line break: "=" at the end joins the next line as is.
			if (current[last].endsWith('=') && isQuotedPrintable(current[last])) {
				current[last] = current[last].slice(0, -1) + line;
				continue;
			}
		}
		const upper = line.trim().toUpperCase();
		if (upper === 'BEGIN:VCARD' || upper.endsWith(':BEGIN:VCARD')) {
			depth++;
			if (depth === 1) current = [];
			continue;
		}
		if (upper === 'END:VCARD') {
			if (depth === 1 && current) cards.push(current);
			if (depth > 0) depth--;
			if (depth === 0) current = null;
			continue;
		}
		if (current && depth === 1 && line.trim() !== '') current.push(line);
	}
	if (current) {
		notes.push(`Card ${cards.length + 1} has no END:VCARD; it was read up to the end of the file.`);
		cards.push(current);
	}
	return { cards, notes };
}

/** Name-and-parameters part and value, split at the first colon outside quotes. */
function splitAtColon(line: string): [string, string] | null {
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (c === '"') quoted = !quoted;
		else if (c === ':' && !quoted) return [line.slice(0, i), line.slice(i + 1)];
	}
	return null;
}

function splitParams(head: string): string[] {
	const out: string[] = [];
	let quoted = false;
	let start = 0;
	for (let i = 0; i < head.length; i++) {
		const c = head[i];
		if (c === '"') quoted = !quoted;
		else if (c === ';' && !quoted) {
			out.push(head.slice(start, i));
			start = i + 1;
		}
	}
	out.push(head.slice(start));
	return out;
}

function isQuotedPrintable(line: string): boolean {
	const parts = splitAtColon(line);
	return parts !== null && /(^|;)(ENCODING=)?QUOTED-PRINTABLE(;|$)/i.test(parts[0]);
}

/** A line ical.js can read, 'binary' for a dropped photo, or null for a line that is no property. */
export function prepareLine(line: string): string | 'binary' | null {
	const parts = splitAtColon(line);
	if (!parts) return null;
	const [head, value] = parts;
	const [nameWithGroup, ...params] = splitParams(head);
	const name = nameWithGroup.slice(nameWithGroup.lastIndexOf('.') + 1).toUpperCase();
	if (BINARY.has(name)) return 'binary';

	let qp = false;
	let charset = 'utf-8';
	const kept: string[] = [];
	for (const p of params) {
		const eq = p.indexOf('=');
		const key = eq < 0 ? '' : p.slice(0, eq).toUpperCase();
		const val = eq < 0 ? p : p.slice(eq + 1);
		if (/^quoted-printable$/i.test(val) && (key === '' || key === 'ENCODING')) qp = true;
		else if (key === 'CHARSET') charset = val.replace(/"/g, '');
		else if (key === '' && /^(8bit|7bit|base64|b)$/i.test(val)) continue;
		else if (key === '')
			kept.push(`TYPE=${val}`); // vCard 2.1: "TEL;CELL;VOICE:"
		else if (val !== '') kept.push(p);
	}
	const out = qp ? escapeText(decodeQuotedPrintable(value, charset)) : value;
	return [nameWithGroup, ...kept].join(';') + ':' + out;
}

function decodeQuotedPrintable(value: string, charset: string): string {
	const bytes: number[] = [];
	for (let i = 0; i < value.length; i++) {
		const c = value[i];
		if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
			bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(value.charCodeAt(i) & 0xff);
	}
	const data = new Uint8Array(bytes);
	if (/^(windows-1252|iso-8859-1|latin1|cp1252)$/i.test(charset)) return windows1252(data);
	try {
		return new TextDecoder(charset).decode(data);
	} catch {
		return new TextDecoder('utf-8').decode(data);
	}
}

/** Decoded text back into vCard text, keeping ; as 2.1's component separator. */
function escapeText(s: string): string {
	return s.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n');
}
