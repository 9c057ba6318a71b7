/**
 * Header words (after normalizeHeader: lower case, letters and digits only) that mean the same
 * to every record type with such a field; each type's import section says which of its fields
 * they go to (an organization's "Company" is its name, a person's is their organization).
 * Words only one type knows live in its own import section.
 */
export const FULL_NAME_WORDS = [
	'name',
	'fullname',
	'displayname',
	'contactname',
	'contact',
	'person'
];

export const COMPANY_WORDS = [
	'company',
	'companyname',
	'organization',
	'organisation',
	'organizationname',
	'organisationname',
	'organization1name',
	'employer',
	'accountname',
	'firma',
	'unternehmen',
	'societe',
	'entreprise',
	'empresa'
];

export const KIND_WORDS = [
	'kind',
	'relationship',
	'relationshipkind',
	'relationshiptype',
	'contacttype',
	'customertype',
	'type'
];

export const SOURCE_WORDS = [
	'source',
	'leadsource',
	'origin',
	'referredby',
	'quelle',
	'herkunft',
	'origine'
];

export const NOTES_WORDS = [
	'notes',
	'note',
	'comments',
	'comment',
	'remarks',
	'description',
	'notizen',
	'notiz',
	'bemerkung',
	'bemerkungen',
	'commentaire',
	'commentaires',
	'notas'
];

export const TAG_WORDS = [
	'tags',
	'tag',
	'labels',
	'categories',
	'category',
	'groups',
	'groupmembership',
	'keywords',
	'kategorien',
	'schlagworte'
];

export const WEBSITE_WORDS = [
	'website',
	'web',
	'webpage',
	'url',
	'homepage',
	'site',
	'website1value'
];
