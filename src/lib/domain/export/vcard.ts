/**
 * People to vCard 4.0 (RFC 6350): escaped text, lines folded at 75 octets without splitting a
 * character, CRLF line ends. Labels vCard has no TYPE for ("assistant", "shop") travel as
 * Apple's grouped X-ABLABEL, which Apple, Google and this app's importer all read.
 */
import type { LabelledValue, PersonFields } from '../records';

export type VCardPerson = PersonFields & { id: string; organizationName?: string; notes?: string };

const MAX_OCTETS = 75;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 6350 3.4: backslash, comma, semicolon and line breaks are escaped in text values. */
export function escapeVCardText(s: string): string {
	return s
		.replace(/\\/g, '\\\\')
		.replace(/,/g, '\\,')
		.replace(/;/g, '\\;')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a content line into lines of at most 75 UTF-8 octets, continuation lines led by a space. */
export function foldLine(line: string): string {
	const out: string[] = [];
	let current = '';
	let octets = 0;
	for (const ch of line) {
		const size = utf8Length(ch);
		if (octets + size > MAX_OCTETS) {
			out.push(current);
			current = ' ';
			octets = 1;
		}
		current += ch;
		octets += size;
	}
	out.push(current);
	return out.join('\r\n');
}

function utf8Length(ch: string): number {
	const c = ch.codePointAt(0) ?? 0;
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

const EMAIL_TYPES: Record<string, string> = { work: 'work', home: 'home' };
const TEL_TYPES: Record<string, string> = {
	work: 'work',
	home: 'home',
	mobile: 'cell',
	cell: 'cell',
	fax: 'fax',
	'work fax': 'work,fax',
	'home fax': 'home,fax',
	pager: 'pager'
};

/** A TYPE parameter for known labels; "other" needs none; the rest get a labelled group. */
function typed(
	prop: string,
	label: string,
	table: Record<string, string>,
	value: string,
	nextGroup: () => string
): string[] {
	const key = label.trim().toLowerCase();
	if (key === '' || key === 'other') return [`${prop}:${value}`];
	const type = table[key];
	if (type) return [`${prop};TYPE=${type.includes(',') ? `"${type}"` : type}:${value}`];
	const group = nextGroup();
	return [`${group}.${prop}:${value}`, `${group}.X-ABLABEL:${escapeVCardText(label)}`];
}

function card(p: VCardPerson): string[] {
	let groups = 0;
	const nextGroup = () => `item${++groups}`;
	const first = p.firstName.trim();
	const last = p.lastName.trim();
	const fn =
		[first, last].filter(Boolean).join(' ') ||
		p.organizationName?.trim() ||
		p.emails[0]?.value ||
		p.phones[0]?.value ||
		'Unnamed';
	const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
	lines.push(
		UUID.test(p.id)
			? `UID:urn:uuid:${p.id.toLowerCase()}`
			: `UID;VALUE=text:${escapeVCardText(p.id)}`
	);
	lines.push(`FN:${escapeVCardText(fn)}`);
	lines.push(`N:${escapeVCardText(last)};${escapeVCardText(first)};;;`);
	if (p.organizationName) lines.push(`ORG:${escapeVCardText(p.organizationName)}`);
	if (p.title) lines.push(`TITLE:${escapeVCardText(p.title)}`);
	const values = (
		list: LabelledValue[],
		prop: string,
		table: Record<string, string>,
		value: (v: string) => string
	) => {
		for (const e of list) {
			if (e.value.trim() !== '')
				lines.push(...typed(prop, e.label, table, value(e.value.trim()), nextGroup));
		}
	};
	values(p.emails, 'EMAIL', EMAIL_TYPES, escapeVCardText);
	// Free-form numbers ("+49 (0)30 123") are text, not tel: URIs.
	values(p.phones, 'TEL;VALUE=text', TEL_TYPES, escapeVCardText);
	for (const a of p.addresses) {
		const parts = [a.street, a.city, a.region, a.postcode, a.country];
		if (parts.every((x) => x.trim() === '')) continue;
		const value = ['', '', ...parts.map((x) => escapeVCardText(x.trim()))].join(';');
		lines.push(...typed('ADR', a.label, EMAIL_TYPES, value, nextGroup));
	}
	const tags = p.tags.filter((t) => t.trim() !== '');
	if (tags.length > 0)
		lines.push(`CATEGORIES:${tags.map((t) => escapeVCardText(t.trim())).join(',')}`);
	if (p.notes?.trim()) lines.push(`NOTE:${escapeVCardText(p.notes)}`);
	lines.push('END:VCARD');
	return lines;
}

export function toVCard(people: VCardPerson[]): string {
	const out: string[] = [];
	for (const p of people) for (const line of card(p)) out.push(foldLine(line));
	return out.length === 0 ? '' : out.join('\r\n') + '\r\n';
}
