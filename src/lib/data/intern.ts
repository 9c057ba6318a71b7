/**
 * One shared copy of each value that many rows repeat (a relationship kind, an owner, a city, a
 * tag): 100k rows would otherwise each hold their own copy, read from JSON. Saves heap, and
 * comparing a shared string is faster (segments compare these values for every row).
 */
const shared = new Map<string, string>();

export function intern<T extends string | null>(value: T): T {
	if (value === null) return value;
	const known = shared.get(value);
	if (known !== undefined) return known as T;
	shared.set(value, value);
	return value;
}

/** The list of every row without values (rows are replaced, never changed in place). */
export const NO_VALUES: string[] = [];

export function internAll(values: readonly string[]): string[] {
	return values.length === 0 ? NO_VALUES : values.map(intern);
}

/** The row fields whose values repeat across rows (see rows.ts). */
export const REPEATED_FIELDS: readonly string[] = [
	'kind',
	'ownerId',
	'organizationId',
	'organizationName',
	'city',
	'industry'
];

/** Whether `value` has its one shared copy (for tests: a string's identity cannot be seen). */
export function isInterned(value: string): boolean {
	return shared.has(value);
}
