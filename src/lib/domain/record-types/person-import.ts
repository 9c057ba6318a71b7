/**
 * How files become people: the person's columns and their header words (Google Contacts and
 * Outlook exports map with no manual step), names put together from first, middle, last or
 * full name, and the organization linked by name.
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
import {
	parseConsent,
	parseDecisionRole,
	parseKind,
	parseNumber,
	splitFullName,
	type Parsed
} from '../import/values';
import type { ImportDeclaration, ImportValues } from './declaration';

const text = (v: ImportValues[string]) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : undefined);

export const personImport: ImportDeclaration = {
	order: 0,
	fields: [
		{
			key: 'firstName',
			label: 'First name',
			words: ['firstname', 'first', 'givenname', 'given', 'forename', 'vorname', 'prenom', 'nombre']
		},
		{
			key: 'middleName',
			label: 'Middle name (added to the first name)',
			words: ['middlename', 'middle', 'additionalname', 'secondname', 'middlenames'],
			combine: 'words'
		},
		{
			key: 'lastName',
			label: 'Last name',
			words: [
				'lastname',
				'last',
				'surname',
				'familyname',
				'family',
				'nachname',
				'nom',
				'apellido',
				'apellidos'
			],
			wordsBeside: { words: ['name'], besides: ['vorname', 'prenom'] }
		},
		{ key: 'fullName', label: 'Full name (split into first and last)', words: FULL_NAME_WORDS },
		{
			key: 'title',
			label: 'Job title',
			words: [
				'jobtitle',
				'organizationtitle',
				'organization1title',
				'companytitle',
				'position',
				'jobposition',
				'jobrole',
				'designation',
				'function',
				'funktion',
				'poste',
				'cargo'
			],
			fallbackWords: ['title']
		},
		{ key: 'organization', label: 'Organization (by name)', words: COMPANY_WORDS },
		{
			key: 'decisionRole',
			label: 'Decision role',
			words: ['decisionrole', 'buyingrole', 'decisionmaker']
		},
		{ key: 'kind', label: 'Relationship', words: KIND_WORDS },
		{ key: 'source', label: 'Source', words: SOURCE_WORDS },
		{ key: 'notes', label: 'Notes', words: NOTES_WORDS },
		{
			key: 'consent',
			label: 'Marketing consent',
			words: [
				'consent',
				'marketingconsent',
				'emailconsent',
				'optin',
				'newsletter',
				'gdprconsent',
				'einwilligung'
			]
		},
		{
			key: 'potentialValue',
			label: 'Potential value',
			words: ['potentialvalue', 'potential', 'estimatedvalue', 'customerpotential']
		},
		{ key: 'tags', label: 'Tags', words: TAG_WORDS, combine: 'list' },
		{
			key: 'interests',
			label: 'Interests',
			words: ['interests', 'interest', 'hobbies', 'hobby', 'interessen'],
			combine: 'list'
		}
	],
	// A person's web page has no field of its own: it is kept in the notes.
	noteWords: WEBSITE_WORDS,
	contacts: true,
	vcard: true,
	build(v, take) {
		const f: ImportedFields = {};
		// A full-name column only fills in when first and last name are both missing.
		const firstName = text(v.firstName);
		const middle = text(v.middleName);
		let first = firstName ? (middle ? `${firstName} ${middle}` : firstName) : (middle ?? '');
		let last = text(v.lastName) ?? '';
		const fullName = text(v.fullName);
		if (!first && !last && fullName)
			({ firstName: first, lastName: last } = splitFullName(fullName));
		if (first) f.firstName = first;
		if (last) f.lastName = last;
		if (v.title) f.title = v.title;
		if (v.organization) f.organizationName = v.organization;
		const decisionRole = text(v.decisionRole);
		if (decisionRole) {
			const r = parseDecisionRole(decisionRole);
			if (take(r)) f.decisionRole = r.value;
		}
		const consent = text(v.consent);
		if (consent) {
			const r = parseConsent(consent);
			if (take(r)) f.consent = r.value;
		}
		if (v.interests) f.interests = v.interests;
		const kind = text(v.kind);
		if (kind) {
			const r = parseKind(kind);
			if (take(r)) f.kind = r.value;
		}
		if (v.source) f.source = v.source;
		if (v.tags) f.tags = v.tags as string[];
		const potential = text(v.potentialValue);
		if (potential) {
			const r = parsePotentialValue(potential);
			if (take(r)) f.potentialValue = r.value;
		}
		return f;
	},
	identifies: (f) => !!(f.firstName || f.lastName || f.emails || f.phones || f.organizationName),
	unidentified: 'The row has no name, e-mail, phone or organization; it is not imported.',
	links: [{ from: 'organizationName', relation: 'organizationId' }],
	preview: {
		name: (f) => [f.firstName, f.lastName].filter(Boolean).join(' '),
		column: { label: 'Organization', value: (f) => text(f.organizationName as string) ?? '' },
		details: (f) => [
			['Title', f.title],
			['Relationship', f.kind],
			['Decision role', f.decisionRole !== 'none' ? f.decisionRole : undefined],
			['Consent', f.consent],
			['Source', f.source],
			['Potential value', f.potentialValue === undefined ? undefined : String(f.potentialValue)],
			['Tags', list(f.tags)],
			['Interests', list(f.interests)]
		]
	}
};

/** An amount, with a currency sign or code around it if any ("€ 50,000", "12 500 EUR"). */
export function parsePotentialValue(v: string): Parsed<number> {
	const n = parseNumber(v.replace(/^[^\d+-]*|[^\d]*$/g, ''));
	if (n === null) return { error: `Potential value: "${v}" is not an amount.` };
	if (n < 0) return { error: `Potential value: ${n} is below 0.` };
	return { value: n };
}
