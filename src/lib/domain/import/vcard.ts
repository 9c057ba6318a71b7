/**
 * vCard files (2.1, 3.0 and 4.0, as phones and mail programs write them) to people. Each card
 * is read by ical.js on its own (after vcard-lines.ts has prepared its lines), so one broken
 * card is skipped with a note instead of failing the file. Unknown X- properties are ignored;
 * other standard properties with no field here are listed once in a note.
 */
import ICAL from 'ical.js';
import type { Address, LabelledValue } from '../records';
import { prepareLine, splitCards } from './vcard-lines';
import type { ImportedFields } from './rows';
import { cleanLabel, parseEmail, parsePhone, splitFullName } from './values';

export type VCardImport = { people: ImportedFields[]; notes: string[] } | { error: string };

/** Read into a line of the notes, as the CSV import does with such columns. */
const NOTE_LINES: Record<string, string> = {
	nickname: 'Nickname',
	bday: 'Birthday',
	anniversary: 'Anniversary',
	url: 'Website',
	role: 'Role'
};

/** Bookkeeping that carries nothing a person would miss. */
const SILENT = new Set([
	'version',
	'prodid',
	'rev',
	'uid',
	'kind',
	'label',
	'source',
	'name',
	'mailer',
	'class',
	'sort-string',
	'clientpidmap',
	'xml'
]);

export function parseVCards(text: string): VCardImport {
	const { cards, notes } = splitCards(text);
	if (cards.length === 0) return { error: 'This file contains no vCards (no BEGIN:VCARD line).' };

	const people: ImportedFields[] = [];
	const notImported = new Map<string, number>();
	let firstFailure = '';
	cards.forEach((lines, i) => {
		const cardNo = `Card ${i + 1}`;
		const prepared: string[] = [];
		let photo = false;
		for (const line of lines) {
			const p = prepareLine(line);
			if (p === 'binary') photo = true;
			else if (p !== null) prepared.push(p);
		}
		let jcard: unknown;
		try {
			jcard = ICAL.parse(`BEGIN:VCARD\r\n${prepared.join('\r\n')}\r\nEND:VCARD\r\n`);
		} catch (e) {
			const reason = e instanceof Error ? e.message : String(e);
			firstFailure ||= reason;
			notes.push(`${cardNo} could not be read (${reason}); it was skipped.`);
			return;
		}
		const props = cardProperties(jcard);
		const { fields, problems, name } = toPerson(props, notImported);
		const who = name || cardNo;
		if (photo) notes.push(`${who}: photo skipped.`);
		for (const p of problems) notes.push(`${who}: ${p}`);
		if (
			!fields.firstName &&
			!fields.lastName &&
			!fields.emails &&
			!fields.phones &&
			!fields.organizationName
		) {
			notes.push(`${cardNo} has no name, e-mail, phone or organization; it was skipped.`);
			return;
		}
		people.push(fields);
	});

	if (people.length === 0 && firstFailure) {
		return { error: `None of the ${cards.length} vCards could be read: ${firstFailure}.` };
	}
	if (notImported.size > 0) {
		const list = [...notImported].map(
			([k, n]) => `${k.toUpperCase()} (${n} ${n === 1 ? 'card' : 'cards'})`
		);
		notes.push(`Not imported: ${list.join(', ')}.`);
	}
	return { people, notes };
}

interface Prop {
	name: string;
	group: string;
	params: Record<string, unknown>;
	values: unknown[];
}

function cardProperties(jcard: unknown): Prop[] {
	const card = Array.isArray(jcard) && jcard[0] === 'vcard' ? jcard : (jcard as unknown[][])[0];
	const props = (card as unknown[])[1] as unknown[][];
	return props.map((p) => {
		const params = { ...(p[1] as Record<string, unknown>) };
		const group = typeof params.group === 'string' ? params.group.toLowerCase() : '';
		delete params.group;
		return { name: String(p[0]), group, params, values: p.slice(3) };
	});
}

/** One text value: ical.js splits unescaped commas into several values; they are rejoined. */
function text(p: Prop): string {
	return p.values
		.map((v) => (Array.isArray(v) ? v.join(',') : String(v ?? '')))
		.join(',')
		.replace(/\\([;,])/g, '$1')
		.trim();
}

/** Components of a structured value (N, ADR, ORG); a component with commas is rejoined. */
function components(p: Prop): string[] {
	const v = p.values[0];
	const list = Array.isArray(v) ? v : [v];
	return list.map((c) => (Array.isArray(c) ? c.join(',') : String(c ?? '')).trim());
}

function types(p: Prop): string[] {
	const t = p.params.type;
	const list = Array.isArray(t) ? t : typeof t === 'string' ? t.split(',') : [];
	return list.map((x) => String(x).toLowerCase().trim());
}

const TEL_LABELS: Record<string, string> = {
	cell: 'mobile',
	mobile: 'mobile',
	iphone: 'mobile',
	work: 'work',
	home: 'home',
	main: 'main',
	'main-number': 'main',
	pager: 'pager',
	car: 'car',
	other: 'other'
};

function telLabel(t: string[]): string {
	const base = t.map((x) => TEL_LABELS[x]).find(Boolean);
	if (t.includes('fax')) return base && base !== 'other' ? `${base} fax` : 'fax';
	return base ?? 'other';
}

function plainLabel(t: string[]): string {
	return t.find((x) => x === 'work' || x === 'home' || x === 'other') ?? 'other';
}

/** Apple's "item1.X-ABLabel:_$!<Other>!$_" names the label of the other item1 property. */
function appleLabels(props: Prop[]): Map<string, string> {
	const labels = new Map<string, string>();
	for (const p of props) {
		if (p.name === 'x-ablabel' && p.group) {
			labels.set(p.group, cleanLabel(text(p).replace(/^_\$!<(.*)>!\$_$/, '$1')));
		}
	}
	return labels;
}

function toPerson(
	props: Prop[],
	notImported: Map<string, number>
): { fields: ImportedFields; problems: string[]; name: string } {
	const fields: ImportedFields = {};
	const problems: string[] = [];
	const emails: LabelledValue[] = [];
	const phones: LabelledValue[] = [];
	const addresses: Address[] = [];
	const tags: string[] = [];
	const notes: string[] = [];
	const noteLines: string[] = [];
	const labels = appleLabels(props);
	const seen = new Set<string>();
	let fullName = '';

	for (const p of props) {
		const label = (fallback: string) => labels.get(p.group) || fallback;
		switch (p.name) {
			case 'n': {
				const [family = '', given = '', additional = ''] = components(p);
				const first = [given, additional].filter(Boolean).join(' ');
				if (first && !fields.firstName) fields.firstName = first;
				if (family && !fields.lastName) fields.lastName = family;
				break;
			}
			case 'fn':
				fullName ||= text(p);
				break;
			case 'email': {
				const r = parseEmail(text(p));
				if ('error' in r) problems.push(r.error);
				else emails.push({ label: label(plainLabel(types(p))), value: r.value });
				break;
			}
			case 'tel': {
				const raw = text(p);
				if (raw === '') break;
				const r = parsePhone(raw);
				if ('error' in r) problems.push(r.error);
				else phones.push({ label: label(telLabel(types(p))), value: r.value });
				break;
			}
			case 'adr': {
				const [
					pobox = '',
					ext = '',
					street = '',
					city = '',
					region = '',
					postcode = '',
					country = ''
				] = components(p);
				const a: Address = {
					label: label(plainLabel(types(p))),
					street: [street, ext, pobox].filter(Boolean).join(', '),
					city,
					region,
					postcode,
					country
				};
				if (a.street || a.city || a.region || a.postcode || a.country) addresses.push(a);
				break;
			}
			case 'org': {
				const org = components(p)[0];
				if (org && !fields.organizationName) fields.organizationName = org;
				break;
			}
			case 'title':
				if (!fields.title) fields.title = text(p);
				break;
			case 'note':
				if (text(p)) notes.push(text(p));
				break;
			case 'categories':
				for (const v of p.values) if (String(v).trim()) tags.push(String(v).trim());
				break;
			default:
				if (p.name in NOTE_LINES) {
					if (text(p)) noteLines.push(`${NOTE_LINES[p.name]}: ${text(p)}`);
				} else if (!SILENT.has(p.name) && !p.name.startsWith('x-') && !seen.has(p.name)) {
					seen.add(p.name);
					notImported.set(p.name, (notImported.get(p.name) ?? 0) + 1);
				}
		}
	}

	if (!fields.firstName && !fields.lastName && fullName) {
		const split = splitFullName(fullName);
		if (split.firstName) fields.firstName = split.firstName;
		if (split.lastName) fields.lastName = split.lastName;
	}
	if (fields.title === '') delete fields.title;
	if (emails.length > 0) fields.emails = emails;
	if (phones.length > 0) fields.phones = phones;
	if (addresses.length > 0) fields.addresses = addresses;
	const uniqueTags = tags.filter(
		(t, i) => tags.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i
	);
	if (uniqueTags.length > 0) fields.tags = uniqueTags;
	const allNotes = [...notes, ...noteLines].join('\n');
	if (allNotes) fields.notes = allNotes;
	const name = fullName || [fields.firstName, fields.lastName].filter(Boolean).join(' ');
	return { fields, problems, name };
}
