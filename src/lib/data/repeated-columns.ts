/**
 * Which columns of cached rows repeat their values, found from the rows as the cache is written
 * (row-cache.ts), so the rows read back share one copy of each (intern.ts) as the rows built
 * from the documents do. JSON.parse makes every string anew: 100k tasks read from the cache held
 * their assignee's and author's ids (36 characters each) once per row, and the warm visit's
 * heap was ~30 MB over the cold one's. Found from the data rather than listed per type: a
 * workspace whose people are mostly "CEO" or in one country shares those as well.
 */

/** A column repeats when it holds at most one distinct value in this many. */
const DISTINCT_AT_MOST_ONE_IN = 4;
/** Fewer values than this tell nothing: the first page of a list, a young workspace. */
const FEWEST_VALUES = 8;

interface Column {
	distinct: Set<string>;
	values: number;
}

export class RepeatedColumns {
	private readonly columns = new Map<string, Column | null>();
	/** Past this many distinct values a column cannot repeat enough: no longer counted. */
	private readonly limit: number;

	constructor(rows: number) {
		this.limit = Math.max(FEWEST_VALUES, Math.ceil(rows / DISTINCT_AT_MOST_ONE_IN));
	}

	/** Counts a row's strings, and the strings of its lists of strings (tags, interests). */
	add(row: object): void {
		for (const key in row) {
			const value = (row as Record<string, unknown>)[key];
			if (typeof value === 'string') this.count(key, value);
			else if (Array.isArray(value))
				for (const item of value) if (typeof item === 'string') this.count(key, item);
		}
	}

	private count(key: string, value: string): void {
		let column = this.columns.get(key);
		if (column === null) return; // too many distinct values already
		if (!column) this.columns.set(key, (column = { distinct: new Set(), values: 0 }));
		column.values++;
		column.distinct.add(value);
		if (column.distinct.size > this.limit) this.columns.set(key, null);
	}

	/** The columns whose values repeat. */
	names(): string[] {
		const out: string[] = [];
		for (const [key, column] of this.columns)
			if (
				column &&
				column.values >= FEWEST_VALUES &&
				column.distinct.size * DISTINCT_AT_MOST_ONE_IN <= column.values
			)
				out.push(key);
		return out;
	}
}
