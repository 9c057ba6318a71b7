/**
 * Full-text search over records: each row carries one lower-cased, accent-folded haystack,
 * and a query matches when every word of it appears somewhere in the haystack — or, for a
 * word of 5 letters or more, when a whole word of the haystack is one letter off from it.
 */
import type { CustomFieldDef, CustomValue, OrganizationFields, PersonFields } from './records';
import { formatCustomValue } from './custom-fields';
import { digitsOnly, fold } from './fold';
import { phoneQueryDigits, phoneSearchDigits } from './phone-digits';
import { nearWord, nearWordIn, type NearWord } from './near-word';

export { digitsOnly, fold };

/**
 * A query split into folded words; build it once per keystroke, not once per row. `near`
 * holds, per word, what a one-letter typo of it is looked for by (null: exact only).
 */
export type NormalizedQuery = readonly string[] & { readonly near?: readonly (NearWord | null)[] };

/**
 * How much of a record's notes (and other text fields) is searched: their first characters,
 * folded. Enough for what people jot first ("vegetarian, smoked fish"); at 100k records a
 * whole note each would grow the heap without bound.
 */
export const TEXT_SEARCH_CAP = 200;

/** A row's haystack with the start of a text field (notes) added. */
export function withTextField(search: string, text: string): string {
	if (text === '') return search;
	const part = fold(text.length > TEXT_SEARCH_CAP ? text.slice(0, TEXT_SEARCH_CAP) : text);
	return search === '' ? part : `${search}\n${part}`;
}

function collect(v: unknown, out: string[], depth: number): void {
	if (v === null || v === undefined || v === '') return;
	switch (typeof v) {
		case 'string':
			out.push(v);
			return;
		case 'number':
		case 'bigint':
			out.push(String(v));
			return;
		case 'object':
			if (depth > 4) return;
			if (Array.isArray(v)) for (const x of v) collect(x, out, depth + 1);
			else for (const x of Object.values(v as object)) collect(x, out, depth + 1);
			return;
		default:
			// Booleans and functions carry no searchable words.
			return;
	}
}

/**
 * The haystack for a record: every part (strings, numbers, nested lists and objects)
 * folded and joined by newlines, which no query word can contain, so words never match
 * across two values.
 */
export function searchText(parts: unknown[]): string {
	const out: string[] = [];
	collect(parts, out, 0);
	return fold(out.join('\n'));
}

/**
 * Splits a query into distinct folded words; an empty query matches everything. A query that
 * is a phone number, however spaced or prefixed, is one word: its digits (phone.ts).
 */
export function normalizeQuery(q: string): NormalizedQuery {
	const phone = phoneQueryDigits(q);
	if (phone !== null) return [phone];
	const words = fold(q)
		.split(/\s+/)
		.filter((w) => w !== '')
		.map((w) => (w.startsWith('+') ? (phoneQueryDigits(w) ?? w) : w));
	// A word that is part of another one adds no constraint: drop it to test less per row.
	const distinct = [...new Set(words)].sort((a, b) => b.length - a.length);
	const kept = distinct.filter((w, i) => !distinct.slice(0, i).some((l) => l.includes(w)));
	const near = kept.map(nearWord);
	return near.some((n) => n !== null) ? Object.assign(kept, { near }) : kept;
}

/** True when every query word occurs in the haystack, or a word one letter off does (AND). */
export function matchesQuery(haystack: string, query: NormalizedQuery): boolean {
	const near = query.near;
	for (let i = 0; i < query.length; i++) {
		if (haystack.includes(query[i])) continue;
		const n = near?.[i];
		if (!n || !nearWordIn(haystack, n)) return false;
	}
	return true;
}

function customParts(
	custom: Record<string, CustomValue>,
	defs: readonly CustomFieldDef[],
	entity: CustomFieldDef['entity'],
	out: unknown[]
): void {
	const seen = new Set<string>();
	for (const def of defs) {
		if (def.entity !== entity) continue;
		seen.add(def.id);
		const v = custom[def.id];
		if (v === null || v === undefined) continue;
		// A yes/no field is found by its name ("vip" finds everyone marked VIP).
		if (def.type === 'boolean') {
			if (v === true) out.push(def.label);
		} else out.push(formatCustomValue(def, v));
	}
	for (const id in custom) {
		if (seen.has(id)) continue;
		const v = custom[id];
		if (typeof v === 'string' || typeof v === 'number' || Array.isArray(v)) out.push(v);
	}
}

function contactParts(
	r: Pick<PersonFields, 'emails' | 'phones' | 'addresses' | 'tags' | 'source'>,
	out: unknown[]
) {
	for (const e of r.emails) out.push(e.value);
	for (const p of r.phones) {
		out.push(p.value);
		const d = phoneSearchDigits(p.value);
		if (d !== p.value) out.push(d);
	}
	for (const a of r.addresses) out.push(a.street, a.postcode, a.city, a.region, a.country);
	out.push(r.tags, r.source);
}

/** Every searchable value of a person, for searchText. */
export function personSearchParts(
	p: PersonFields,
	orgName: string,
	customDefs: readonly CustomFieldDef[] = []
): unknown[] {
	const out: unknown[] = [p.firstName, p.lastName, p.title, orgName, p.kind];
	contactParts(p, out);
	out.push(p.interests, p.focusGroups, Object.values(p.preferences));
	customParts(p.custom, customDefs, 'person', out);
	return out;
}

/** Every searchable value of an organization, for searchText. */
export function organizationSearchParts(
	o: OrganizationFields,
	customDefs: readonly CustomFieldDef[] = []
): unknown[] {
	const out: unknown[] = [o.name, o.website, o.industry, o.kind];
	contactParts(o, out);
	customParts(o.custom, customDefs, 'organization', out);
	return out;
}
