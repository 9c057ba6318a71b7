/**
 * Suggests where each CSV column goes, from its header alone. Google Contacts and Outlook
 * exports map completely; other files map by synonyms (English and a few common German,
 * French and Spanish words), compared without case, spaces, punctuation or accents. What a
 * type's own fields are called comes from its import declaration; e-mails, phones and
 * addresses are read the same for every type.
 */
import type { CustomFieldDef } from '../records';
import {
	ADDRESS_PARTS,
	ADDRESS_PREFIXES,
	IGNORED,
	NOTE_LINES,
	OUTLOOK_PHONES,
	PHONE_LABELS
} from './header-words';
import {
	importableTypes,
	takesNotes,
	type AddressPart,
	type ColumnMapping,
	type ImportableType,
	type MappingTarget,
	type PlainField
} from './targets';

/** "E-mail 1 - Value" → "email1value"; "Straße" → "strasse". */
export function normalizeHeader(h: string): string {
	return h
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(/&/g, 'and')
		.replace(/[^a-z0-9]/g, '');
}

/** A match before e-mail, phone and address slots are numbered. */
type Match =
	| { type: 'ignore' }
	/** `fallback`: only when no other column maps to the field by its own words. */
	| { type: 'field'; field: PlainField; fallback?: true }
	| { type: 'email' | 'emailLabel'; slot: string; label: string }
	| { type: 'phone' | 'phoneLabel'; slot: string; label: string }
	| { type: 'address'; slot: string; label: string; part: AddressPart | 'formatted' | 'extra' }
	| { type: 'noteLine' }
	| { type: 'custom'; defId: string };

function addressPart(rest: string): AddressPart | 'formatted' | 'extra' | null {
	for (const [re, part] of ADDRESS_PARTS) if (re.test(rest)) return part;
	return null;
}

/** The headers a type's fields answer to, read once per suggestion. */
interface Words {
	fields: Map<string, PlainField>;
	fallback: Map<string, PlainField>;
	/** Fields a header maps to in this file only (German "Name" beside "Vorname"). */
	beside: Map<string, PlainField>;
	notes: Set<string>;
	/** Headers another type imports and this one does not: not imported. */
	others: Set<string>;
}

function wordsOf(
	type: ImportableType,
	others: readonly ImportableType[],
	headers: string[]
): Words {
	const w: Words = {
		fields: new Map(),
		fallback: new Map(),
		beside: new Map(),
		notes: new Set(type.import.noteWords),
		others: new Set()
	};
	for (const f of type.import.fields) {
		for (const word of f.words) if (!w.fields.has(word)) w.fields.set(word, f.key);
		for (const word of f.fallbackWords ?? []) w.fallback.set(word, f.key);
		const beside = f.wordsBeside;
		if (beside && beside.besides.some((b) => headers.includes(b))) {
			for (const word of beside.words) w.beside.set(word, f.key);
		}
	}
	for (const other of others) {
		if (other.name === type.name) continue;
		for (const f of other.import.fields) {
			for (const word of [...f.words, ...(f.fallbackWords ?? []), ...(f.wordsBeside?.words ?? [])])
				w.others.add(word);
		}
	}
	return w;
}

function matchHeader(raw: string, n: string, custom: Map<string, string>, words: Words): Match {
	const defId = custom.get(n);
	if (defId) return { type: 'custom', defId };

	// Google: "E-mail 1 - Label/Type/Value", "Phone 1 - ...", "Address 1 - Street", ... The
	// " - " tells Google's "E-mail 2 - Type" (a label) from Outlook's "E-mail 2 Type" (SMTP).
	let m = / - /.test(raw) ? /^(email|phone)(\d+)(label|type|value)$/.exec(n) : null;
	if (m) {
		const slot = `g${m[2]}`;
		if (m[3] === 'value') return { type: m[1] as 'email' | 'phone', slot, label: 'other' };
		return { type: m[1] === 'email' ? 'emailLabel' : 'phoneLabel', slot, label: 'other' };
	}
	m = /^address(\d+)([a-z]+)$/.exec(n);
	if (m) {
		const part = addressPart(m[2]) ?? (m[2] === 'neighborhood' ? 'extra' : null);
		if (part) return { type: 'address', slot: `g${m[1]}`, label: 'other', part };
	}
	// Outlook: "E-mail Address", "E-mail 2 Address"; phones by name; "Business Street 2", ...
	m = /^email(\d?)address$/.exec(n);
	if (m) return { type: 'email', slot: `o${m[1] || '1'}`, label: 'work' };
	if (n in OUTLOOK_PHONES) return { type: 'phone', slot: n, label: OUTLOOK_PHONES[n] };
	m = /^(business|home|other)(address)?([a-z]+\d?)$/.exec(n);
	if (m) {
		const part = addressPart(m[3]);
		if (part) {
			const label = m[1] === 'business' ? 'work' : m[1];
			return { type: 'address', slot: m[1], label, part };
		}
	}
	const beside = words.beside.get(n);
	if (beside) return { type: 'field', field: beside };
	const fallback = words.fallback.get(n);
	if (fallback) return { type: 'field', field: fallback, fallback: true };
	const field = words.fields.get(n);
	if (field) return { type: 'field', field };
	if (words.notes.has(n)) return { type: 'noteLine' };
	if (words.others.has(n) || IGNORED.test(n)) return { type: 'ignore' };
	if (NOTE_LINES.has(n)) return { type: 'noteLine' };

	// Generic e-mail and phone columns: "Email", "Work Email", "Mobile", "Phone 2", "Telefon".
	// A prefix must be a known label, so "Voicemail" or "Hotel" are not taken for contacts.
	m = /^([a-z]*?)(emailaddress|email|mail|courriel|correo|correoelectronico)(\d*)$/.exec(n);
	if (m) {
		const prefix = labelFrom(m[1], PHONE_LABELS);
		if (m[1] === '' || (prefix && prefix !== 'mobile')) {
			return { type: 'email', slot: `e${n}`, label: prefix ?? 'work' };
		}
	}
	m = /^([a-z]*?)(phonenumber|phone|telephone|tel|telefon|telefono|fax)?(\d*)$/.exec(n);
	if (m) {
		const prefix = labelFrom(m[1], PHONE_LABELS);
		const label = m[2] === 'fax' ? (prefix ? `${prefix} fax` : 'fax') : (prefix ?? 'work');
		if ((m[2] && (m[1] === '' || prefix)) || (!m[2] && prefix === 'mobile')) {
			return { type: 'phone', slot: `p${n}`, label };
		}
	}
	// Generic addresses: "Street", "City", "Work City", "Billing Postal Code".
	const bare = addressPart(n);
	if (bare && bare !== 'label' && bare !== 'formatted') {
		return { type: 'address', slot: 'default', label: 'work', part: bare };
	}
	for (const [re, label] of ADDRESS_PREFIXES) {
		const p = re.exec(n);
		if (!p) continue;
		// "Home Address" is a street; "Home" alone is nothing.
		const rest = n.slice(p[0].length);
		const part = rest === 'address' ? 'street' : addressPart(rest.replace(/^address/, ''));
		if (part) return { type: 'address', slot: label, label, part };
	}
	return { type: 'ignore' };
}

function labelFrom(prefix: string, table: [RegExp, string][]): string | null {
	if (prefix === '') return null;
	for (const [re, label] of table) if (re.test(prefix)) return label;
	return null;
}

/**
 * Where each column of a file with these headers goes when imported as `type`. `others` are
 * the other types the import offers: a header one of them imports and `type` does not is not
 * imported (a person's "First Name" in an organization import).
 */
export function suggestMapping(
	headers: string[],
	customDefs: CustomFieldDef[],
	type: ImportableType,
	others: readonly ImportableType[] = importableTypes()
): ColumnMapping[] {
	const custom = new Map<string, string>();
	for (const d of customDefs) {
		if (d.entity === type.name) custom.set(normalizeHeader(d.label), d.id);
	}
	const normalized = headers.map(normalizeHeader);
	const words = wordsOf(type, others, normalized);
	const contacts = type.import.contacts;
	const notes = takesNotes(type);
	const matches = normalized.map((n, i): Match => {
		const m = matchHeader(headers[i], n, custom, words);
		const contact = m.type === 'email' || m.type === 'emailLabel' || m.type === 'phone';
		if (!contacts && (contact || m.type === 'phoneLabel' || m.type === 'address'))
			return { type: 'ignore' };
		return m.type === 'noteLine' && !notes ? { type: 'ignore' } : m;
	});
	resolveFallbacks(matches);

	const slots = { email: new Map<string, number>(), phone: new Map<string, number>() };
	const addressSlots = new Map<string, number>();
	const slotIndex = (map: Map<string, number>, slot: string) => {
		if (!map.has(slot)) map.set(slot, map.size);
		return map.get(slot) as number;
	};
	// A Google address's "Formatted" column repeats its parts: used only when no part is given.
	const addressHasParts = new Set<string>();
	for (const m of matches) {
		if (m.type === 'address' && m.part !== 'formatted' && m.part !== 'label')
			addressHasParts.add(m.slot);
	}

	return matches.map((m, column): ColumnMapping => {
		const header = headers[column];
		let target: MappingTarget;
		switch (m.type) {
			case 'email':
			case 'emailLabel': {
				const index = slotIndex(slots.email, m.slot);
				target =
					m.type === 'email'
						? { type: 'email', index, label: m.label }
						: { type: 'emailLabel', index };
				break;
			}
			case 'phone':
			case 'phoneLabel': {
				const index = slotIndex(slots.phone, m.slot);
				target =
					m.type === 'phone'
						? { type: 'phone', index, label: m.label }
						: { type: 'phoneLabel', index };
				break;
			}
			case 'address': {
				if (m.part === 'formatted' && addressHasParts.has(m.slot)) {
					target = { type: 'ignore' };
					break;
				}
				const part: AddressPart = m.part === 'formatted' || m.part === 'extra' ? 'street' : m.part;
				target = { type: 'address', index: slotIndex(addressSlots, m.slot), label: m.label, part };
				break;
			}
			case 'field':
				target = { type: 'field', field: m.field };
				break;
			default:
				target = m;
		}
		return { column, header, target };
	});
}

/** A fallback header maps to its field only when no other column does by the field's words. */
function resolveFallbacks(matches: Match[]) {
	const strong = new Set<string>();
	for (const m of matches) if (m.type === 'field' && !m.fallback) strong.add(m.field);
	for (let i = 0; i < matches.length; i++) {
		const m = matches[i];
		if (m.type !== 'field' || !m.fallback) continue;
		// Outlook's "Title" is Mr./Dr. when a "Job Title" column exists.
		matches[i] = strong.has(m.field) ? { type: 'ignore' } : { type: 'field', field: m.field };
	}
}
