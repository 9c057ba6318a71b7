import { describe, expect, it } from 'vitest';
import { emptyPerson } from '../records';
import { parseVCards } from '../import/vcard';
import { escapeVCardText, foldLine, toVCard, type VCardPerson } from './vcard';

const octets = (s: string) => new TextEncoder().encode(s).length;

function person(over: Partial<VCardPerson>): VCardPerson {
	return { ...emptyPerson(), id: '0b7e3f5c-8a51-4f7e-9d0a-1c2b3d4e5f60', ...over };
}

const jane = person({
	firstName: 'Jane Q.',
	lastName: 'Doe; Jr.',
	title: 'Head of Sales, EMEA',
	organizationName: 'Acme, Inc.',
	emails: [
		{ label: 'work', value: 'jane@acme.example' },
		{ label: 'other', value: 'jane@mail.example' }
	],
	phones: [
		{ label: 'mobile', value: '+49 170 1234567' },
		{ label: 'work fax', value: '+49 30 123459' },
		{ label: 'assistant', value: '+49 30 5550' }
	],
	addresses: [
		{
			label: 'work',
			street: 'Hauptstr. 1, 2. OG',
			city: 'Berlin',
			region: '',
			postcode: '10115',
			country: 'Germany'
		},
		{
			label: 'holiday home',
			street: 'Via Roma 3',
			city: 'Lucca',
			region: 'LU',
			postcode: '55100',
			country: 'Italy'
		}
	],
	tags: ['VIP', 'Fair, 2024', 'back\\slash'],
	notes:
		'Line one; with a semicolon.\nLine two: 日本語のテキストは三オクテットの文字で、行の折り返しを確かめます。😀 and an emoji at the end.'
});

describe('toVCard', () => {
	it('writes vCard 4.0 with the fields escaped', () => {
		const v = toVCard([jane]);
		expect(v.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0b7e3f5c-')).toBe(true);
		expect(v).toContain('\r\nN:Doe\\; Jr.;Jane Q.;;;\r\n');
		expect(v).toContain('\r\nORG:Acme\\, Inc.\r\n');
		expect(v).toContain('\r\nEMAIL;TYPE=work:jane@acme.example\r\n');
		expect(v).toContain('\r\nTEL;VALUE=text;TYPE="work,fax":+49 30 123459\r\n');
		expect(v).toContain('\r\nitem1.TEL;VALUE=text:+49 30 5550\r\nitem1.X-ABLABEL:assistant\r\n');
		expect(v).toContain('\r\nCATEGORIES:VIP,Fair\\, 2024,back\\\\slash\r\n');
		expect(v.endsWith('END:VCARD\r\n')).toBe(true);
	});

	it('folds every line at 75 octets without splitting a character', () => {
		const v = toVCard([jane]);
		const lines = v.split('\r\n');
		for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
		expect(lines.some((l) => l.startsWith(' '))).toBe(true);
		expect(v).not.toContain('\ufffd');
		const folded = foldLine('NOTE:' + '€'.repeat(40));
		expect(folded.split('\r\n').map(octets)).toEqual([74, 52]);
		expect(folded.replace(/\r\n /g, '')).toBe('NOTE:' + '€'.repeat(40));
	});

	it('escapes text values as RFC 6350 says', () => {
		expect(escapeVCardText('a\\b,c;d\r\ne\nf')).toBe('a\\\\b\\,c\\;d\\ne\\nf');
	});

	it('names a card without a name by organization, then e-mail', () => {
		expect(toVCard([person({ organizationName: 'Acme' })])).toContain('\r\nFN:Acme\r\n');
		expect(toVCard([person({ emails: [{ label: 'work', value: 'a@b.example' }] })])).toContain(
			'\r\nFN:a@b.example\r\n'
		);
		expect(toVCard([])).toBe('');
	});

	it('round-trips through the vCard importer', () => {
		const bob = person({
			id: 'not-a-uuid',
			firstName: 'Bob',
			lastName: 'Smith',
			emails: [{ label: 'home', value: 'bob@smith.example' }]
		});
		const r = parseVCards(toVCard([jane, bob]));
		if ('error' in r) throw new Error(r.error);
		expect(r.notes).toEqual([]);
		expect(r.people).toEqual([
			{
				firstName: jane.firstName,
				lastName: jane.lastName,
				title: jane.title,
				organizationName: jane.organizationName,
				emails: jane.emails,
				phones: jane.phones,
				addresses: jane.addresses,
				tags: jane.tags,
				notes: jane.notes
			},
			{ firstName: 'Bob', lastName: 'Smith', emails: bob.emails }
		]);
	});
});
