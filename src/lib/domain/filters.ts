/**
 * The list filter: a search query plus, per filter the record type's list declares (a kind, an
 * owner, tags, a deal's stage), the values picked. Nothing picked means "no constraint". A
 * choice or text field matches any of the values picked (OR; null stands for "empty"), a
 * multi-choice field (tags) must hold every one (AND), and the filters combine with AND.
 * The picked values run as a compiled segment (segments/) over the type's segment fields, so the
 * list filter and saved segments cannot drift apart, and filtering stays one linear pass.
 */
import type { AnyRecordType } from './record-types/declaration';
import { matchesQuery, normalizeQuery } from './search';
import { compileSegment } from './segments/compile';
import type { SegmentContext } from './segments/context';
import type { SegmentCondition, SegmentDef, SegmentFields } from './segments/definition';

export interface ListFilter {
	query: string;
	/** Per segment field: the values picked, null meaning "the field is empty". */
	values: Readonly<Record<string, readonly (string | null)[]>>;
}

/** What filterRows needs of a row; the rest it reads through the type's segment fields. */
export interface FilterableRow {
	/** The folded haystack from searchText. */
	search: string;
}

export function emptyFilter(): ListFilter {
	return { query: '', values: {} };
}

export function isFilterEmpty(f: ListFilter): boolean {
	return f.query.trim() === '' && !Object.values(f.values).some((v) => v.length > 0);
}

/**
 * The picked values as a segment (the query is full-text search, which no segment field
 * covers), one condition per field with values picked, in the filter's order.
 */
export function filterSegment(filter: ListFilter, fields: SegmentFields): SegmentDef {
	const children: SegmentCondition[] = [];
	for (const [field, picked] of Object.entries(filter.values)) {
		if (!picked.length) continue;
		if (fields[field]?.type === 'multi-choice') {
			const value = picked.filter((v) => v !== null);
			if (value.length) children.push({ field, op: 'has_all_of', value });
			if (value.length < picked.length) children.push({ field, op: 'is_empty' });
		} else children.push({ field, op: 'is_any_of', value: [...picked] });
	}
	return { match: 'all', children };
}

/**
 * The rows that pass the filter, in their input order. `fields`: the type's segment fields,
 * which say what each filtered field is (a field it does not declare matches no row).
 */
export function filterRows<R extends FilterableRow>(
	rows: readonly R[],
	filter: ListFilter,
	fields: SegmentFields
): R[] {
	if (isFilterEmpty(filter)) return rows.slice();
	const words = normalizeQuery(filter.query);
	// Filters pick among values: no custom field is involved, and no date relative to now.
	const ctx: SegmentContext = { fields, customFields: [], now: 0 };
	const test = compileSegment(filterSegment(filter, fields), ctx);
	const out: R[] = [];
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		if (test(r) && (words.length === 0 || matchesQuery(r.search, words))) out.push(r);
	}
	return out;
}

const FILTERABLE = new Set(['choice', 'multi-choice', 'text']);

/** What is wrong with a type's list filters; the test over every declared type runs it. */
export function listFilterProblems(type: AnyRecordType): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const f of type.list?.filters ?? []) {
		const field = type.segmentFields[f.field];
		if (!field) problems.push(`${type.name}'s list filters "${f.field}", not a segment field`);
		else if (!FILTERABLE.has(field.type))
			problems.push(`${type.name}'s list filter "${f.field}" is a ${field.type} field`);
		if (seen.has(f.field)) problems.push(`${type.name}'s list filters "${f.field}" twice`);
		seen.add(f.field);
		if (Array.isArray(f.values) && f.values.length === 0)
			problems.push(`${type.name}'s list filter "${f.field}" offers no values`);
		if (f.none !== undefined && f.any === undefined)
			problems.push(`${type.name}'s list filter "${f.field}" has "none" without "any"`);
	}
	return problems;
}
