/** Option lists for the record forms' selects, as [value, text] pairs ('' means none). */
import type { Member } from '$lib/domain/records';

export type Choice = readonly [string, string];

export const choices = (values: readonly string[]): Choice[] => values.map((v) => [v, v]);

export function memberChoices(members: readonly Member[]): Choice[] {
	return [['', 'Nobody'], ...members.map((m): Choice => [m.id, m.name])];
}

/** Organizations by name; computed once per change of the list, not per render. */
export function organizationChoices(orgs: readonly { id: string; name: string }[]): Choice[] {
	const sorted = [...orgs].sort((a, b) => a.name.localeCompare(b.name));
	return [['', 'None'], ...sorted.map((o): Choice => [o.id, o.name || 'Unnamed organization'])];
}
