/** The organization: a company or institution people belong to. */
import { findDuplicateOrganizations, type OrganizationCandidate } from '../duplicates';
import { mergeOrganizations } from '../merge';
import {
	ORGANIZATION_FIELD_LABELS,
	emptyOrganization,
	type CustomValue,
	type OrganizationFields,
	type RelationshipKind
} from '../records';
import { organizationSearchParts, searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { validateOrganization } from '../validate';
import { declareRecordType } from './declaration';
import { organizationImport } from './organization-import';
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

export interface OrganizationRow {
	id: string;
	name: string;
	kind: RelationshipKind;
	ownerId: string | null;
	website: string;
	industry: string;
	city: string;
	tags: string[];
	custom: Record<string, CustomValue>;
	/** The newest interaction's time (ms), or null: none yet. */
	lastContactedAt: number | null;
	/** The newest interaction's next step. */
	nextStep: string;
	peopleCount: number;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const organization = declareRecordType<
	OrganizationFields,
	OrganizationRow,
	'organization',
	'organizations'
>({
	name: 'organization',
	collection: 'organizations',
	nouns: ['organization', 'organizations'],
	labels: ORGANIZATION_FIELD_LABELS,
	empty: emptyOrganization,
	validate: validateOrganization,
	textFields: ['notes'],
	displayName: (o) => o.name,
	row(id, o, updatedAt, hasIssues, defs, lookup) {
		const contact = lookup.lastContact(id);
		return {
			id,
			name: o.name,
			kind: lookup.intern(o.kind),
			ownerId: lookup.intern(o.ownerId),
			website: o.website,
			industry: lookup.intern(o.industry),
			city: lookup.intern(o.addresses[0]?.city ?? ''),
			tags: lookup.internAll(o.tags),
			custom: o.custom,
			lastContactedAt: contact?.at ?? null,
			nextStep: contact?.nextStep ?? '',
			peopleCount: lookup.count('people', id),
			updatedAt,
			hasIssues,
			search: searchText(organizationSearchParts(o, defs))
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		website: { type: 'text', label: 'Website' },
		industry: { type: 'text', label: 'Industry' },
		city: CITY_FIELD,
		kind: KIND_FIELD,
		ownerId: OWNER_FIELD,
		tags: TAGS_FIELD,
		lastContactedAt: LAST_CONTACTED_FIELD,
		nextStep: NEXT_STEP_FIELD,
		peopleCount: { type: 'number', label: 'People' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: { filters: [KIND_FILTER, OWNER_FILTER, TAG_FILTER] },
	relations: [],
	merge: mergeOrganizations,
	duplicates: {
		// Rows carry no emails or phones: organizations are found alike by name and website.
		from: 'rows',
		find: (rows) => findDuplicateOrganizations(rows as readonly OrganizationCandidate[])
	},
	import: organizationImport
});
