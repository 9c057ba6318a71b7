/**
 * How files become organizations: the columns and their header words ("Company" is the name,
 * and so is a contact's name in an organization import), and organizations found by name.
 */
import {
	COMPANY_WORDS,
	FULL_NAME_WORDS,
	KIND_WORDS,
	NOTES_WORDS,
	SOURCE_WORDS,
	TAG_WORDS,
	WEBSITE_WORDS
} from './import-words';
import type { ImportedFields } from '../import/rows';
import { parseKind } from '../import/values';
import type { ImportDeclaration } from './declaration';

/** Organizations match by name without case or repeated spaces: "ACME  gmbh" is "Acme GmbH". */
export function organizationKey(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const organizationImport: ImportDeclaration = {
	order: 1,
	fields: [
		{ key: 'name', label: 'Name', words: [...COMPANY_WORDS, ...FULL_NAME_WORDS] },
		{ key: 'kind', label: 'Relationship', words: KIND_WORDS },
		{ key: 'website', label: 'Website', words: WEBSITE_WORDS },
		{ key: 'industry', label: 'Industry', words: ['industry', 'sector', 'branche', 'secteur'] },
		{ key: 'source', label: 'Source', words: SOURCE_WORDS },
		{ key: 'notes', label: 'Notes', words: NOTES_WORDS },
		{ key: 'tags', label: 'Tags', words: TAG_WORDS, combine: 'list' }
	],
	contacts: true,
	build(v, take) {
		const f: ImportedFields = {};
		if (v.name) f.name = v.name;
		if (v.website) f.website = v.website;
		if (v.industry) f.industry = v.industry;
		if (typeof v.kind === 'string') {
			const r = parseKind(v.kind);
			if (take(r)) f.kind = r.value;
		}
		if (v.source) f.source = v.source;
		if (v.tags) f.tags = v.tags as string[];
		return f;
	},
	identifies: (f) => !!f.name,
	unidentified: 'The row has no organization name; it is not imported.',
	sameName: { field: 'name', key: organizationKey },
	preview: {
		name: (f) => (typeof f.name === 'string' ? f.name : ''),
		column: { label: 'Website', value: (f) => (typeof f.website === 'string' ? f.website : '') },
		details: (f) => [
			['Industry', f.industry],
			['Relationship', f.kind],
			['Source', f.source],
			['Tags', Array.isArray(f.tags) ? f.tags.join(', ') : undefined]
		]
	}
};
