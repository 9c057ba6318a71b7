import { describe, expect, it } from 'vitest';
import { organization, person as personType } from '../record-types';
import type { CustomFieldDef } from '../records';
import { readFixtureCsv } from './fixtures/fixture';
import { suggestMapping } from './mapping';
import { analyseColumns, rowConverter, rowToRecord } from './rows';
import type { ColumnMapping, MappingTarget } from './targets';

function importAll(file: string) {
	const { headers, rows } = readFixtureCsv(file);
	const mapping = suggestMapping(headers, [], personType);
	const { options } = analyseColumns(rows, mapping, [], personType);
	return rows.map(rowConverter(mapping, [], options));
}

function cols(...targets: MappingTarget[]): ColumnMapping[] {
	return targets.map((target, column) => ({ column, header: `Col ${column + 1}`, target }));
}

const person = { type: personType };

describe('rowToRecord on real exports', () => {
	it('imports a Google Contacts row with labels, multi-values and address parts', () => {
		const [jane, bob] = importAll('google-contacts.csv');
		expect(jane.problems).toEqual([]);
		expect(jane.fields).toEqual({
			firstName: 'Jane Q.',
			lastName: 'Doe',
			title: 'Head of Sales',
			organizationName: 'Acme GmbH',
			tags: ['VIP', 'Fair 2024'],
			emails: [
				{ label: 'work', value: 'jane@acme.example' },
				{ label: 'home', value: 'jane.doe@mail.example' }
			],
			phones: [
				{ label: 'mobile', value: '+49 170 1234567' },
				{ label: 'work', value: '+49 30 123456' },
				{ label: 'work', value: '+49 30 123457' }
			],
			addresses: [
				{
					label: 'work',
					street: 'Hauptstr. 1, 2. OG',
					city: 'Berlin',
					region: 'Berlin',
					postcode: '10115',
					country: 'Germany'
				}
			],
			notes:
				'Met at the fair.\nPrefers tea.\nNickname: Janie\nOrganization Department: Sales\nBirthday: 1980-04-12\nWebsite 1 - Value: https://jane.example'
		});
		expect(bob.fields).toEqual({
			firstName: 'Bob',
			lastName: 'Smith',
			emails: [{ label: 'other', value: 'bob@smith.example' }],
			phones: [{ label: 'mobile', value: '555-0100' }]
		});
	});

	it('imports the older Google format, preferring given and family name to Name', () => {
		const [jane, bob] = importAll('google-contacts-legacy.csv');
		expect(jane.fields).toMatchObject({
			firstName: 'Jane Q.',
			lastName: 'Doe',
			title: 'Head of Sales',
			organizationName: 'Acme GmbH',
			interests: ['Tennis'],
			tags: ['VIP'],
			emails: [{ label: 'work', value: 'jane@acme.example' }]
		});
		expect(bob.fields).toEqual({
			firstName: 'Bob',
			lastName: 'Smith',
			emails: [{ label: 'other', value: 'bob@smith.example' }]
		});
	});

	it('imports an Outlook row, leaving out its 0/0/00 dates and default values', () => {
		const [jane, bob] = importAll('outlook.csv');
		expect(jane.problems).toEqual([]);
		expect(jane.fields).toEqual({
			firstName: 'Jane Q.',
			lastName: 'Doe',
			title: 'Head of Sales',
			organizationName: 'Acme GmbH',
			source: 'Trade fair',
			tags: ['VIP', 'Fair 2024'],
			interests: ['Tennis', 'Jazz'],
			emails: [
				{ label: 'work', value: 'jane@acme.example' },
				{ label: 'work', value: 'jane.doe@mail.example' }
			],
			phones: [
				{ label: 'work fax', value: '+49 30 123459' },
				{ label: 'work', value: '+49 30 123456' },
				{ label: 'home', value: '+49 331 98765' },
				{ label: 'mobile', value: '+49 170 1234567' }
			],
			addresses: [
				{
					label: 'work',
					street: 'Hauptstr. 1, 2. OG',
					city: 'Berlin',
					region: 'Berlin',
					postcode: '10115',
					country: 'Germany'
				},
				{
					label: 'home',
					street: 'Gartenweg 5',
					city: 'Potsdam',
					region: '',
					postcode: '14467',
					country: 'Germany'
				}
			],
			notes:
				'Met at the fair.\r\nPrefers tea.\nDepartment: Sales\nBirthday: 4/12/1980\nWeb Page: https://jane.example'
		});
		expect(bob.fields).toEqual({
			firstName: 'Bob',
			lastName: 'Smith',
			emails: [{ label: 'work', value: 'bob@smith.example' }],
			phones: [{ label: 'mobile', value: '555-0100' }]
		});
	});
});

describe('rowToRecord validation', () => {
	it('reads back values our CSV export neutralised against formula injection', () => {
		const m = cols(
			{ type: 'field', field: 'firstName' },
			{ type: 'phone', index: 0, label: 'mobile' }
		);
		const r = rowToRecord(["'=Ann", "'+44 20 7946 0958"], m, [], person);
		expect(r.fields.firstName).toBe('=Ann');
		expect(r.fields.phones).toEqual([{ label: 'mobile', value: '+44 20 7946 0958' }]);
	});

	it('leaves out an invalid e-mail and says why, keeping the valid one', () => {
		const m = cols(
			{ type: 'field', field: 'firstName' },
			{ type: 'email', index: 0, label: 'work' }
		);
		const r = rowToRecord(['Ann', 'ann@x, not-an-address; Ann <ann@x.org>'], m, [], person);
		expect(r.fields.emails).toEqual([{ label: 'work', value: 'ann@x.org' }]);
		expect(r.problems).toEqual([
			'“ann@x” is not an e-mail address; left out.',
			'“not-an-address” is not an e-mail address; left out.'
		]);
	});

	it('reads an unknown relationship as "other" with a warning', () => {
		const m = cols({ type: 'field', field: 'lastName' }, { type: 'field', field: 'kind' });
		expect(rowToRecord(['Doe', 'Customer'], m, [], person)).toMatchObject({
			fields: { kind: 'client' },
			problems: []
		});
		const r = rowToRecord(['Doe', 'VIP'], m, [], person);
		expect(r.fields.kind).toBe('other');
		expect(r.problems[0]).toMatch(/^Relationship “VIP” is not one of lead, prospect/);
	});

	it('reads consent and decision role, reporting what it cannot', () => {
		const m = cols(
			{ type: 'field', field: 'lastName' },
			{ type: 'field', field: 'consent' },
			{ type: 'field', field: 'decisionRole' }
		);
		expect(rowToRecord(['Doe', 'Yes', 'Decision Maker'], m, [], person).fields).toMatchObject({
			consent: 'granted',
			decisionRole: 'decision maker'
		});
		const r = rowToRecord(['Doe', 'maybe', 'boss'], m, [], person);
		expect(r.fields.consent).toBe('unknown');
		expect(r.fields.decisionRole).toBeUndefined();
		expect(r.problems).toHaveLength(2);
	});

	it('converts custom field values by type and reports the ones it cannot read', () => {
		const defs: CustomFieldDef[] = [
			{ id: 'd', entity: 'person', label: 'Birthday', type: 'date', options: [], order: 0 },
			{ id: 'n', entity: 'person', label: 'Budget', type: 'number', options: [], order: 1 },
			{ id: 'b', entity: 'person', label: 'VIP', type: 'boolean', options: [], order: 2 },
			{
				id: 'c',
				entity: 'person',
				label: 'Size',
				type: 'choice',
				options: ['S', 'M', 'L'],
				order: 3
			},
			{
				id: 'm',
				entity: 'person',
				label: 'Diet',
				type: 'multi-choice',
				options: ['vegan', 'halal'],
				order: 4
			},
			{ id: 't', entity: 'person', label: 'Code', type: 'text', options: [], order: 5 }
		];
		const m = cols(
			{ type: 'field', field: 'lastName' },
			...defs.map((d): MappingTarget => ({ type: 'custom', defId: d.id }))
		);
		const rows = [
			['Doe', '25/12/1980', '1.234,50', 'yes', 'm', 'Vegan; halal', '007'],
			['Roe', '31/02/1980', 'lots', 'perhaps', 'XL', 'vegan, kosher', '']
		];
		const { options, notes } = analyseColumns(rows, m, defs, personType);
		expect(options.dateOrders).toEqual({ 1: 'dmy' });
		expect(notes).toEqual([]);
		const convert = rowConverter(m, defs, options);
		const good = convert(rows[0]);
		expect(good.problems).toEqual([]);
		expect(good.fields.custom).toEqual({
			d: '1980-12-25',
			n: 1234.5,
			b: true,
			c: 'M',
			m: ['vegan', 'halal'],
			t: '007'
		});
		const bad = convert(rows[1]);
		expect(bad.fields.custom).toEqual({ m: ['vegan'] });
		expect(bad.problems).toEqual([
			'“31/02/1980” in “Birthday” is not a date; left out.',
			'“lots” in “Budget” is not a number; left out.',
			'“perhaps” in “VIP” is not yes or no; left out.',
			'“XL” in “Size” is not one of its options (S, M, L); left out.',
			'“kosher” in “Diet” is not an option; left out.'
		]);
	});

	it('detects the date order of a column from all its values', () => {
		const defs: CustomFieldDef[] = [
			{ id: 'd', entity: 'person', label: 'Since', type: 'date', options: [], order: 0 }
		];
		const m: ColumnMapping[] = [
			{ column: 0, header: 'Since', target: { type: 'custom', defId: 'd' } }
		];
		const us = [['03/04/2020'], ['12/31/2020']];
		const a = analyseColumns(us, m, defs, personType);
		expect(a.options.dateOrders).toEqual({ 0: 'mdy' });
		expect(rowToRecord(us[0], m, defs, a.options).fields.custom).toEqual({ d: '2020-03-04' });
		const unclear = [['03/04/2020'], ['2020-12-31'], ['45000']];
		const b = analyseColumns(unclear, m, defs, personType);
		expect(b.notes).toEqual([
			'Dates in “Since” could be day-first or month-first; they are read as day/month/year.'
		]);
		expect(rowToRecord(unclear[0], m, defs, b.options).fields.custom).toEqual({ d: '2020-04-03' });
		expect(rowToRecord(unclear[2], m, defs, b.options).fields.custom).toEqual({ d: '2023-03-15' });
	});

	it('splits a full name only when first and last name are missing', () => {
		const m = cols({ type: 'field', field: 'fullName' }, { type: 'field', field: 'firstName' });
		expect(rowToRecord(['Doe, Jane', ''], m, [], person).fields).toEqual({
			firstName: 'Jane',
			lastName: 'Doe'
		});
		expect(rowToRecord(['Jane Ann Doe', ''], m, [], person).fields).toEqual({
			firstName: 'Jane Ann',
			lastName: 'Doe'
		});
		expect(rowToRecord(['Jane Doe', 'Janet'], m, [], person).fields).toEqual({
			firstName: 'Janet'
		});
	});

	it('marks a row with nothing that identifies a record as empty', () => {
		const m = cols({ type: 'field', field: 'firstName' }, { type: 'field', field: 'tags' });
		const r = rowToRecord(['', 'VIP'], m, [], person);
		expect(r.empty).toBe(true);
		expect(r.problems).toEqual([
			'The row has no name, e-mail, phone or organization; it is not imported.'
		]);
		expect(rowToRecord(['Ann', ''], m, [], person).empty).toBe(false);
	});

	it('reports a phone cell without digits and a mapping to a deleted custom field', () => {
		const m = cols(
			{ type: 'field', field: 'lastName' },
			{ type: 'phone', index: 0, label: 'work' },
			{ type: 'custom', defId: 'gone' }
		);
		const r = rowToRecord(['Doe', 'n/a', 'x'], m, [], person);
		expect(r.fields.phones).toBeUndefined();
		expect(r.problems).toEqual([
			'“n/a” is not a phone number; left out.',
			'Column “Col 3” is mapped to a custom field that no longer exists.'
		]);
	});

	it('builds organizations from an organization mapping', () => {
		const m = cols(
			{ type: 'field', field: 'name' },
			{ type: 'field', field: 'website' },
			{ type: 'field', field: 'industry' },
			{ type: 'field', field: 'kind' },
			{ type: 'phone', index: 0, label: 'work' }
		);
		const org = { type: organization };
		expect(
			rowToRecord(['Acme', 'acme.example', 'Retail', 'vendor', '+1 555 0100'], m, [], org)
		).toEqual({
			fields: {
				name: 'Acme',
				website: 'acme.example',
				industry: 'Retail',
				kind: 'supplier',
				phones: [{ label: 'work', value: '+1 555 0100' }]
			},
			problems: [],
			empty: false
		});
		expect(rowToRecord(['', 'x.example', '', '', ''], m, [], org).empty).toBe(true);
	});
});
