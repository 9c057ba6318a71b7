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
