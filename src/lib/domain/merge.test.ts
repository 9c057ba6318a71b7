import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PERSON_FIELD_LABELS, emptyOrganization, emptyPerson, type PersonFields } from './records';
import { describeConflicts, mergeOrganizations, mergePeople } from './merge';
import { validatePerson } from './validate';

const keep: PersonFields = {
	...emptyPerson(),
	firstName: 'Ann',
	lastName: 'Lee',
	title: 'CEO',
	kind: 'client',
	emails: [{ label: 'work', value: 'Ann@Acme.test' }],
	phones: [{ label: '', value: '+33 6 12 34 56 78' }],
	tags: ['vip'],
	preferences: { diet: 'vegan' },
	consent: 'granted',
	custom: { size: 'M', empty: null }
};
const other: PersonFields = {
	...emptyPerson(),
	firstName: 'Anne',
	lastName: 'Lee',
	title: '',
	organizationId: 'o1',
	decisionRole: 'influencer',
	kind: 'lead',
	emails: [
		{ label: 'home', value: 'ann@acme.test' },
		{ label: 'home', value: 'ann@home.test' }
	],
	phones: [{ label: 'mobile', value: '06 12 34 56 78 ' }],
	addresses: [
		{ label: 'work', street: '1 Main', city: 'Lyon', region: '', postcode: '', country: '' }
	],
	tags: ['VIP', 'wine'],
	interests: ['golf'],
	preferences: { diet: 'vegetarian', channel: 'phone' },
	focusGroups: ['panel'],
	consent: 'refused',
	source: 'fair',
	custom: { size: 'L', empty: 'filled', extra: 3 }
};

describe('mergePeople', () => {
	const { merged, conflicts } = mergePeople(keep, other);

	it("keeps keep's scalars, fills empty ones from the other", () => {
		expect(merged.firstName).toBe('Ann');
		expect(merged.title).toBe('CEO');
		expect(merged.organizationId).toBe('o1');
		expect(merged.decisionRole).toBe('influencer');
		expect(merged.kind).toBe('client');
		expect(merged.source).toBe('fair');
	});

	it('unites lists without duplicates (emails by case, phones by digits, tags by case)', () => {
		expect(merged.emails).toEqual([
			{ label: 'work', value: 'Ann@Acme.test' },
			{ label: 'home', value: 'ann@home.test' }
		]);
		expect(merged.phones).toEqual([{ label: 'mobile', value: '+33 6 12 34 56 78' }]);
		expect(merged.tags).toEqual(['vip', 'wine']);
		expect(merged.addresses).toHaveLength(1);
		expect(merged.interests).toEqual(['golf']);
		expect(merged.focusGroups).toEqual(['panel']);
	});

	it('merges preferences and custom values key by key', () => {
		expect(merged.preferences).toEqual({ diet: 'vegan', channel: 'phone' });
		expect(merged.custom).toEqual({ size: 'M', empty: 'filled', extra: 3 });
	});

	it('lets a refusal of consent win, whichever record is kept', () => {
		expect(merged.consent).toBe('refused');
		expect(mergePeople(other, keep).merged.consent).toBe('refused');
		expect(mergePeople({ ...keep, consent: 'unknown' }, other).merged.consent).toBe('refused');
		expect(mergePeople({ ...keep, consent: 'unknown' }, keep).merged.consent).toBe('granted');
	});

	it('reports every value it could not keep', () => {
		expect(conflicts).toEqual([
			{ field: 'firstName', kept: 'Ann', other: 'Anne' },
			{ field: 'kind', kept: 'client', other: 'lead' },
			{ field: 'preferences.diet', kept: 'vegan', other: 'vegetarian' },
			{ field: 'consent', kept: 'granted', other: 'refused' },
			{ field: 'custom.size', kept: 'M', other: 'L' }
		]);
		expect(describeConflicts(conflicts.slice(0, 1), PERSON_FIELD_LABELS)).toBe(
			'First name: Anne (from the merged record)'
		);
		expect(describeConflicts(conflicts.slice(2, 3))).toBe(
			'preferences.diet: vegetarian (from the merged record)'
		);
	});

	it('does not change its inputs', () => {
		const k = structuredClone(keep);
		const o = structuredClone(other);
		mergePeople(k, o);
		expect(k).toEqual(keep);
		expect(o).toEqual(other);
	});

	it('loses no value and stays a valid person (property)', () => {
		const str = fc.constantFrom('', 'a', 'A', 'b', ' b ');
		const labelled = fc.array(fc.record({ label: str, value: str }), { maxLength: 3 });
		const person = fc.record({
			firstName: str,
			lastName: str,
			title: str,
			source: str,
			emails: labelled,
			phones: labelled,
			tags: fc.uniqueArray(str, { maxLength: 3 }),
			preferences: fc.dictionary(fc.constantFrom('x', 'y'), str),
			custom: fc.dictionary(
				fc.constantFrom('c1', 'c2'),
				fc.oneof(str, fc.constant(null), fc.integer())
			)
		});
		fc.assert(
			fc.property(person, person, (a, b) => {
				const pa = validatePerson(a).value;
				const pb = validatePerson(b).value;
				const { merged, conflicts } = mergePeople(pa, pb);
				expect(validatePerson(merged).issues).toEqual([]);
				// Every non-empty scalar of the other record is either in the result or a conflict.
				for (const f of ['firstName', 'lastName', 'title', 'source'] as const) {
					const v = pb[f].trim();
					if (v && merged[f].trim() !== v) {
						expect(conflicts).toContainEqual({ field: f, kept: merged[f], other: pb[f] });
					}
				}
				// Every email of either record is in the result, up to case and spaces.
				const mergedEmails = merged.emails.map((e) => e.value.trim().toLowerCase());
				for (const e of [...pa.emails, ...pb.emails]) {
					if (e.value.trim()) expect(mergedEmails).toContain(e.value.trim().toLowerCase());
				}
				expect(new Set(mergedEmails).size).toBe(mergedEmails.length);
				for (const k of Object.keys(pb.custom)) expect(merged.custom).toHaveProperty(k);
				// Merging a record with itself changes nothing and reports nothing.
				const self = mergePeople(pa, pa);
				expect(self.conflicts).toEqual([]);
				expect(self.merged.firstName).toBe(pa.firstName);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('mergeOrganizations', () => {
	it('merges like people', () => {
		const a = { ...emptyOrganization(), name: 'Acme', website: '', tags: ['x'], custom: { s: 1 } };
		const b = {
			...emptyOrganization(),
			name: 'ACME Inc',
			website: 'acme.test',
			industry: 'Tools',
			tags: ['y', 'X'],
			custom: { s: 2 }
		};
		const { merged, conflicts } = mergeOrganizations(a, b);
		expect(merged).toEqual({ ...a, website: 'acme.test', industry: 'Tools', tags: ['x', 'y'] });
		expect(conflicts).toEqual([
			{ field: 'name', kept: 'Acme', other: 'ACME Inc' },
			{ field: 'custom.s', kept: 1, other: 2 }
		]);
	});
});
