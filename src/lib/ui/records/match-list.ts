/** What both type-to-pick fields share: the first matches of a query, and arrow-key moves. */
import { matchesQuery, normalizeQuery } from '$lib/domain/search';

export const MAX_MATCHES = 8;

/** The first MAX_MATCHES rows whose search text holds every word of `query`, but `skip`. */
export function firstMatches<T extends { id: string; search: string }>(
	rows: readonly T[],
	query: string,
	skip: (id: string) => boolean
): T[] {
	const q = normalizeQuery(query);
	if (q.length === 0) return [];
	const out: T[] = [];
	for (const row of rows) {
		if (!skip(row.id) && matchesQuery(row.search, q)) out.push(row);
		if (out.length === MAX_MATCHES) break;
	}
	return out;
}

/** The active option after an arrow key, or null when the key is not an arrow. */
export function movedActive(key: string, active: number, count: number): number | null {
	if (key === 'ArrowDown') return Math.min(active + 1, count - 1);
	if (key === 'ArrowUp') return Math.max(active - 1, 0);
	return null;
}
