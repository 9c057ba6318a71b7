import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyOrganization, emptyPerson, type CustomFieldDef, type PersonFields } from './records';
import {
	matchesQuery,
	normalizeQuery,
	organizationSearchParts,
	personSearchParts,
	searchText
} from './search';

const defs: CustomFieldDef[] = [
	{ id: 'diet', entity: 'person', label: 'Diet', type: 'choice', options: ['Vegan'], order: 0 },
	{ id: 'vip', entity: 'person', label: 'VIP', type: 'boolean', options: [], order: 1 },
	{ id: 'club', entity: 'person', label: 'Golf club', type: 'boolean', options: [], order: 2 },
	{ id: 'since', entity: 'person', label: 'Since', type: 'date', options: [], order: 3 },
	{ id: 'seats', entity: 'organization', label: 'Seats', type: 'number', options: [], order: 0 }
];

const person: PersonFields = {
	...emptyPerson(),
	firstName: 'Éloïse',
	lastName: 'Dupré',
	title: 'Directrice Générale',
	emails: [{ label: 'work', value: 'Eloise@Example.FR' }],
	phones: [{ label: 'mobile', value: '+33 6 12 34 56 78' }],
	addresses: [
		{
			label: 'work',
			street: '3 rue Hérold',
			city: 'Nîmes',
			region: 'Occitanie',
			postcode: '30000',
			country: 'France'
		}
	],
	tags: ['VIP-2024'],
	interests: ['œnologie'],
	focusGroups: ['panel A'],
	preferences: { channel: 'téléphone' },
	source: 'Salon Lyon',
	custom: { diet: 'Vegan', vip: true, club: false, since: '2021-05-01', orphan: 'Kept value' }
};

describe('searchText', () => {
	it('folds case and accents and flattens nested values', () => {
		expect(searchText(['Ärger', 42, ['X', { a: 'Ünï' }], null, undefined, true, ''])).toBe(
			'arger\n42\nx\nuni'
		);
	});

	it('separates values so a word cannot span two of them', () => {
		const h = searchText(['ann', 'smith']);
		expect(matchesQuery(h, normalizeQuery('ann smith'))).toBe(true);
		expect(matchesQuery(h, normalizeQuery('annsmith'))).toBe(false);
	});
});

describe('normalizeQuery / matchesQuery', () => {
	it('splits, folds, drops duplicates and words implied by longer ones', () => {
		expect(normalizeQuery('  Élo  DUP élo ')).toEqual(['elo', 'dup']);
		expect(normalizeQuery('ann annie')).toEqual(['annie']);
		expect(normalizeQuery('   ')).toEqual([]);
	});

	it('requires every word (AND), anywhere, in any order', () => {
		const h = searchText(personSearchParts(person, 'Acme', defs));
		for (const q of ['eloise', 'DUPRE eloise', 'nimes', 'occitanie', '30000', 'acme', 'generale']) {
			expect(matchesQuery(h, normalizeQuery(q)), q).toBe(true);
		}
		expect(matchesQuery(h, normalizeQuery('eloise martin'))).toBe(false);
		expect(matchesQuery(h, normalizeQuery(''))).toBe(true);
	});

	it('AND semantics match a reference (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.string({ maxLength: 6 })),
				fc.string({ maxLength: 12 }),
				(parts, q) => {
					const h = searchText(parts);
					const words = normalizeQuery(q);
					const expected = words.every((w) => h.includes(w));
					expect(matchesQuery(h, words)).toBe(expected);
					// Dropping implied words never changes the answer.
					const all = q.toLowerCase().split(/\s+/).filter(Boolean);
					if (all.every((w) => /^[a-z0-9]*$/.test(w))) {
						expect(matchesQuery(h, words)).toBe(all.every((w) => h.includes(w)));
					}
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('personSearchParts', () => {
	const h = searchText(personSearchParts(person, 'Acme Corp', defs));
	const finds = (q: string) => matchesQuery(h, normalizeQuery(q));

	it('covers contact details, including phone digits typed without spaces', () => {
		expect(finds('eloise@example.fr')).toBe(true);
		expect(finds('+33 6 12')).toBe(true);
		expect(finds('33612345678')).toBe(true);
		expect(finds('rue herold')).toBe(true);
	});

	it('covers tags, interests, focus groups, preferences, source and title', () => {
		for (const q of ['vip-2024', 'oenologie', 'panel', 'telephone', 'salon lyon', 'directrice']) {
			expect(finds(q), q).toBe(true);
		}
	});

	it('covers custom fields: values, yes/no fields by their label, values without a definition', () => {
		expect(finds('vegan')).toBe(true);
		expect(finds('2021-05-01')).toBe(true);
		expect(finds('vip')).toBe(true);
		expect(finds('golf')).toBe(false);
		expect(finds('kept value')).toBe(true);
	});
});

describe('organizationSearchParts', () => {
	it('covers name, website, industry, contacts and custom fields', () => {
		const o = {
			...emptyOrganization(),
			name: 'Société Générale',
			website: 'https://socgen.example',
			industry: 'Banking',
			phones: [{ label: '', value: '01 42 14 20 00' }],
			custom: { seats: 120 }
		};
		const h = searchText(organizationSearchParts(o, defs));
		for (const q of ['societe', 'socgen', 'banking', '0142142000', '120']) {
			expect(matchesQuery(h, normalizeQuery(q)), q).toBe(true);
		}
	});
});
