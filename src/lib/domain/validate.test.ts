import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	CONSENT_STATES,
	DECISION_ROLES,
	RELATIONSHIP_KINDS,
	emptyOrganization,
	emptyPerson,
	type CustomFieldDef,
	type PersonFields
} from './records';
import {
	WHOLE_RECORD,
	defaultMemberColor,
	validateCustomFieldDef,
	validateMember,
	validateOrganization,
	validatePerson
} from './validate';

const defs: CustomFieldDef[] = [
	{ id: 'budget', entity: 'person', label: 'Budget', type: 'number', options: [], order: 0 },
	{ id: 'size', entity: 'person', label: 'Size', type: 'choice', options: ['S', 'M'], order: 1 },
	{ id: 'vip', entity: 'person', label: 'VIP', type: 'boolean', options: [], order: 2 },
	{ id: 'since', entity: 'person', label: 'Since', type: 'date', options: [], order: 3 },
	{ id: 'orgOnly', entity: 'organization', label: 'Seats', type: 'number', options: [], order: 0 }
];

function typicalPerson(i: number): PersonFields {
	return {
		firstName: `Ann${i}`,
		lastName: 'Smith',
		title: 'CEO',
		organizationId: `org${i % 100}`,
		decisionRole: 'decision maker',
		kind: 'client',
		ownerId: 'm1',
		emails: [
			{ label: 'work', value: `ann${i}@acme.test` },
			{ label: 'home', value: `a${i}@home.test` }
		],
		phones: [{ label: 'mobile', value: '+33 6 12 34 56 78' }],
		addresses: [
			{
				label: 'work',
				street: '1 rue Royale',
				city: 'Paris',
				region: '',
				postcode: '75008',
				country: 'FR'
			}
		],
		tags: ['vip', 'newsletter', `t${i % 7}`],
		interests: ['wine'],
		preferences: { diet: 'vegetarian', channel: 'email' },
		focusGroups: ['panel'],
		consent: 'granted',
		source: 'web',
		potentialValue: 25000,
		custom: { budget: 1200, size: 'M', vip: true, since: '2021-03-04' }
	};
}

/** Checks every field's type, independently of the validator's own code. */
function expectValidPerson(p: PersonFields) {
	const isStr = (x: unknown) => typeof x === 'string';
	expect(Object.keys(p).sort()).toEqual(Object.keys(emptyPerson()).sort());
	for (const k of ['firstName', 'lastName', 'title', 'source'] as const)
		expect(isStr(p[k])).toBe(true);
	for (const k of ['organizationId', 'ownerId'] as const) {
		expect(p[k] === null || (isStr(p[k]) && p[k] !== '')).toBe(true);
	}
	expect(RELATIONSHIP_KINDS).toContain(p.kind);
	expect(DECISION_ROLES).toContain(p.decisionRole);
	expect(CONSENT_STATES).toContain(p.consent);
	for (const k of ['emails', 'phones'] as const) {
		expect(Array.isArray(p[k])).toBe(true);
		for (const e of p[k]) {
			expect(Object.keys(e).sort()).toEqual(['label', 'value']);
			expect(isStr(e.label) && isStr(e.value)).toBe(true);
		}
	}
	for (const a of p.addresses) {
		expect(Object.keys(a).sort()).toEqual(
			['city', 'country', 'label', 'postcode', 'region', 'street'].sort()
		);
		expect(Object.values(a).every(isStr)).toBe(true);
	}
	for (const k of ['tags', 'interests', 'focusGroups'] as const) {
		expect(p[k].every(isStr)).toBe(true);
		expect(new Set(p[k]).size).toBe(p[k].length);
	}
	expect(Object.getPrototypeOf(p.preferences)).toBe(Object.prototype);
	expect(Object.values(p.preferences).every(isStr)).toBe(true);
	expect(Object.getPrototypeOf(p.custom)).toBe(Object.prototype);
	for (const v of Object.values(p.custom)) {
		const ok =
			v === null ||
			isStr(v) ||
			typeof v === 'boolean' ||
			(typeof v === 'number' && Number.isFinite(v)) ||
			(Array.isArray(v) && v.every(isStr));
		expect(ok).toBe(true);
	}
}

describe('validatePerson', () => {
	it('passes a well-formed record through unchanged, without issues', () => {
		const p = typicalPerson(1);
		const { value, issues } = validatePerson(p, defs);
		expect(issues).toEqual([]);
		expect(value).toEqual(p);
	});

	it('fills missing fields with defaults and reports nothing (an older peer)', () => {
		expect(validatePerson({}, defs)).toEqual({ value: emptyPerson(), issues: [] });
		expect(validatePerson({ firstName: 'Ann', tags: null, custom: null })).toEqual({
			value: { ...emptyPerson(), firstName: 'Ann' },
			issues: []
		});
	});

	it('ignores unknown extra keys', () => {
		const { value, issues } = validatePerson({ firstName: 'Ann', shoeSize: 42, v2: { x: 1 } });
		expect(issues).toEqual([]);
		expect(value).not.toHaveProperty('shoeSize');
	});

	it.each([
		['firstName', 42, '42'],
		['lastName', true, 'true'],
		['title', ['Head', 'of sales'], 'Head, of sales'],
		['source', { a: 1 }, '']
	])('coerces %s = %j to text %j and says so', (field, raw, shown) => {
		const { value, issues } = validatePerson({ [field]: raw });
		expect(value[field as 'firstName']).toBe(shown);
		expect(issues).toHaveLength(1);
		expect(issues[0].field).toBe(field);
		expect(issues[0].raw).toEqual(raw);
		expect(issues[0].message).toMatch(/expected text/);
	});

	it('writes messages a person can read: what is wrong and what is shown', () => {
		const { issues } = validatePerson({ firstName: 42, kind: 'vip' });
		expect(issues.map((i) => i.message)).toEqual([
			'First name: expected text, found the number 42; showing "42".',
			'Kind: expected one of lead, prospect, client, lost client, supplier, partner, colleague, other, found the text "vip"; showing "other".'
		]);
	});

	it('maps unknown kinds to other, forgives case, understands aliases', () => {
		expect(validatePerson({ kind: 'vip' }).value.kind).toBe('other');
		expect(validatePerson({ kind: 7 }).value.kind).toBe('other');
		expect(validatePerson({ kind: ' Client ' }).value.kind).toBe('client');
		expect(validatePerson({ kind: 'customer' }).value.kind).toBe('client');
		expect(validatePerson({ kind: 'Lost  Client' }).value.kind).toBe('lost client');
		expect(validatePerson({ kind: 'Client' }).issues).toHaveLength(1);
		expect(validatePerson({ kind: 'toString' }).value.kind).toBe('other');
		expect(validatePerson({ decisionRole: 'decision-maker' }).value.decisionRole).toBe(
			'decision maker'
		);
	});

	it('reads unclear consent as unknown, never as granted', () => {
		for (const consent of [true, 'yes', 1, 'opt-in', {}]) {
			const { value, issues } = validatePerson({ consent });
			expect(value.consent).toBe('unknown');
			expect(issues[0].field).toBe('consent');
		}
	});

	it('turns ids of the wrong type into text or none', () => {
		expect(validatePerson({ ownerId: 12 }).value.ownerId).toBe('12');
		expect(validatePerson({ ownerId: '' })).toEqual({ value: emptyPerson(), issues: [] });
		const r = validatePerson({ organizationId: { id: 'x' } });
		expect(r.value.organizationId).toBeNull();
		expect(r.issues[0].field).toBe('organizationId');
	});

	it('reads emails stored as text, single objects or mixed lists', () => {
		expect(validatePerson({ emails: 'x' }).value.emails).toEqual([{ label: '', value: 'x' }]);
		expect(validatePerson({ emails: 'a@x.test; b@y.test' }).value.emails).toEqual([
			{ label: '', value: 'a@x.test' },
			{ label: '', value: 'b@y.test' }
		]);
		expect(validatePerson({ emails: { label: 'work', value: 'a@x.test' } }).value.emails).toEqual([
			{ label: 'work', value: 'a@x.test' }
		]);
		const mixed = [
			'plain@x.test',
			null,
			{ value: 'nolabel@x.test' },
			{ label: 3, value: 'n@x.test' },
			{ label: 'x' },
			{ label: 'work', value: 'ok@x.test', primary: true }
		];
		const r = validatePerson({ emails: mixed });
		expect(r.value.emails).toEqual([
			{ label: '', value: 'plain@x.test' },
			{ label: '', value: 'nolabel@x.test' },
			{ label: '3', value: 'n@x.test' },
			{ label: 'work', value: 'ok@x.test' }
		]);
		expect(r.issues).toHaveLength(1);
		expect(r.issues[0].raw).toBe(mixed);
		expect(r.issues[0].message).toMatch(/^Emails: .*plain text.*skipped/);
		expect(validatePerson({ phones: 33612345678 }).value.phones).toEqual([
			{ label: '', value: '33612345678' }
		]);
		expect(validatePerson({ phones: true }).value.phones).toEqual([]);
	});

	it('reads addresses with nulls, numbers and text', () => {
		const r = validatePerson({ addresses: [null] });
		expect(r.value.addresses).toEqual([]);
		expect(r.issues[0].message).toMatch(/skipped/);
		const n = validatePerson({ addresses: [{ city: 'Paris', postcode: 75001 }] });
		expect(n.value.addresses[0]).toEqual({
			label: '',
			street: '',
			city: 'Paris',
			region: '',
			postcode: '75001',
			country: ''
		});
		expect(n.issues[0].message).toMatch(/postcode was the number 75001, shown as "75001"/);
		expect(validatePerson({ addresses: '1 Main St' }).value.addresses[0].street).toBe('1 Main St');
		expect(validatePerson({ addresses: 5 }).value.addresses).toEqual([]);
		// Older peers without labels: no issue.
		expect(validatePerson({ addresses: [{ city: 'Lyon' }] }).issues).toEqual([]);
	});

	it('splits comma-separated tags and cleans lists', () => {
		const r = validatePerson({ tags: 'a, b,,c', interests: ['x', 3, null, 'x'], focusGroups: 7 });
		expect(r.value.tags).toEqual(['a', 'b', 'c']);
		expect(r.value.interests).toEqual(['x', '3']);
		expect(r.value.focusGroups).toEqual(['7']);
		expect(r.issues.map((i) => i.field)).toEqual(['tags', 'interests', 'focusGroups']);
		expect(r.issues[1].message).toMatch(/"x" appeared twice/);
	});

	it('reads a potential value typed as text, and refuses a negative one with an issue', () => {
		expect(validatePerson({ potentialValue: '12 500,50' }).value.potentialValue).toBe(12500.5);
		const bad = validatePerson({ potentialValue: -3 });
		expect(bad.value.potentialValue).toBeNull();
		expect(bad.issues[0].field).toBe('potentialValue');
	});

	it('reads preferences of the wrong shape', () => {
		const bad = validatePerson({ preferences: 5 });
		expect(bad.value.preferences).toEqual({});
		expect(bad.issues[0].field).toBe('preferences');
		const mixed = validatePerson({ preferences: { diet: 'vegan', seats: 2, more: { a: 1 } } });
		expect(mixed.value.preferences).toEqual({ diet: 'vegan', seats: '2', more: '{"a":1}' });
		expect(mixed.issues).toHaveLength(1);
		expect(validatePerson({ preferences: ['a'] }).value.preferences).toEqual({});
	});

	it('never lets a stored "__proto__" key change an object prototype', () => {
		const raw = JSON.parse(
			'{"preferences":{"__proto__":{"x":"1"}},"custom":{"__proto__":{"y":1}}}'
		);
		const { value, issues } = validatePerson(raw);
		expect(Object.getPrototypeOf(value.preferences)).toBe(Object.prototype);
		expect(Object.getPrototypeOf(value.custom)).toBe(Object.prototype);
		expect(issues).toHaveLength(2);
	});

	it('coerces custom values against their definitions', () => {
		const r = validatePerson(
			{ custom: { budget: '12', size: 'XL', vip: 'yes', since: 1_600_000_000_000 } },
			defs
		);
		expect(r.value.custom).toEqual({ budget: 12, size: 'XL', vip: true, since: '2020-09-13' });
		expect(r.issues.map((i) => i.field)).toEqual([
			'custom.budget',
			'custom.size',
			'custom.vip',
			'custom.since'
		]);
		expect(r.issues[0].message).toBe('Budget: expected a number, found the text "12"; showing 12.');
		expect(validatePerson({ custom: { budget: 'lots' } }, defs).value.custom).toEqual({
			budget: null
		});
	});

	it('keeps custom values whose definition has not arrived yet, when readable', () => {
		const r = validatePerson(
			{ custom: { later: 'x', list: ['a'], bad: { a: 1 }, nan: NaN } },
			defs
		);
		expect(r.value.custom).toEqual({ later: 'x', list: ['a'] });
		expect(r.issues.map((i) => i.field)).toEqual(['custom.bad', 'custom.nan']);
	});

	it('applies only the definitions for people', () => {
		const r = validatePerson({ custom: { orgOnly: 'x' } }, defs);
		expect(r.value.custom).toEqual({ orgOnly: 'x' });
		expect(r.issues).toEqual([]);
	});

	it('shows an unreadable record as empty with one issue', () => {
		for (const raw of [null, undefined, 5, 'x', [1, 2]]) {
			const r = validatePerson(raw);
			expect(r.value).toEqual(emptyPerson());
			expect(r.issues).toHaveLength(1);
			expect(r.issues[0].field).toBe(WHOLE_RECORD);
			expect(r.issues[0].raw).toBe(raw);
		}
	});

	it('never throws and always returns a valid person, for any JSON (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (raw) => {
				expectValidPerson(validatePerson(raw, defs).value);
			}),
			{ numRuns: 300 }
		);
	});

	it('never throws for records with fields of random types (property)', () => {
		const anyValue = fc.oneof(
			fc.jsonValue(),
			fc.constantFrom(undefined, NaN, Infinity, -0),
			fc.array(fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.object()))
		);
		const keys = Object.keys(emptyPerson());
		const record = fc.dictionary(fc.constantFrom(...keys, 'extra'), anyValue);
		fc.assert(
			fc.property(record, (raw) => {
				const { value, issues } = validatePerson(raw, defs);
				expectValidPerson(value);
				for (const i of issues) {
					expect(typeof i.message).toBe('string');
					expect(i.message.length).toBeGreaterThan(10);
				}
				// What validation returns is itself valid: reading it again changes nothing.
				expect(validatePerson(value, defs).value).toEqual(value);
			}),
			{ numRuns: 250 }
		);
	});

	it('accepts every well-formed person without an issue (property)', () => {
		const str = fc.string({ maxLength: 12 });
		const labelled = fc.array(fc.record({ label: str, value: str }), { maxLength: 3 });
		const person = fc.record({
			firstName: str,
			lastName: str,
			title: str,
			organizationId: fc.option(fc.string({ minLength: 1 })),
			decisionRole: fc.constantFrom(...DECISION_ROLES),
			kind: fc.constantFrom(...RELATIONSHIP_KINDS),
			ownerId: fc.option(fc.string({ minLength: 1 })),
			emails: labelled,
			phones: labelled,
			addresses: fc.array(
				fc.record({ label: str, street: str, city: str, region: str, postcode: str, country: str }),
				{ maxLength: 2 }
			),
			tags: fc.uniqueArray(str, { maxLength: 4 }),
			interests: fc.uniqueArray(str, { maxLength: 4 }),
			preferences: fc.dictionary(
				str.filter((k) => k !== '__proto__'),
				str
			),
			focusGroups: fc.uniqueArray(str, { maxLength: 3 }),
			consent: fc.constantFrom(...CONSENT_STATES),
			source: str,
			potentialValue: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true })),
			custom: fc.record({ budget: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })) })
		});
		fc.assert(
			fc.property(person, (p) => {
				const r = validatePerson(p, defs);
				expect(r.issues).toEqual([]);
				expect(r.value).toEqual(p);
			}),
			{ numRuns: 300 }
		);
	});

	it('validates 100k typical records quickly (timing printed, not asserted)', () => {
		const records = Array.from({ length: 100_000 }, (_, i) => typicalPerson(i));
		let issues = 0;
		const times: number[] = [];
		for (let pass = 0; pass < 3; pass++) {
			const t = performance.now();
			for (const r of records) issues += validatePerson(r, defs).issues.length;
			times.push(performance.now() - t);
		}
		console.log(
			`validatePerson, 100k typical records: ${times.map((t) => t.toFixed(0)).join(' / ')} ms (3 passes)`
		);
		expect(issues).toBe(0);
	});
});

describe('validateOrganization', () => {
	it('passes a good record, defaults missing fields and coerces wrong ones', () => {
		expect(validateOrganization({})).toEqual({ value: emptyOrganization(), issues: [] });
		const r = validateOrganization(
			{ name: 'Acme', kind: 'vendor', website: 3, tags: 'x,y', custom: { orgOnly: '5' } },
			defs
		);
		expect(r.value).toEqual({
			...emptyOrganization(),
			name: 'Acme',
			kind: 'supplier',
			website: '3',
			tags: ['x', 'y'],
			custom: { orgOnly: 5 }
		});
		expect(r.issues.map((i) => i.field)).toEqual(['kind', 'website', 'tags', 'custom.orgOnly']);
		expect(r.issues[3].message).toMatch(/^Seats: /);
	});

	it('never throws for any JSON (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (raw) => {
				const { value } = validateOrganization(raw, defs);
				expect(Object.keys(value).sort()).toEqual(Object.keys(emptyOrganization()).sort());
				expect(typeof value.name).toBe('string');
				expect(RELATIONSHIP_KINDS).toContain(value.kind);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('validateMember', () => {
	it('keeps good members and gives a stable colour to others', () => {
		expect(validateMember({ id: 'm1', name: 'Ann', color: '#3366cc' })).toEqual({
			value: { id: 'm1', name: 'Ann', color: '#3366cc', emails: [] },
			issues: []
		});
		expect(
			validateMember({ id: 'm1', name: 'Ann', emails: ['ann@acme.example'] }).value.emails
		).toEqual(['ann@acme.example']);
		expect(validateMember({ id: 'm1', name: 'Ann', color: 'rgb(1, 2, 3)' }).issues).toEqual([]);
		const missing = validateMember({ id: 'm1', name: 'Ann' });
		expect(missing.issues).toEqual([]);
		expect(missing.value.color).toBe(defaultMemberColor('m1'));
		const bad = validateMember({ id: 'm1', name: 5, color: 'url(evil)' });
		expect(bad.value).toEqual({ id: 'm1', name: '5', color: defaultMemberColor('m1'), emails: [] });
		expect(validateMember({ id: 'm1', name: 'Ann', team: 't1' }).value.teamId).toBe('t1');
		expect(bad.issues.map((i) => i.field)).toEqual(['name', 'color']);
		expect(validateMember(null).issues[0].field).toBe(WHOLE_RECORD);
	});

	it('picks colours from the palette deterministically', () => {
		fc.assert(
			fc.property(fc.string(), (id) => {
				expect(defaultMemberColor(id)).toMatch(/^#[0-9a-f]{6}$/);
				expect(defaultMemberColor(id)).toBe(defaultMemberColor(id));
			})
		);
	});
});

describe('validateCustomFieldDef', () => {
	it('reads a good definition as is', () => {
		const d = defs[1];
		expect(validateCustomFieldDef(d)).toEqual({ value: d, issues: [] });
	});

	it('repairs definitions from buggy or newer peers', () => {
		const r = validateCustomFieldDef({
			id: 'f',
			entity: 'people',
			type: 'rating',
			options: 'a, b',
			order: '3'
		});
		expect(r.value).toEqual({
			id: 'f',
			entity: 'person',
			label: 'f',
			type: 'text',
			options: ['a', 'b'],
			order: 3
		});
		expect(r.issues.map((i) => i.field)).toEqual(['entity', 'type', 'options', 'order']);
		expect(validateCustomFieldDef({ id: 'g', order: 'soon' }).value.order).toBe(0);
		expect(validateCustomFieldDef({ id: 'h', type: 'Multiple Choice' }).value.type).toBe(
			'multi-choice'
		);
	});

	it('never throws for any JSON (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (raw) => {
				const { value } = validateCustomFieldDef(raw);
				expect(typeof value.id).toBe('string');
				expect(Number.isFinite(value.order)).toBe(true);
			}),
			{ numRuns: 200 }
		);
	});
});
