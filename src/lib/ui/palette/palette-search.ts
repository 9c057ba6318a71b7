/**
 * The palette's record search: every listed record type's rows, matched by the list's own search
 * (the rows' folded haystack: name, emails, phones, organization, …), a few per type. A scan stops
 * once a type has enough matches whose name starts with the query, so a common word over 100k
 * people costs a few hundred rows, not all of them.
 */
import { fold } from '$lib/domain/fold';
import { matchesQuery, normalizeQuery } from '$lib/domain/search';

export interface SearchableRow {
	id: string;
	name: string;
	search: string;
}

export interface RecordSource {
	/** The type's plural as a group heading ('People'). */
	label: string;
	/** The noun a result is announced with ('person'). */
	noun: string;
	rows: readonly SearchableRow[];
	href: (id: string) => string;
}

export interface RecordHit {
	id: string;
	name: string;
	noun: string;
	group: string;
	href: string;
}

/** Hits per type: enough to pick from, few enough to read. */
export const PER_TYPE = 5;

/**
 * Up to `perType` hits per source, in the sources' order: first the rows whose name starts with
 * the query's first word, then the other matches, each group in row order.
 */
export function findRecords(
	sources: readonly RecordSource[],
	query: string,
	perType = PER_TYPE
): RecordHit[] {
	const words = normalizeQuery(query);
	if (words.length === 0) return [];
	const head = fold(query).trim().split(/\s+/)[0];
	const hits: RecordHit[] = [];
	for (const source of sources) {
		const starts: SearchableRow[] = [];
		const others: SearchableRow[] = [];
		for (const row of source.rows) {
			if (!matchesQuery(row.search, words)) continue;
			if (fold(row.name).startsWith(head)) {
				starts.push(row);
				if (starts.length === perType) break;
			} else if (others.length < perType) others.push(row);
		}
		for (const row of [...starts, ...others].slice(0, perType)) {
			hits.push({
				id: row.id,
				name: row.name || 'Unnamed',
				noun: source.noun,
				group: source.label,
				href: source.href(row.id)
			});
		}
	}
	return hits;
}
