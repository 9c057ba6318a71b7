/**
 * One imported cell to one field value, or a reason why not. Lenient about spelling (case,
 * synonyms, a few languages), strict about meaning: a value that cannot be read is left out
 * and reported, never guessed.
 */
import {
	RELATIONSHIP_KINDS,
	type ConsentState,
	type CustomFieldDef,
	type CustomValue,
	type DecisionRole,
	type RelationshipKind
} from '../records';
import { matchOption } from '../custom-fields';
import { isEmptyDate, parseDate, type DayMonthOrder } from './dates';

export type Parsed<T> = { value: T; warning?: string } | { error: string };

const KIND_WORDS: Record<string, RelationshipKind> = {
	lead: 'lead',
	leads: 'lead',
	prospect: 'prospect',
	prospects: 'prospect',
	interessent: 'prospect',
	client: 'client',
	clients: 'client',
	customer: 'client',
	customers: 'client',
	kunde: 'client',
	'lost client': 'lost client',
	'lost customer': 'lost client',
	'former client': 'lost client',
	'former customer': 'lost client',
	'ex-client': 'lost client',
	lost: 'lost client',
	churned: 'lost client',
	supplier: 'supplier',
	vendor: 'supplier',
	lieferant: 'supplier',
	partner: 'partner',
	colleague: 'colleague',
	coworker: 'colleague',
	employee: 'colleague',
	other: 'other'
};

export function parseKind(v: string): Parsed<RelationshipKind> {
	const kind = KIND_WORDS[v.trim().toLowerCase().replace(/\s+/g, ' ')];
	if (kind) return { value: kind };
	return {
		value: 'other',
		warning: `Relationship “${v}” is not one of ${RELATIONSHIP_KINDS.join(', ')}; imported as “other”.`
	};
}

const GRANTED = new Set([
	'granted',
	'yes',
	'y',
	'true',
	'1',
	'x',
	'opt-in',
	'optin',
	'opted in',
	'subscribed',
	'ja',
	'oui',
	'si',
	'sí'
]);
const REFUSED = new Set([
	'refused',
	'no',
	'n',
	'false',
	'0',
	'opt-out',
	'optout',
	'opted out',
	'unsubscribed',
	'nein',
	'non'
]);

export function parseConsent(v: string): Parsed<ConsentState> {
	const w = v.trim().toLowerCase();
	if (GRANTED.has(w)) return { value: 'granted' };
	if (REFUSED.has(w)) return { value: 'refused' };
	if (w === 'unknown' || w === '?') return { value: 'unknown' };
	return { value: 'unknown', warning: `Consent “${v}” is not yes or no; imported as unknown.` };
}

const ROLE_WORDS: Record<string, DecisionRole> = {
	'decision maker': 'decision maker',
	'decision-maker': 'decision maker',
	decisionmaker: 'decision maker',
	dm: 'decision maker',
	influencer: 'influencer',
	user: 'user',
	'end user': 'user',
	none: 'none'
};

export function parseDecisionRole(v: string): Parsed<DecisionRole> {
	const role = ROLE_WORDS[v.trim().toLowerCase().replace(/\s+/g, ' ')];
	if (role) return { value: role };
	return {
		error: `Decision role “${v}” is not decision maker, influencer, user or none; left out.`
	};
}

/** Google joins several values with " ::: "; others use ; or ,. */
export function splitList(v: string): string[] {
	const parts = v.includes(':::') ? v.split(':::') : v.split(/[;,]/);
	const seen = new Set<string>();
	const out: string[] = [];
	for (const p of parts) {
		// Google marks its own groups with "* " and puts everyone in "myContacts".
		const item = p.trim().replace(/^\* /, '');
		const key = item.toLowerCase();
		if (item === '' || key === 'mycontacts' || key === 'my contacts' || seen.has(key)) continue;
		seen.add(key);
		out.push(item);
	}
	return out;
}

const EMAIL = /^[^\s@,;<>"()[\]]+@[^\s@,;<>"()[\].]+(\.[^\s@,;<>"()[\].]+)+$/;

/** "Ann <ann@x.org>", "mailto:ann@x.org" and "ann@x.org" all give the address. */
export function parseEmail(v: string): Parsed<string> {
	const inner = /<([^>]*)>/.exec(v);
	const address = (inner ? inner[1] : v).trim().replace(/^mailto:/i, '');
	if (EMAIL.test(address)) return { value: address };
	return { error: `“${v}” is not an e-mail address; left out.` };
}

/** Cells may hold several addresses: Google's " ::: ", or ; and , between them. */
export function splitEmails(v: string): string[] {
	return v
		.split(/\s*(?::::|;|,)\s*/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

export function parsePhone(v: string): Parsed<string> {
	const phone = v.trim().replace(/^tel:/i, '');
	const digits = phone.replace(/\D/g, '').length;
	if (digits >= 3) return { value: phone };
	return { error: `“${v}” is not a phone number; left out.` };
}

/** "* Work" (Google marks the primary value with a star) → "work". */
export function cleanLabel(v: string): string {
	return v
		.trim()
		.replace(/^\*\s*/, '')
		.toLowerCase();
}

/** "Doe, Jane" or "Jane Q. Doe": the last word is the last name. */
export function splitFullName(v: string): { firstName: string; lastName: string } {
	const name = v.trim().replace(/\s+/g, ' ');
	const comma = name.indexOf(',');
	if (comma > 0) {
		return { lastName: name.slice(0, comma).trim(), firstName: name.slice(comma + 1).trim() };
	}
	const space = name.lastIndexOf(' ');
	if (space < 0) return { firstName: name, lastName: '' };
	return { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
}

/**
 * A number as people write it: "1 234,5", "1.234,5", "1,234.5", "-3". A lone comma followed
 * by exactly three digits is read as a thousands separator ("1,234" is 1234).
 */
export function parseNumber(v: string): number | null {
	let t = v.trim().replace(/[\s\u00a0\u202f']/g, '');
	if (!/^[-+]?[\d.,]+$/.test(t) || !/\d/.test(t)) return null;
	const lastComma = t.lastIndexOf(',');
	const lastDot = t.lastIndexOf('.');
	if (lastComma >= 0 && lastDot >= 0) {
		const decimal = lastComma > lastDot ? ',' : '.';
		const thousands = decimal === ',' ? '.' : ',';
		t = t.split(thousands).join('');
		if (decimal === ',') t = t.replace(',', '.');
	} else if (lastComma >= 0) {
		const commas = t.split(',').length - 1;
		const thousandsLike = /^[-+]?\d{1,3}(,\d{3})+$/.test(t);
		t = commas > 1 || thousandsLike ? t.replace(/,/g, '') : t.replace(',', '.');
	} else if ((t.match(/\./g) ?? []).length > 1) {
		t = t.replace(/\./g, ''); // "1.234.567"
	}
	const n = Number(t);
	return Number.isFinite(n) ? n : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', 'on', 'ja', 'oui', 'si', 'sí', 'wahr']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'nein', 'non', 'falsch']);

/** A cell for a custom field, by the field's type. Empty cells are handled by the caller. */
export function parseCustom(
	def: CustomFieldDef,
	v: string,
	order: DayMonthOrder
): Parsed<CustomValue> | null {
	const where = `in “${def.label}”`;
	switch (def.type) {
		case 'text':
			return { value: v };
		case 'number': {
			const n = parseNumber(v);
			return n === null ? { error: `“${v}” ${where} is not a number; left out.` } : { value: n };
		}
		case 'date': {
			if (isEmptyDate(v)) return null;
			const d = parseDate(v, order);
			return d === null ? { error: `“${v}” ${where} is not a date; left out.` } : { value: d };
		}
		case 'boolean': {
			const w = v.trim().toLowerCase();
			if (TRUE_WORDS.has(w)) return { value: true };
			if (FALSE_WORDS.has(w)) return { value: false };
			return { error: `“${v}” ${where} is not yes or no; left out.` };
		}
		case 'choice': {
			const option = findOption(def, v);
			if (option !== null) return { value: option };
			return {
				error: `“${v}” ${where} is not one of its options (${def.options.join(', ')}); left out.`
			};
		}
		case 'multi-choice': {
			const chosen: string[] = [];
			const unknown: string[] = [];
			for (const item of splitList(v)) {
				const option = findOption(def, item);
				if (option === null) unknown.push(item);
				else if (!chosen.includes(option)) chosen.push(option);
			}
			if (unknown.length === 0) return { value: chosen };
			const warning = `${unknown.map((u) => `“${u}”`).join(', ')} ${where} ${unknown.length === 1 ? 'is not an option' : 'are not options'}; left out.`;
			return chosen.length > 0 ? { value: chosen, warning } : { error: warning };
		}
	}
}

function findOption(def: CustomFieldDef, v: string): string | null {
	return matchOption(def, v) ?? null;
}
