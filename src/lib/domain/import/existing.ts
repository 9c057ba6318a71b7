/**
 * Finding the record an imported row describes, by e-mail address first and phone number
 * second, with the same keys as duplicate detection (../duplicates), so an import and a later
 * duplicate scan agree. What to do with a match (skip, update, create anyway) is the caller's
 * choice.
 */
import { emailKey, phoneKey } from '../duplicates';
import type { LabelledValue } from '../records';

export interface DuplicateIndex {
	byEmail: Map<string, string>; // emailKey -> record id
	byPhone: Map<string, string>; // phoneKey -> record id
}

type Contacts = { emails?: LabelledValue[]; phones?: LabelledValue[] };

export function emptyIndex(): DuplicateIndex {
	return { byEmail: new Map(), byPhone: new Map() };
}

/** Adds a record (existing or just imported, so a file's own repeats are found too). */
export function addToIndex(index: DuplicateIndex, id: string, fields: Contacts): void {
	for (const e of fields.emails ?? []) {
		const key = emailKey(e.value);
		if (key && !index.byEmail.has(key)) index.byEmail.set(key, id);
	}
	for (const p of fields.phones ?? []) {
		const key = phoneKey(p.value);
		if (key && !index.byPhone.has(key)) index.byPhone.set(key, id);
	}
}

export function findExisting(fields: Contacts, index: DuplicateIndex): string | null {
	for (const e of fields.emails ?? []) {
		const id = index.byEmail.get(emailKey(e.value));
		if (id) return id;
	}
	for (const p of fields.phones ?? []) {
		const key = phoneKey(p.value);
		const id = key ? index.byPhone.get(key) : undefined;
		if (id) return id;
	}
	return null;
}
