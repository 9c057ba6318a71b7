import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import {
	emailKey,
	findDuplicateOrganizations,
	findDuplicates,
	organizationNameKey,
	phoneKey,
	websiteKey,
	type PersonCandidate
} from './duplicates';

let n = 0;
function person(over: Partial<PersonCandidate>): PersonCandidate {
	return { id: `p${n++}`, firstName: '', lastName: '', emails: [], phones: [], ...over };
}

describe('keys', () => {
	it('normalizes emails, phones, organization names and websites', () => {
		expect(emailKey('  Ann@Example.COM ')).toBe('ann@example.com');
		expect(phoneKey('+33 6 12 34 56 78')).toBe(phoneKey('06.12.34.56.78'));
		expect(phoneKey('+1 (415) 555-0100')).toBe('155550100');
		expect(phoneKey('12 34 56')).toBe('s123456');
		expect(phoneKey('112')).toBe('');
		expect(organizationNameKey('The ACME, Inc.')).toBe('acme');
		expect(organizationNameKey('Société Générale S.A.')).toBe('societe generale');
		expect(organizationNameKey('Ltd')).toBe('ltd');
		expect(websiteKey('https://www.Acme.com/about?x=1')).toBe('acme.com');
		expect(websiteKey('acme.com')).toBe('acme.com');
		expect(websiteKey('http://user@acme.com:8080/')).toBe('acme.com');
		expect(websiteKey('https://www.linkedin.com/company/acme/about')).toBe(
			'linkedin.com/company/acme'
		);
		expect(websiteKey('https://facebook.com/acmeshop')).toBe('facebook.com/acmeshop');
		expect(websiteKey('https://facebook.com/')).toBe('');
		expect(websiteKey('not a site')).toBe('');
	});
});

describe('findDuplicates', () => {
	it('finds the same email, case and spaces aside', () => {
		const a = person({ firstName: 'Ann', lastName: 'Lee', emails: [{ value: 'Ann@X.test' }] });
		const b = person({ firstName: 'Bob', lastName: 'Roe', emails: [' ann@x.test'] });
		expect(findDuplicates([a, b])).toEqual([
			{ a: a.id, b: b.id, reasons: ['same email'], score: 0.9 }
		]);
	});

	it('finds the same phone with or without the country prefix', () => {
		const a = person({
			firstName: 'Ann',
			lastName: 'Lee',
			phones: [{ value: '+33 6 12 34 56 78' }]
		});
		const b = person({ firstName: 'Zed', lastName: 'Kay', phones: [{ value: '06 12 34 56 78' }] });
		expect(findDuplicates([a, b])[0].reasons).toEqual(['same phone']);
	});

	it('finds equal names in any order and accent-insensitively', () => {
		const a = person({ firstName: 'Éloïse', lastName: 'Dupré' });
		const b = person({ firstName: 'eloise', lastName: 'DUPRE' });
		const c = person({ firstName: 'Dupré', lastName: 'Éloïse' });
		const pairs = findDuplicates([a, b, c]);
		expect(pairs).toHaveLength(3);
		expect(pairs.every((p) => p.reasons.join() === 'similar name')).toBe(true);
	});

	it('finds typos in names, including in the first letter', () => {
		const pairs = (x: [string, string], y: [string, string]) =>
			findDuplicates([
				person({ firstName: x[0], lastName: x[1] }),
				person({ firstName: y[0], lastName: y[1] })
			]);
		expect(pairs(['Jon', 'Smith'], ['John', 'Smith'])).toHaveLength(1);
		expect(pairs(['John', 'Smith'], ['John', 'Smyth'])).toHaveLength(1);
		expect(pairs(['Catherine', 'Zeta'], ['Katherine', 'Zeta'])).toHaveLength(1);
		expect(pairs(['Martha', 'Jones'], ['Martha', 'Hones'])).toHaveLength(1);
		expect(pairs(['John', 'Smith'], ['Jane', 'Smith'])).toHaveLength(0);
		expect(pairs(['John', 'Smith'], ['Joan', 'Smith'])).toHaveLength(0);
		expect(pairs(['Ann', 'Lee'], ['Bob', 'Lee'])).toHaveLength(0);
		expect(pairs(['Al', ''], ['Al', ''])).toHaveLength(0);
	});

	it('scores several reasons higher and sorts best first', () => {
		const a = person({
			firstName: 'Ann',
			lastName: 'Lee',
			emails: ['ann@x.test'],
			phones: ['0612345678']
		});
		const b = person({
			firstName: 'Ann',
			lastName: 'Lee',
			emails: ['ann@x.test'],
			phones: ['+33612345678']
		});
		const c = person({ firstName: 'Anne', lastName: 'Lee' });
		const pairs = findDuplicates([a, b, c]);
		expect(pairs[0]).toMatchObject({
			a: a.id,
			b: b.id,
			reasons: ['same email', 'same phone', 'similar name']
		});
		expect(pairs[0].score).toBeGreaterThan(0.98);
		for (let i = 1; i < pairs.length; i++)
			expect(pairs[i - 1].score).toBeGreaterThanOrEqual(pairs[i].score);
		expect(pairs.every((p) => p.score > 0 && p.score <= 1)).toBe(true);
	});

	it('counts a similar name more within the same organization', () => {
		const pair = (org: string | null) =>
			findDuplicates([
				person({ firstName: 'Ann', lastName: 'Lee', organizationId: org }),
				person({ firstName: 'Ann', lastName: 'Lee', organizationId: org })
			])[0].score;
		expect(pair('o1')).toBeGreaterThan(pair(null));
	});

	it('ignores a value shared by too many records to mean anything', () => {
		const many = Array.from({ length: 60 }, (_, i) =>
			person({ firstName: `F${i}x`, lastName: `L${i}y`, emails: ['info@shop.test'] })
		);
		expect(findDuplicates(many)).toEqual([]);
	});

	it('puts the earlier record in a, and reports each pair once', () => {
		const a = person({ firstName: 'Ann', lastName: 'Lee', emails: ['a@x.test', 'A@x.test'] });
		const b = person({ firstName: 'Ann', lastName: 'Lee', emails: ['a@x.test'] });
		const pairs = findDuplicates([a, b]);
		expect(pairs).toHaveLength(1);
		expect([pairs[0].a, pairs[0].b]).toEqual([a.id, b.id]);
	});

	it('scans 100k people in about linear time (timing printed, not asserted)', () => {
		const rnd = seededRandom(11);
		// Names of random letters: 400 first names and 8,000 last names, so some people share a
		// name (as in any real base) while random pairs are rarely similar.
		const letters = 'abcdefghijklmnoprstuvyz';
		const word = () => {
			let s = '';
			for (let i = 0, k = 4 + Math.floor(rnd() * 5); i < k; i++)
				s += letters[Math.floor(rnd() * letters.length)];
			return s[0].toUpperCase() + s.slice(1);
		};
		const firsts = Array.from({ length: 400 }, word);
		const lasts = Array.from({ length: 8000 }, word);
		const pick = (xs: string[]) => xs[Math.floor(rnd() * xs.length)];
		type Generated = PersonCandidate & { emails: { value: string }[]; phones: { value: string }[] };
		const records: Generated[] = [];
		for (let i = 0; i < 100_000; i++) {
			const first = pick(firsts);
			const last = pick(lasts);
			records.push({
				id: `r${i}`,
				firstName: first,
				lastName: last,
				emails: [{ value: `${first}.${last}.${i}@mail.test` }],
				phones: [{ value: `+33 6 ${String(10_000_000 + i * 7).slice(0, 8)}` }],
				organizationId: `o${i % 3000}`
			});
		}
		// 500 planted duplicates: a typo, a changed email case, a national phone format.
		for (let i = 0; i < 500; i++) {
			const src = records[i * 150];
			records.push({
				...src,
				id: `dup${i}`,
				firstName: src.firstName.slice(0, -1) + 'x',
				emails: [{ value: src.emails[0].value.toUpperCase() }],
				phones: [{ value: '0' + src.phones[0].value.replace(/\D/g, '').slice(2) }]
			});
		}
		const t = performance.now();
		const pairs = findDuplicates(records);
		const ms = performance.now() - t;
		console.log(`findDuplicates, 100.5k people: ${ms.toFixed(0)} ms, ${pairs.length} pairs`);
		const found = new Set(pairs.map((p) => `${p.a}|${p.b}`));
		for (let i = 0; i < 500; i++) expect(found.has(`r${i * 150}|dup${i}`)).toBe(true);
	});
});

describe('findDuplicateOrganizations', () => {
	it('finds organizations by name (legal form aside), typo, website, email or phone', () => {
		const orgs = [
			{ id: 'a', name: 'ACME Inc.', website: 'https://acme.com' },
			{ id: 'b', name: 'Acme', website: 'www.acme.com/contact' },
			{ id: 'c', name: 'Acmee Corp' },
			{ id: 'd', name: 'Globex', emails: ['hello@globex.test'] },
			{ id: 'e', name: 'Initech', emails: ['Hello@Globex.test'] },
			{ id: 'f', name: 'Umbrella', phones: ['+44 20 7946 0000'] },
			{ id: 'g', name: 'Hooli', phones: ['020 7946 0000'] }
		];
		const pairs = findDuplicateOrganizations(orgs);
		const by = (a: string, b: string) => pairs.find((p) => p.a === a && p.b === b)?.reasons;
		expect(by('a', 'b')).toEqual(['same website', 'similar name']);
		expect(by('a', 'c')).toEqual(['similar name']);
		expect(by('d', 'e')).toEqual(['same email']);
		expect(by('f', 'g')).toEqual(['same phone']);
		expect(pairs[0]).toMatchObject({ a: 'a', b: 'b' });
		expect(by('d', 'f')).toBeUndefined();
	});
});
