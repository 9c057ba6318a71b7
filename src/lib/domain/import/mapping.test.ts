import { describe, expect, it } from 'vitest';
import { organization, person } from '../record-types';
import type { CustomFieldDef } from '../records';
import { readFixtureCsv } from './fixtures/fixture';
import { normalizeHeader, suggestMapping } from './mapping';
import {
	describeChoices,
	describeTarget,
	targetChoices,
	targetKey,
	type ColumnMapping
} from './targets';

const fixture = readFixtureCsv;

/** header -> "key (label)" for every column that is imported. */
function summary(mapping: ColumnMapping[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const { header, target } of mapping) {
		if (target.type === 'ignore') continue;
		const label = 'label' in target ? ` (${target.label})` : '';
		out[header] = targetKey(target) + label;
	}
	return out;
}

describe('suggestMapping', () => {
	it('maps a Google Contacts export completely', () => {
		const { headers } = fixture('google-contacts.csv');
		expect(summary(suggestMapping(headers, [], person))).toEqual({
			'First Name': 'firstName',
			'Middle Name': 'middleName',
			'Last Name': 'lastName',
			Nickname: 'noteLine',
			'Organization Name': 'organization',
			'Organization Title': 'title',
			'Organization Department': 'noteLine',
			Birthday: 'noteLine',
			Notes: 'notes',
			Labels: 'tags',
			'E-mail 1 - Label': 'emails[0].label',
			'E-mail 1 - Value': 'emails[0] (other)',
			'E-mail 2 - Label': 'emails[1].label',
			'E-mail 2 - Value': 'emails[1] (other)',
			'Phone 1 - Label': 'phones[0].label',
			'Phone 1 - Value': 'phones[0] (other)',
			'Phone 2 - Label': 'phones[1].label',
			'Phone 2 - Value': 'phones[1] (other)',
			'Address 1 - Label': 'addresses[0].label (other)',
			'Address 1 - Street': 'addresses[0].street (other)',
			'Address 1 - City': 'addresses[0].city (other)',
			'Address 1 - PO Box': 'addresses[0].street (other)',
			'Address 1 - Region': 'addresses[0].region (other)',
			'Address 1 - Postal Code': 'addresses[0].postcode (other)',
			'Address 1 - Country': 'addresses[0].country (other)',
			'Address 1 - Extended Address': 'addresses[0].street (other)',
			'Website 1 - Value': 'noteLine'
		});
	});

	it('maps the older Google Contacts export completely', () => {
		const { headers } = fixture('google-contacts-legacy.csv');
		expect(summary(suggestMapping(headers, [], person))).toEqual({
			Name: 'fullName',
			'Given Name': 'firstName',
			'Additional Name': 'middleName',
			'Family Name': 'lastName',
			Nickname: 'noteLine',
			Birthday: 'noteLine',
			Occupation: 'noteLine',
			Hobby: 'interests',
			Notes: 'notes',
			'Group Membership': 'tags',
			'E-mail 1 - Type': 'emails[0].label',
			'E-mail 1 - Value': 'emails[0] (other)',
			'E-mail 2 - Type': 'emails[1].label',
			'E-mail 2 - Value': 'emails[1] (other)',
			'Phone 1 - Type': 'phones[0].label',
			'Phone 1 - Value': 'phones[0] (other)',
			'Phone 2 - Type': 'phones[1].label',
			'Phone 2 - Value': 'phones[1] (other)',
			'Address 1 - Type': 'addresses[0].label (other)',
			'Address 1 - Street': 'addresses[0].street (other)',
			'Address 1 - City': 'addresses[0].city (other)',
			'Address 1 - PO Box': 'addresses[0].street (other)',
			'Address 1 - Region': 'addresses[0].region (other)',
			'Address 1 - Postal Code': 'addresses[0].postcode (other)',
			'Address 1 - Country': 'addresses[0].country (other)',
			'Address 1 - Extended Address': 'addresses[0].street (other)',
			'Organization 1 - Name': 'organization',
			'Organization 1 - Title': 'title',
			'Organization 1 - Department': 'noteLine',
			'Website 1 - Value': 'noteLine'
		});
	});

	it('maps an Outlook export completely', () => {
		const { headers } = fixture('outlook.csv');
		expect(headers).toHaveLength(92);
		expect(summary(suggestMapping(headers, [], person))).toEqual({
			'First Name': 'firstName',
			'Middle Name': 'middleName',
			'Last Name': 'lastName',
			Company: 'organization',
			Department: 'noteLine',
			'Job Title': 'title',
			'Business Street': 'addresses[0].street (work)',
			'Business Street 2': 'addresses[0].street (work)',
			'Business Street 3': 'addresses[0].street (work)',
			'Business City': 'addresses[0].city (work)',
			'Business State': 'addresses[0].region (work)',
			'Business Postal Code': 'addresses[0].postcode (work)',
			'Business Country/Region': 'addresses[0].country (work)',
			'Home Street': 'addresses[1].street (home)',
			'Home Street 2': 'addresses[1].street (home)',
			'Home Street 3': 'addresses[1].street (home)',
			'Home City': 'addresses[1].city (home)',
			'Home State': 'addresses[1].region (home)',
			'Home Postal Code': 'addresses[1].postcode (home)',
			'Home Country/Region': 'addresses[1].country (home)',
			'Other Street': 'addresses[2].street (other)',
			'Other Street 2': 'addresses[2].street (other)',
			'Other Street 3': 'addresses[2].street (other)',
			'Other City': 'addresses[2].city (other)',
			'Other State': 'addresses[2].region (other)',
			'Other Postal Code': 'addresses[2].postcode (other)',
			'Other Country/Region': 'addresses[2].country (other)',
			"Assistant's Phone": 'phones[0] (assistant)',
			'Business Fax': 'phones[1] (work fax)',
			'Business Phone': 'phones[2] (work)',
			'Business Phone 2': 'phones[3] (work)',
			Callback: 'phones[4] (callback)',
			'Car Phone': 'phones[5] (car)',
			'Company Main Phone': 'phones[6] (company)',
			'Home Fax': 'phones[7] (home fax)',
			'Home Phone': 'phones[8] (home)',
			'Home Phone 2': 'phones[9] (home)',
			ISDN: 'phones[10] (isdn)',
			'Mobile Phone': 'phones[11] (mobile)',
			'Other Fax': 'phones[12] (fax)',
			'Other Phone': 'phones[13] (other)',
			Pager: 'phones[14] (pager)',
			'Primary Phone': 'phones[15] (main)',
			'Radio Phone': 'phones[16] (radio)',
			'TTY/TDD Phone': 'phones[17] (tty)',
			Telex: 'phones[18] (telex)',
			Anniversary: 'noteLine',
			Birthday: 'noteLine',
			'Business Address PO Box': 'addresses[0].street (work)',
			Categories: 'tags',
			'E-mail Address': 'emails[0] (work)',
			'E-mail 2 Address': 'emails[1] (work)',
			'E-mail 3 Address': 'emails[2] (work)',
			Hobby: 'interests',
			'Home Address PO Box': 'addresses[1].street (home)',
			Keywords: 'tags',
			Notes: 'notes',
			'Other Address PO Box': 'addresses[2].street (other)',
			Profession: 'noteLine',
			'Referred By': 'source',
			Spouse: 'noteLine',
			'Web Page': 'noteLine'
		});
	});

	it('reads the Outlook and Google exports as organizations too', () => {
		const outlook = summary(suggestMapping(fixture('outlook.csv').headers, [], organization));
		expect(outlook.Company).toBe('name');
		expect(outlook['Web Page']).toBe('website');
		expect(outlook['First Name']).toBeUndefined();
		const google = summary(
			suggestMapping(fixture('google-contacts.csv').headers, [], organization)
		);
		expect(google['Organization Name']).toBe('name');
		expect(google['Website 1 - Value']).toBe('website');
	});

	it('maps plain headers by synonym, ignoring case, spaces, punctuation and accents', () => {
		const headers = [
			'Surname',
			'FORENAME',
			'e-mail',
			'Work Email',
			'Mobile',
			'Telefon',
			'Phone 2',
			'Fax',
			'Company',
			'Position',
			'Street',
			'Zip',
			'Town',
			'Country',
			'Billing City',
			'Tags',
			'Interests',
			'Relationship',
			'Lead Source',
			'Comments',
			'Opt-in',
			'Decision role',
			'Straße',
			'Prénom',
			'Hotel',
			'Voicemail',
			'Customer Number',
			'Home'
		];
		expect(summary(suggestMapping(headers, [], person))).toEqual({
			Surname: 'lastName',
			FORENAME: 'firstName',
			'e-mail': 'emails[0] (work)',
			'Work Email': 'emails[1] (work)',
			Mobile: 'phones[0] (mobile)',
			Telefon: 'phones[1] (work)',
			'Phone 2': 'phones[2] (work)',
			Fax: 'phones[3] (fax)',
			Company: 'organization',
			Position: 'title',
			Street: 'addresses[0].street (work)',
			Zip: 'addresses[0].postcode (work)',
			Town: 'addresses[0].city (work)',
			Country: 'addresses[0].country (work)',
			'Billing City': 'addresses[1].city (work)',
			Tags: 'tags',
			Interests: 'interests',
			Relationship: 'kind',
			'Lead Source': 'source',
			Comments: 'notes',
			'Opt-in': 'consent',
			'Decision role': 'decisionRole',
			Straße: 'addresses[0].street (work)',
			Prénom: 'firstName'
		});
	});

	it('reads "Title" as the job title unless a "Job Title" column exists', () => {
		expect(summary(suggestMapping(['Name', 'Title'], [], person))).toEqual({
			Name: 'fullName',
			Title: 'title'
		});
		expect(summary(suggestMapping(['Title', 'Job Title'], [], person))).toEqual({
			'Job Title': 'title'
		});
	});

	it('reads German "Name" next to "Vorname" as the surname', () => {
		expect(summary(suggestMapping(['Vorname', 'Name', 'E-Mail'], [], person))).toEqual({
			Vorname: 'firstName',
			Name: 'lastName',
			'E-Mail': 'emails[0] (work)'
		});
	});

	it('maps columns named like a custom field of the entity to it, before anything else', () => {
		const defs: CustomFieldDef[] = [
			{ id: 'bd', entity: 'person', label: 'Birthday', type: 'date', options: [], order: 0 },
			{ id: 'sz', entity: 'organization', label: 'Size', type: 'number', options: [], order: 1 }
		];
		const m = suggestMapping(['Birthday', 'Size', 'Email'], defs, person);
		expect(summary(m)).toEqual({ Birthday: 'custom:bd', Email: 'emails[0] (work)' });
		expect(describeTarget(m[0].target, defs, person)).toBe('Birthday');
	});

	it('uses a Formatted address only when no part of that address is mapped', () => {
		const m = suggestMapping(['Address 1 - Formatted', 'Email'], [], person);
		expect(summary(m)['Address 1 - Formatted']).toBe('addresses[0].street (other)');
	});

	it('normalizes headers', () => {
		expect(normalizeHeader(' E-mail 1 - Value ')).toBe('email1value');
		expect(normalizeHeader('Straße & Nr.')).toBe('strasseandnr');
		expect(normalizeHeader('Téléphone')).toBe('telephone');
	});
});

describe('targetChoices', () => {
	it('offers the entity fields, slots, its custom fields and the notes line', () => {
		const defs: CustomFieldDef[] = [
			{ id: 'b', entity: 'person', label: 'B', type: 'text', options: [], order: 2 },
			{ id: 'a', entity: 'person', label: 'A', type: 'text', options: [], order: 1 },
			{ id: 'o', entity: 'organization', label: 'O', type: 'text', options: [], order: 0 }
		];
		const keys = targetChoices(person, defs).map(targetKey);
		expect(keys[0]).toBe('ignore');
		expect(keys).toContain('firstName');
		expect(keys).toContain('emails[2].label');
		expect(keys).toContain('addresses[1].postcode');
		expect(keys).not.toContain('website');
		expect(keys.filter((k) => k.startsWith('custom:'))).toEqual(['custom:a', 'custom:b']);
		expect(keys.at(-1)).toBe('noteLine');
		expect(new Set(keys).size).toBe(keys.length);
	});
});

describe('the mapping screen names targets by what they store (issue #18)', () => {
	it("Outlook's Business Phone and Business Street read as work, whatever their slot", () => {
		const csv = fixture('outlook.csv');
		const mapping = suggestMapping(csv.headers, [], person);
		const slots = (kind: string) =>
			Math.max(
				3,
				...mapping.map((m) =>
					'index' in m.target && m.target.type.startsWith(kind) ? m.target.index + 1 : 0
				)
			);
		const choices = targetChoices(
			person,
			[],
			{ emails: slots('email'), phones: slots('phone'), addresses: slots('address') },
			mapping
		);
		const options = new Map(describeChoices(choices, [], person).map((o) => [o.key, o.label]));
		const shown = (header: string) =>
			options.get(targetKey(mapping.find((m) => m.header === header)!.target));
		expect(shown('Business Phone')).toBe('Phone (work)');
		expect(shown('Mobile Phone')).toBe('Phone (mobile)');
		expect(shown('Home Phone')).toBe('Phone (home)');
		expect(shown('Business Street')).toBe('Address (work) street');
		expect(shown('Home City')).toBe('Address (home) city');
		// What choosing an option stores is what it says.
		const business = mapping.find((m) => m.header === 'Business Phone')!.target;
		expect(choices.find((c) => targetKey(c) === targetKey(business))).toEqual(business);
		// Every option reads differently.
		expect(new Set(options.values()).size).toBe(options.size);
	});
});
