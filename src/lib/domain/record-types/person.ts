/** The person: a contact at an organization (or on their own). */
import { findDuplicates, type PersonCandidate } from '../duplicates';
import { mergePeople } from '../merge';
import {
	PERSON_FIELD_LABELS,
	emptyPerson,
	personName,
	type Address,
	type ConsentState,
	type CustomValue,
	type Preferences,
	type PersonFields,
	type RelationshipKind
} from '../records';
import { personSearchParts, searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { validatePerson } from '../validate';
import { declareRecordType } from './declaration';
import { personImport } from './person-import';
import {
	CITY_FIELD,
	KIND_FIELD,
	KIND_FILTER,
	LAST_CONTACTED_FIELD,
	NEXT_STEP_FIELD,
	OWNER_FIELD,
	OWNER_FILTER,
	TAGS_FIELD,
	TAG_FILTER
} from './shared-fields';

/** One row of the people list: what the list shows, sorts, searches and filters. */
export interface PersonRow {
	id: string;
	name: string; // "First Last"
	firstName: string;
	lastName: string;
	title: string;
	organizationId: string | null;
	organizationName: string;
	kind: RelationshipKind;
	ownerId: string | null;
	email: string; // the first email
	phone: string; // the first phone
	city: string; // the first address's city
	/** The first address's region, country and postcode (segments' location conditions). */
	region: string;
	country: string;
	postcode: string;
	/** The first address carrying coordinates, as [lat, lon], or null. */
	geo: readonly [number, number] | null;
	tags: string[];
	interests: string[];
	focusGroups: string[];
	/** Each preference as "key: value" (diet: vegetarian), so a segment tests it as a list. */
	preferences: string[];
	consent: ConsentState;
	/** What the team judges they could be worth (value clusters), or null. */
	potentialValue: number | null;
	custom: Record<string, CustomValue>;
	/** The newest interaction's time (ms), or null: none yet. */
	lastContactedAt: number | null;
	/** The newest interaction's next step. */
	nextStep: string;
	updatedAt: number;
	hasIssues: boolean; // validation found something: the list shows a warning mark
	search: string; // lower-cased haystack of every searchable value
}

/** Rows share one empty list: most people have no interests or focus groups. */
const NONE: string[] = [];

function listOf(values: readonly string[], internAll: (v: readonly string[]) => string[]) {
	return values.length ? internAll(values) : NONE;
}

/** "key: value" per preference, as a list filter or segment tests it. */
export function preferenceList(prefs: Preferences): string[] {
	return Object.entries(prefs).map(([k, v]) => `${k}: ${v}`);
}

function geoOf(addresses: readonly Address[]): readonly [number, number] | null {
	const a = addresses.find((x) => x.lat !== undefined && x.lon !== undefined);
	return a ? [a.lat as number, a.lon as number] : null;
}

export const person = declareRecordType<PersonFields, PersonRow, 'person', 'people'>({
	name: 'person',
	collection: 'people',
	nouns: ['person', 'people'],
	labels: PERSON_FIELD_LABELS,
	empty: emptyPerson,
	validate: validatePerson,
	textFields: ['notes'],
	displayName: personName,
	row(id, p, updatedAt, hasIssues, defs, lookup) {
		const contact = lookup.lastContact(id);
		const organizationName = lookup.related('organizationId', p.organizationId);
		return {
			id,
			name: personName(p),
			firstName: p.firstName,
			lastName: p.lastName,
			title: p.title,
			organizationId: lookup.intern(p.organizationId),
			organizationName: lookup.intern(organizationName),
			kind: lookup.intern(p.kind),
			ownerId: lookup.intern(p.ownerId),
			email: p.emails[0]?.value ?? '',
			phone: p.phones[0]?.value ?? '',
			city: lookup.intern(p.addresses[0]?.city ?? ''),
			region: lookup.intern(p.addresses[0]?.region ?? ''),
			country: lookup.intern(p.addresses[0]?.country ?? ''),
			postcode: p.addresses[0]?.postcode ?? '',
			geo: geoOf(p.addresses),
			tags: lookup.internAll(p.tags),
			interests: listOf(p.interests, lookup.internAll),
			focusGroups: listOf(p.focusGroups, lookup.internAll),
			preferences: listOf(preferenceList(p.preferences), lookup.internAll),
			consent: p.consent,
			potentialValue: p.potentialValue,
			custom: p.custom,
			lastContactedAt: contact?.at ?? null,
			nextStep: contact?.nextStep ?? '',
			updatedAt,
			hasIssues,
			search: searchText(personSearchParts(p, organizationName, defs))
		};
	},
	savedSegments: true,
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		firstName: { type: 'text', label: 'First name' },
		lastName: { type: 'text', label: 'Last name' },
		title: { type: 'text', label: 'Title' },
		organizationName: { type: 'text', label: 'Organization' },
		email: { type: 'text', label: 'Email' },
		phone: { type: 'text', label: 'Phone' },
		city: CITY_FIELD,
		region: { type: 'text', label: 'Region' },
		country: { type: 'text', label: 'Country' },
		postcode: { type: 'text', label: 'Postcode' },
		geo: { type: 'place', label: 'Location' },
		kind: KIND_FIELD,
		ownerId: OWNER_FIELD,
		tags: TAGS_FIELD,
		interests: { type: 'multi-choice', label: 'Interests' },
		focusGroups: { type: 'multi-choice', label: 'Focus groups' },
		preferences: { type: 'multi-choice', label: 'Preferences' },
		consent: { type: 'choice', label: 'Consent' },
		potentialValue: { type: 'number', label: 'Potential value' },
		lastContactedAt: LAST_CONTACTED_FIELD,
		nextStep: NEXT_STEP_FIELD,
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: { filters: [KIND_FILTER, OWNER_FILTER, TAG_FILTER] },
	relations: [
		{
			field: 'organizationId',
			to: 'organization',
			reverse: 'people',
			shows: 'name',
			shownAs: 'organizationName',
			countedAs: 'peopleCount'
		}
	],
	merge: mergePeople,
	duplicates: {
		from: 'records',
		find: (records) => findDuplicates(records as readonly PersonCandidate[])
	},
	import: personImport
});
