/**
 * The list filter: a search query plus relationship kinds, owners and tags. An empty list
 * means "no constraint"; within a list any value matches (OR), except tags, which must all
 * be present (AND). Works on any row with the fields below (people and organizations).
 */
import type { RelationshipKind } from './records';
import { matchesQuery, normalizeQuery } from './search';

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

/** The rows that pass the filter, in their input order. */
export function filterRows<R extends FilterableRow>(rows: readonly R[], filter: PeopleFilter): R[] {
	if (isFilterEmpty(filter)) return rows.slice();
	const words = normalizeQuery(filter.query);
	const kinds = filter.kinds.length ? new Set<string>(filter.kinds) : null;
	const owners = filter.ownerIds.length ? new Set(filter.ownerIds) : null;
	const tags = filter.tags;
	const out: R[] = [];
	outer: for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		if (kinds && !kinds.has(r.kind)) continue;
		if (owners && !owners.has(r.ownerId ?? null)) continue;
		for (let t = 0; t < tags.length; t++) if (!r.tags.includes(tags[t])) continue outer;
		if (words.length && !matchesQuery(r.search, words)) continue;
		out.push(r);
	}
	return out;
}
