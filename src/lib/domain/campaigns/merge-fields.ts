/**
 * The merge fields a campaign's template may use, and one recipient's values of them: the
 * person's own fields, what the purchases profile knows (favourite category, last order date)
 * and the workspace's custom fields of people, each under a key made from its label
 * ("Favourite dish" → {{favouriteDish}}) since Liquid names cannot hold spaces.
 */
import type { CustomFieldDef, CustomValue } from '../records';

export interface MergeField {
	key: string;
	label: string;
}

export const STANDARD_FIELDS: readonly MergeField[] = [
	{ key: 'firstName', label: 'First name' },
	{ key: 'lastName', label: 'Last name' },
	{ key: 'name', label: 'Full name' },
	{ key: 'organization', label: 'Organization' },
	{ key: 'city', label: 'City' },
	{ key: 'interests', label: 'Interests' },
	{ key: 'favouriteCategory', label: 'Favourite category (from orders)' },
	{ key: 'lastOrderDate', label: 'Last order date' }
];

/** What a recipient's values are made from: a person's row, plainly. */
export interface MergePerson {
	firstName: string;
	lastName: string;
	organizationName: string;
	city: string;
	interests: readonly string[];
	custom: Readonly<Record<string, CustomValue>>;
}

/** What the purchases profile adds (none for someone who never ordered). */
export interface MergePurchases {
	/** Categories by share of spend, largest first. */
	categoryShares: readonly (readonly [string, number])[];
	lastOrderAt: number;
}

/** "Favourite dish" → "favouriteDish"; "2nd choice" → "f2ndChoice" (a name starts with a letter). */
export function customFieldKey(label: string): string {
	const words = label
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.split(/[^A-Za-z0-9]+/)
		.filter((w) => w !== '');
	const key = words
		.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() : w.charAt(0).toUpperCase()) + w.slice(1))
		.join('');
	return /^[A-Za-z]/.test(key) ? key : key ? `f${key}` : '';
}

/** The fields a template may use: the standard ones, then each of the recipients' custom fields
 * (`customDefs`: those of the recipients' type) whose key is free (a label whose key repeats a
 * standard field or an earlier one is left out). */
export function mergeFields(
	customDefs: readonly CustomFieldDef[]
): (MergeField & { id?: string })[] {
	const out: (MergeField & { id?: string })[] = [...STANDARD_FIELDS];
	const taken = new Set(out.map((f) => f.key));
	for (const def of customDefs) {
		const key = customFieldKey(def.label);
		if (!key || taken.has(key)) continue;
		taken.add(key);
		out.push({ key, label: def.label, id: def.id });
	}
	return out;
}

function customText(v: CustomValue | undefined): string {
	if (v === null || v === undefined) return '';
	if (Array.isArray(v)) return v.join(', ');
	if (typeof v === 'boolean') return v ? 'yes' : '';
	return String(v);
}

/** One formatter for every date: toLocaleDateString makes one per call (0.1 ms each). */
const LETTER_DATE = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});

/** A date as the letter says it: '31 March 2026' (UTC, the app's order dates). */
export function letterDate(ms: number): string {
	return LETTER_DATE.format(ms);
}

/** One recipient's values by key; empty text where nothing is known (fallbacks then apply). */
export function mergeValues(
	person: MergePerson,
	purchases: MergePurchases | undefined,
	fields: readonly (MergeField & { id?: string })[]
): Record<string, string> {
	const values: Record<string, string> = {
		firstName: person.firstName,
		lastName: person.lastName,
		name: `${person.firstName} ${person.lastName}`.trim(),
		organization: person.organizationName,
		city: person.city,
		interests: person.interests.join(', '),
		favouriteCategory: purchases?.categoryShares[0]?.[0] ?? '',
		lastOrderDate: purchases && purchases.lastOrderAt > 0 ? letterDate(purchases.lastOrderAt) : ''
	};
	for (const f of fields) if (f.id) values[f.key] = customText(person.custom[f.id]);
	return values;
}
