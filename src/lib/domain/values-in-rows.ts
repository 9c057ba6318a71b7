/**
 * The values a list's rows hold in some fields (every tag in use, for the Tag filter), counted
 * as rows come and go: a peer's edit at 100k rows adjusts a few counts instead of reading every
 * row again (~30 ms each time a 100k list changed).
 */
export class ValuesInRows {
	private readonly counts: Map<string, number>[];
	private sorted: Record<string, string[]> | null = null;

	constructor(
		private readonly fields: readonly string[],
		rows: Iterable<object> = []
	) {
		this.counts = fields.map(() => new Map());
		for (const row of rows) this.add(row);
	}

	add(row: object): void {
		this.count(row, 1);
	}

	/**
	 * The rows `removed` left and `added` came (an edited row: its old object removed, its new
	 * one added; a row in both came and went, and was never counted).
	 */
	change(removed: readonly object[], added: readonly object[]): void {
		const gone = new Set(removed);
		const came = new Set(added);
		for (const r of removed) if (!came.has(r)) this.count(r, -1);
		for (const r of added) if (!gone.has(r)) this.count(r, 1);
	}

	/** Each field's values in use, sorted as the filter lists them (the same object until a count moves to or from 0). */
	values(): Record<string, string[]> {
		this.sorted ??= Object.fromEntries(
			this.fields.map((f, i) => [f, [...this.counts[i].keys()].sort((a, b) => a.localeCompare(b))])
		);
		return this.sorted;
	}

	private count(row: object, by: 1 | -1): void {
		for (let i = 0; i < this.fields.length; i++) {
			const v = (row as Record<string, unknown>)[this.fields[i]];
			if (Array.isArray(v)) {
				for (const x of v) if (typeof x === 'string' && x !== '') this.bump(i, x, by);
			} else if (typeof v === 'string' && v !== '') this.bump(i, v, by);
		}
	}

	private bump(field: number, value: string, by: 1 | -1): void {
		const counts = this.counts[field];
		const held = counts.get(value);
		const n = (held ?? 0) + by;
		if (n > 0) {
			if (held === undefined) this.sorted = null;
			counts.set(value, n);
		} else if (counts.delete(value)) this.sorted = null;
	}
}

/**
 * Counts `rows` a slice of about `sliceMs` at a time, with `pause` before each slice (100k
 * people's tags took ~50 ms in one task; the first slice too waits, out of its caller's task).
 */
export async function countInSlices(
	fields: readonly string[],
	rows: readonly object[],
	pause: () => Promise<void>,
	sliceMs = 8
): Promise<ValuesInRows> {
	const values = new ValuesInRows(fields);
	for (let i = 0; i < rows.length;) {
		await pause();
		const until = performance.now() + sliceMs;
		do {
			const end = Math.min(rows.length, i + 256); // the clock read once per 256 rows
			for (; i < end; i++) values.add(rows[i]);
		} while (i < rows.length && performance.now() < until);
	}
	return values;
}
