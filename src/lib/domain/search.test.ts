import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyOrganization, emptyPerson, type CustomFieldDef, type PersonFields } from './records';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import {
	matchesQuery,
	normalizeQuery,
	organizationSearchParts,
	personSearchParts,
	searchText,
	TEXT_SEARCH_CAP,
	withTextField
} from './search';
import { phoneSearchDigits } from './phone';

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
		expect([...normalizeQuery('ann annie')]).toEqual(['annie']);
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
					const expected = words.every((w) => h.includes(w) || nearReference(h, w));
					expect(matchesQuery(h, words)).toBe(expected);
					// Dropping implied words never changes the answer.
					const all = q.toLowerCase().split(/\s+/).filter(Boolean);
					if (all.every((w) => /^[a-z0-9]*$/.test(w))) {
						const ref = all.every((w) => h.includes(w) || nearReference(h, w));
						expect(matchesQuery(h, words)).toBe(ref);
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

/** Reference for typo matching: some whole word of h is at Levenshtein distance ≤ 1 from w. */
function nearReference(h: string, w: string): boolean {
	if (w.length < 5 || !/^[a-z\u0080-\uffff]+$/.test(w)) return false;
	return h.split(/[^a-z0-9\u0080-\uffff]+/).some((t) => levenshtein(t, w) <= 1);
}

function levenshtein(a: string, b: string): number {
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		for (let j = 1; j <= b.length; j++) {
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		prev = cur;
	}
	return prev[b.length];
}

describe('issue #18: search that finds', () => {
	const anna: PersonFields = {
		...emptyPerson(),
		firstName: 'Anna',
		lastName: 'Kowalski',
		kind: 'lead',
		phones: [{ label: 'work', value: '+48 22 555 0101' }]
	};
	const h = searchText(personSearchParts(anna, 'Acme', []));
	const finds = (q: string, hay = h) => matchesQuery(hay, normalizeQuery(q));

	it('finds a phone number whatever its spacing or prefix', () => {
		for (const q of [
			'+48 22 555 0101',
			'+48225550101',
			'0048 22 555 01 01',
			'0048225550101',
			'22 555 0101',
			'225550101',
			'(22) 555-01-01',
			'anna +48225550101'
		]) {
			expect(finds(q), q).toBe(true);
		}
		expect(finds('+48 22 555 0102')).toBe(false);
		expect(finds('0049 22 555 0101')).toBe(false);
	});

	it('finds a number stored with 00 or a trunk zero in brackets by its E.164 digits', () => {
		for (const value of ['0048 22 555 01 01', '+48 (0)22 555 0101']) {
			const p = { ...anna, phones: [{ label: '', value }] };
			expect(finds('+48225550101', searchText(personSearchParts(p, '', []))), value).toBe(true);
		}
	});

	it('digits a number is found by agree with libphonenumber-js for international numbers', () => {
		for (const v of [
			'+48 22 555 0101',
			'+44 (0)20 7946 0000',
			'+1 (212) 555-0199',
			'+33 6 12 34 56 78',
			'0049 30 1234567',
			'+49 (0) 30 1234567'
		]) {
			const parsed = parsePhoneNumberFromString(v.startsWith('00') ? `+${v.slice(2)}` : v);
			expect(phoneSearchDigits(v), v).toBe(parsed?.number.slice(1));
		}
	});

	it('finds by kind', () => {
		expect(finds('anna lead')).toBe(true);
		expect(finds('anna client')).toBe(false);
		const o = { ...emptyOrganization(), name: 'Acme', kind: 'supplier' as const };
		expect(finds('acme supplier', searchText(organizationSearchParts(o, [])))).toBe(true);
	});

	it('finds a name with one letter wrong, added or missing, but not two', () => {
		for (const q of ['Kowalsky', 'kowalki', 'kowallski', 'Bowalski', 'anna kowalsky']) {
			expect(finds(q), q).toBe(true);
		}
		for (const q of ['kowalskyy', 'kowalsky x', 'kovalsky', 'anne', 'kowalsxy']) {
			expect(finds(q), q).toBe(false);
		}
		// Whole words only: a typo does not match inside a longer word.
		expect(finds('walsky')).toBe(false);
	});

	it('searches the start of the notes, folded, up to TEXT_SEARCH_CAP characters', () => {
		const notes = 'Vegetarian. Loves SMOKED salmon. ' + 'x'.repeat(TEXT_SEARCH_CAP) + ' hidden';
		const withNotes = withTextField(h, notes);
		expect(finds('vegetarian smoked', withNotes)).toBe(true);
		expect(finds('hidden', withNotes)).toBe(false);
		expect(withTextField(h, '')).toBe(h);
		expect(withNotes.length).toBeLessThanOrEqual(h.length + 1 + TEXT_SEARCH_CAP);
	});
});
