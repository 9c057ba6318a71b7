/**
 * Suggests where each CSV column goes, from its header alone. Google Contacts and Outlook
 * exports map completely; other files map by synonyms (English and a few common German,
 * French and Spanish words), compared without case, spaces, punctuation or accents.
 */
import type { CustomFieldDef } from '../records';
import {
	ADDRESS_PARTS,
	ADDRESS_PREFIXES,
	FIELD_SYNONYMS,
	IGNORED,
	NOTE_LINES,
	OUTLOOK_PHONES,
	PHONE_LABELS
} from './header-words';
import type {
	AddressPart,
	ColumnMapping,
	ImportEntity,
	MappingTarget,
	PlainField
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
	| { type: 'field'; field: PlainField; weak?: 'title' | 'name' }
	| { type: 'email' | 'emailLabel'; slot: string; label: string }
	| { type: 'phone' | 'phoneLabel'; slot: string; label: string }
	| { type: 'address'; slot: string; label: string; part: AddressPart | 'formatted' | 'extra' }
	| { type: 'noteLine' }
	| { type: 'custom'; defId: string };

function addressPart(rest: string): AddressPart | 'formatted' | 'extra' | null {
	for (const [re, part] of ADDRESS_PARTS) if (re.test(rest)) return part;
	return null;
}

function matchHeader(raw: string, n: string, custom: Map<string, string>): Match {
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
	if (n === 'title') return { type: 'field', field: 'title', weak: 'title' };
	if (n === 'name') return { type: 'field', field: 'fullName', weak: 'name' };
	if (IGNORED.test(n) && !FIELD_SYNONYMS.some(([, s]) => s.has(n))) return { type: 'ignore' };

	for (const [field, synonyms] of FIELD_SYNONYMS) {
		if (synonyms.has(n)) return { type: 'field', field };
	}
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

const ORGANIZATION_ONLY: PlainField[] = ['name', 'website', 'industry'];
const PERSON_ONLY: PlainField[] = [
	'firstName',
	'middleName',
	'lastName',
	'title',
	'decisionRole',
	'consent',
	'interests'
];

/** The same match read for an organization import. */
function forOrganization(m: Match): Match {
	if (m.type === 'custom' || m.type !== 'field') return m;
	if (m.field === 'organization' || m.field === 'fullName') return { type: 'field', field: 'name' };
	if (PERSON_ONLY.includes(m.field)) return { type: 'ignore' };
	return m;
}

function forPerson(m: Match): Match {
	if (m.type !== 'field') return m;
	if (m.field === 'website') return { type: 'noteLine' };
	if (ORGANIZATION_ONLY.includes(m.field)) return { type: 'ignore' };
	return m;
}

export function suggestMapping(
	headers: string[],
	customDefs: CustomFieldDef[],
	entity: ImportEntity
): ColumnMapping[] {
	const custom = new Map<string, string>();
	for (const d of customDefs) {
		if (d.entity === entity) custom.set(normalizeHeader(d.label), d.id);
	}
	const normalized = headers.map(normalizeHeader);
	const matches = normalized.map((n, i) => {
		const m = matchHeader(headers[i], n, custom);
		return entity === 'person' ? forPerson(m) : forOrganization(m);
	});
	resolveContext(normalized, matches, entity);

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

/** Readings that depend on the other headers of the file. */
function resolveContext(normalized: string[], matches: Match[], entity: ImportEntity) {
	const has = (field: PlainField) =>
		matches.some((m) => m.type === 'field' && m.field === field && !m.weak);
	for (let i = 0; i < matches.length; i++) {
		const m = matches[i];
		if (m.type !== 'field' || !m.weak) continue;
		// Outlook's "Title" is Mr./Dr. when a "Job Title" column exists.
		if (m.weak === 'title')
			matches[i] = has('title') ? { type: 'ignore' } : { type: 'field', field: 'title' };
		// German "Name" next to "Vorname" is the surname.
		if (m.weak === 'name' && entity === 'person') {
			const german = normalized.includes('vorname') || normalized.includes('prenom');
			matches[i] = { type: 'field', field: german ? 'lastName' : 'fullName' };
		}
	}
}
