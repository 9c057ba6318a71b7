/**
 * What an import did, in words, with each count's own plural: "1 person created, 3 people
 * updated, 2 already up to date". The import's done message and its line in past imports.
 */
import { recordTypeOfCollection } from '../record-types';

export interface ImportCounts {
	created: number;
	updated: number;
	/** Rows matching an existing record whose values it already had (update mode). */
	unchanged?: number;
	skipped?: number;
	createdOrganizations?: number;
	/** Records of other types made along (an order import's people and products), by collection. */
	createdOther?: Record<string, number>;
}

/** "1 person", "2 people", "1,200 organizations". */
export function countOf(n: number, nouns: readonly [string, string]): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? nouns[0] : nouns[1]}`;
}

/** The nouns of a collection's records, or the collection's name for an unknown one. */
function nounsOf(collection: string): readonly [string, string] {
	const type = recordTypeOfCollection(collection);
	return type ? type.nouns : [collection, collection];
}

/** The counts in words; `nouns`: the imported type's [singular, plural]. */
export function importCountsText(c: ImportCounts, nouns: readonly [string, string]): string {
	const parts: string[] = [];
	if (c.created > 0 || (c.updated === 0 && !c.unchanged))
		parts.push(`${countOf(c.created, nouns)} created`);
	if (c.updated > 0) parts.push(`${countOf(c.updated, nouns)} updated`);
	if (c.unchanged) parts.push(`${countOf(c.unchanged, nouns)} already up to date`);
	if (c.createdOrganizations)
		parts.push(`${countOf(c.createdOrganizations, nounsOf('organizations'))} created`);
	for (const [collection, count] of Object.entries(c.createdOther ?? {}))
		if (count > 0) parts.push(`${countOf(count, nounsOf(collection))} created`);
	if (c.skipped) parts.push(`${countOf(c.skipped, ['row', 'rows'])} skipped`);
	return parts.join(', ');
}
