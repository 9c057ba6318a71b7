/**
 * "Update existing": what an imported row changes on the record it duplicates. Values the
 * row has replace single values; lists (e-mails, phones, addresses, tags, interests) gain the
 * row's new entries and keep their own; notes get the row's notes appended once.
 */
import { emailKey, phoneKey } from '$lib/domain/contact-keys';
import type { ImportedFields } from '$lib/domain/import/rows';
import type { Address, CustomValue, LabelledValue } from '$lib/domain/records';
import { sameValue } from '$lib/domain/history';

export interface UpdatePatch {
	fields: Record<string, unknown>;
	custom: Record<string, CustomValue>;
	notes: string; // to append; '' for none
}

const SINGLE = [
	'firstName',
	'lastName',
	'title',
	'decisionRole',
	'consent',
	'kind',
	'source',
	'name',
	'website',
	'industry'
] as const;

type Raw = Record<string, unknown>;

function list<T>(v: unknown): T[] {
	return Array.isArray(v) ? (v as T[]) : [];
}

function union<T>(current: T[], added: T[], key: (x: T) => string): T[] | null {
	const seen = new Set(current.map(key));
	const extra = added.filter((x) => {
		const k = key(x);
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
	return extra.length > 0 ? [...current, ...extra] : null;
}

const emailOf = (x: LabelledValue) => emailKey(String(x?.value ?? ''));
const phoneOf = (x: LabelledValue) => phoneKey(String(x?.value ?? '')) || String(x?.value ?? '');
const addressOf = (a: Address) =>
	[a?.street, a?.city, a?.postcode, a?.country].map((s) => String(s ?? '').toLowerCase()).join('|');
const word = (s: string) => String(s).toLowerCase();

export function updatePatch(
	current: Raw,
	currentNotes: string,
	row: ImportedFields,
	organizationId?: string
): UpdatePatch {
	const fields: Record<string, unknown> = {};
	const imported = row as Raw;
	for (const f of SINGLE) {
		const v = imported[f];
		if (typeof v === 'string' && v !== '' && v !== current[f]) fields[f] = v;
	}
	const lists: [string, (x: never) => string][] = [
		['emails', emailOf as never],
		['phones', phoneOf as never],
		['addresses', addressOf as never],
		['tags', word as never],
		['interests', word as never]
	];
	for (const [f, key] of lists) {
		const added = list<never>(imported[f]);
		if (added.length === 0) continue;
		const next = union(list<never>(current[f]), added, key);
		if (next) fields[f] = next;
	}
	// An amount the file gives replaces the stored one (the team's estimate, not a list).
	const potential = imported.potentialValue;
	if (typeof potential === 'number' && potential !== current.potentialValue)
		fields.potentialValue = potential;
	if (organizationId && current.organizationId !== organizationId) {
		fields.organizationId = organizationId;
	}
	const custom: Record<string, CustomValue> = {};
	const currentCustom = (current.custom ?? {}) as Record<string, unknown>;
	for (const [id, v] of Object.entries(row.custom ?? {})) {
		if (!sameValue(currentCustom[id], v)) custom[id] = v;
	}
	const notes = row.notes && !currentNotes.includes(row.notes) ? row.notes : '';
	return { fields, custom, notes };
}
