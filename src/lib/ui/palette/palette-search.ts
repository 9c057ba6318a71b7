/**
 * The palette's record search: every listed record type's rows, matched by the list's own search
 * (the rows' folded haystack: name, emails, phones, organization, …), a few per type. A scan stops
 * once a type has enough matches whose name has a word starting with the query, or a few hundred
 * matches to pick from, so a common word over 100k people costs a few hundred rows, not all. A scan that went to the end keeps what it
 * matched: the next keystroke, narrowing the query, scans only those (a rare word over 100k people
 * is one full scan, then a few rows per keystroke).
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
 * Up to `perType` hits per source, in the sources' order: first the rows with a word of the name
 * starting with the query's first word, then the other matches, each group in row order (among
 * the first matches found, when there are many).
 */
export function findRecords(
	sources: readonly RecordSource[],
	query: string,
	perType = PER_TYPE
): RecordHit[] {
	return new RecordFinder().find(sources, query, perType);
}

/** Matches enough to pick a few from: the scan stops there. */
const ENOUGH = 300;

interface Kept {
	rows: readonly SearchableRow[];
	words: readonly string[];
	/** Every row of `rows` that matched `words`. */
	matched: SearchableRow[];
}

/** Whether every row matching `next` also matches `prev`: each old word is inside a new one. */
function narrows(prev: readonly string[], next: readonly string[]): boolean {
	return prev.every((p) => next.some((n) => n.includes(p)));
}

/** findRecords with memory between keystrokes (one per open palette). */
export class RecordFinder {
	#kept = new Map<RecordSource['label'], Kept>();

	find(sources: readonly RecordSource[], query: string, perType = PER_TYPE): RecordHit[] {
		const words = normalizeQuery(query);
		if (words.length === 0) return [];
		const head = fold(query).trim().split(/\s+/)[0];
		const hits: RecordHit[] = [];
		for (const source of sources) {
			for (const row of this.#scan(source, words, head, perType)) {
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

	#scan(
		source: RecordSource,
		words: readonly string[],
		head: string,
		perType: number
	): SearchableRow[] {
		const kept = this.#kept.get(source.label);
		const pool =
			kept && kept.rows === source.rows && narrows(kept.words, words) ? kept.matched : source.rows;
		const starts: SearchableRow[] = [];
		const others: SearchableRow[] = [];
		const matched: SearchableRow[] = [];
		let finished = true;
		for (const row of pool) {
			if (!matchesQuery(row.search, words)) continue;
			matched.push(row);
			if ((' ' + fold(row.name)).includes(' ' + head)) starts.push(row);
			else if (others.length < perType) others.push(row);
			if (starts.length === perType || matched.length === ENOUGH) {
				finished = false;
				break;
			}
		}
		if (finished) {
			this.#kept.set(source.label, { rows: source.rows, words, matched });
		} else if (pool === source.rows) this.#kept.delete(source.label);
		// (Stopped early in what was kept: that stays a superset for the next narrowing.)
		return [...starts, ...others].slice(0, perType);
	}
}
