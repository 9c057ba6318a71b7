/**
 * Builds list rows from records with each type's declaration: validated, with a search
 * haystack. Pure, given the reads; what a row shows of related records comes from `lookup`.
 */
import type { AnyRecordType, RowLookup } from '$lib/domain/record-types';
import type { CustomFieldDef } from '$lib/domain/records';
import { withTextField } from '$lib/domain/search';
import { isDeleted, readRecord, type StoredRecord } from './layout';
import { readTrail } from './stage-trail';
import { recordTextValue } from './record-texts';
import type { RowBuilder } from './live-collection.svelte';
import { validateStored } from './validated-read';

/** A record's plain value as stored, and validated by its type (`keep`: see readSnapshot). */
export function readTyped(
	type: AnyRecordType,
	record: StoredRecord,
	defs: readonly CustomFieldDef[],
	keep = true
) {
	const raw = readRecord(record, keep);
	return { raw, ...validateStored(raw, (r) => type.validate(r, defs)) };
}

/** The row builder of a type: one closure per type, nothing made per row but the row. */
export function rowBuilder<TRow>(
	type: AnyRecordType,
	customDefs: () => readonly CustomFieldDef[],
	lookup: RowLookup
): RowBuilder<TRow> {
	return (id, record, doc) => {
		if (isDeleted(record)) return null;
		const defs = customDefs();
		// A row is built once per change of its record: its parse is not kept for the next.
		const { raw, value, issues } = readTyped(type, record, defs, false);
		const updatedAt = numberOr(raw.updatedAt, numberOr(raw.createdAt, 0));
		const createdAt = numberOr(raw.createdAt, 0);
		const trail = type.trailed ? readTrail(record) : NO_TRAIL;
		const row = type.row(id, value, updatedAt, issues.length > 0, defs, lookup, {
			createdAt,
			trail
		});
		// Notes are found by search too: the start of each text field joins the haystack.
		const place = typeof record === 'string' ? { doc, id } : undefined;
		for (const field of type.textFields)
			row.search = withTextField(row.search, recordTextValue(record, field, place));
		return row as TRow;
	};
}

const NO_TRAIL = Object.freeze([]) as readonly never[];

function numberOr(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
