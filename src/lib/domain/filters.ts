/**
 * The list filter: a search query plus relationship kinds, owners and tags. An empty list
 * means "no constraint"; within a list any value matches (OR), except tags, which must all
 * be present (AND). Works on any row with the fields below (people and organizations).
 * Kinds, owners and tags run as a compiled segment (segments/), so the list filter and saved
 * segments cannot drift apart.
 */
import type { RelationshipKind } from './records';
import { matchesQuery, normalizeQuery } from './search';
import { compileSegment } from './segments/compile';
import type { SegmentContext } from './segments/context';
import type { SegmentCondition, SegmentDef } from './segments/definition';

export interface PeopleFilter {
	query: string;
	kinds: RelationshipKind[];
	/** null stands for "no owner". */
	ownerIds: (string | null)[];
	/** Every listed tag must be on the row (exact match, as tags are shown). */
	tags: string[];
}

/** What filterRows needs of a row; PersonRow and OrganizationRow both fit. */
export interface FilterableRow {
	kind: string;
	ownerId: string | null;
	tags: readonly string[];
	/** The folded haystack from searchText. */
	search: string;
}

export function emptyFilter(): PeopleFilter {
	return { query: '', kinds: [], ownerIds: [], tags: [] };
}

export function isFilterEmpty(f: PeopleFilter): boolean {
	return f.query.trim() === '' && !f.kinds.length && !f.ownerIds.length && !f.tags.length;
}

/**
 * The filter's kinds, owners and tags as a segment (the query is full-text search, which no
 * segment field covers). An empty list adds no condition.
 */
export function filterSegment(filter: PeopleFilter): SegmentDef {
	const children: SegmentCondition[] = [];
	const { kinds, ownerIds, tags } = filter;
	if (kinds.length) children.push({ field: 'kind', op: 'is_any_of', value: [...kinds] });
	if (ownerIds.length) children.push({ field: 'ownerId', op: 'is_any_of', value: [...ownerIds] });
	if (tags.length) children.push({ field: 'tags', op: 'has_all_of', value: [...tags] });
	return { match: 'all', children };
}

// Kinds, owners and tags involve neither custom fields nor dates.
const LIST_CONTEXT: SegmentContext = { customFields: [], now: 0 };

/** The rows that pass the filter, in their input order. */
export function filterRows<R extends FilterableRow>(rows: readonly R[], filter: PeopleFilter): R[] {
	if (isFilterEmpty(filter)) return rows.slice();
	const words = normalizeQuery(filter.query);
	const test = compileSegment(filterSegment(filter), LIST_CONTEXT);
	const out: R[] = [];
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		if (test(r) && (words.length === 0 || matchesQuery(r.search, words))) out.push(r);
	}
	return out;
}
