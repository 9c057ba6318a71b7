import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVCards, type VCardImport } from './vcard';

function ok(r: VCardImport) {
	if ('error' in r) throw new Error(r.error);
	return r;
}

const crlf = (...lines: string[]) => lines.join('\r\n') + '\r\n';

describe('parseVCards', () => {
	it('reads a vCard 3.0 as phones write it: several values, folded lines, unknown properties', () => {
		const text = crlf(
			'BEGIN:VCARD',
			'VERSION:3.0',
			'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
			'N:Doe;Jane;Q.;Dr.;',
			'FN:Dr. Jane Q. Doe',
			'ORG:Acme\\, Inc.;Sales',
			'TITLE:Head of Sales',
			'EMAIL;type=INTERNET;type=WORK;type=pref:jane@acme.example',
			'EMAIL;type=INTERNET;type=HOME:jane.doe@mail.example',
			'TEL;type=CELL;type=VOICE;type=pref:+49 170 1234567',
			'TEL;type=WORK;type=FAX:+49 30 123459',
			'item1.TEL:+49 30 5550',
			'item1.X-ABLabel:Assistant',
			'ADR;type=WORK:;2. OG;Hauptstr. 1;Berlin;;10115;Germany',
			'NOTE:Met at the fair\\, twice.\\nPrefers tea. This note is long enough to be fol',
			' ded over two lines.',
			'CATEGORIES:VIP,Fair 2024',
			'X-SOCIALPROFILE;type=twitter:https://x.example/jane',
			'IMPP;X-SERVICE-TYPE=Skype:skype:jane',
			'BDAY:1980-04-12',
			'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBk',
			' SEx8aGhsbHx0fHx8fJCQk',
			'END:VCARD'
		);
		const r = ok(parseVCards(text));
		expect(r.people).toEqual([
			{
				firstName: 'Jane Q.',
				lastName: 'Doe',
				organizationName: 'Acme, Inc.',
				title: 'Head of Sales',
				emails: [
					{ label: 'work', value: 'jane@acme.example' },
					{ label: 'home', value: 'jane.doe@mail.example' }
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
					}
				],
				tags: ['VIP', 'Fair 2024'],
				notes:
					'Met at the fair, twice.\nPrefers tea. This note is long enough to be folded over two lines.\nBirthday: 1980-04-12'
			}
		]);
		expect(r.notes).toEqual(['Dr. Jane Q. Doe: photo skipped.', 'Not imported: IMPP (1 card).']);
	});

	it('reads several cards, LF line ends, vCard 4.0 and cards with only FN', () => {
		const text = [
			'BEGIN:VCARD',
			'VERSION:4.0',
			'FN:Bob Smith',
			'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-0100',
			'EMAIL;TYPE=work:bob@smith.example',
			'END:VCARD',
			'',
			'BEGIN:VCARD',
			'VERSION:4.0',
			'FN:Ann',
			'END:VCARD'
		].join('\n');
		const r = ok(parseVCards(text));
		expect(r.people).toEqual([
			{
				firstName: 'Bob',
				lastName: 'Smith',
				emails: [{ label: 'work', value: 'bob@smith.example' }],
				phones: [{ label: 'mobile', value: '+1-555-0100' }]
			},
			{ firstName: 'Ann' }
		]);
		expect(r.notes).toEqual([]);
	});

	it('reads vCard 2.1 as Outlook writes it: bare parameters and quoted-printable', () => {
		const text = crlf(
			'BEGIN:VCARD',
			'VERSION:2.1',
			'N;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg',
			'TEL;CELL;VOICE:+49 170 1',
			'TEL;WORK;FAX:+49 30 2',
			'EMAIL;PREF;INTERNET:joerg@example.de',
			'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=windows-1252:Caf=E9 am Eck, Stra=DFe=0D=0A=',
			'zweite Zeile',
			'ADR;HOME;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=C3=9Fe 1;K=C3=B6ln;;50667;Deutschland',
			'END:VCARD'
		);
		const r = ok(parseVCards(text));
		expect(r.people).toEqual([
			{
				firstName: 'Jörg',
				lastName: 'Müller',
				emails: [{ label: 'other', value: 'joerg@example.de' }],
				phones: [
					{ label: 'mobile', value: '+49 170 1' },
					{ label: 'work fax', value: '+49 30 2' }
				],
				addresses: [
					{
						label: 'home',
						street: 'Hauptstraße 1',
						city: 'Köln',
						region: '',
						postcode: '50667',
						country: 'Deutschland'
					}
				],
				notes: 'Café am Eck, Straße\nzweite Zeile'
			}
		]);
	});

	it('skips a broken card with a note and keeps the others', () => {
		const text = crlf(
			'BEGIN:VCARD',
			'VERSION:3.0',
			'FN:Good One',
			'END:VCARD',
			'BEGIN:VCARD',
			'VERSION:3.0',
			'FN:Broken',
			'this line has no colon and is dropped',
			'="=;\\":.TB',
			'END:VCARD',
			'BEGIN:VCARD',
			'VERSION:3.0',
			'ORG:Acme',
			'END:VCARD',
			'BEGIN:VCARD',
			'VERSION:3.0',
			'NOTE:nothing to identify',
			'END:VCARD'
		);
		const r = ok(parseVCards(text));
		expect(r.people).toEqual([
			{ firstName: 'Good', lastName: 'One' },
			{ organizationName: 'Acme' }
		]);
		expect(r.notes).toEqual([
			expect.stringMatching(
				/^Card 2 could not be read \(Invalid parameters.*\); it was skipped\.$/
			),
			'Card 4 has no name, e-mail, phone or organization; it was skipped.'
		]);
		expect(parseVCards(crlf('BEGIN:VCARD', '="=;\\":.TB', 'END:VCARD'))).toEqual({
			error: expect.stringMatching(/^None of the 1 vCards could be read: Invalid parameters/)
		});
	});

	it('reports a bad e-mail on a card and reads a card cut off at the end of the file', () => {
		const r = ok(parseVCards('BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\nEMAIL:not-mail\n'));
		expect(r.people).toEqual([{ firstName: 'Cut', lastName: 'Off' }]);
		expect(r.notes).toEqual([
			'Card 1 has no END:VCARD; it was read up to the end of the file.',
			'Cut Off: “not-mail” is not an e-mail address; left out.'
		]);
	});

	it('ignores a nested 2.1 AGENT card', () => {
		const r = ok(
			parseVCards(
				crlf(
					'BEGIN:VCARD',
					'VERSION:2.1',
					'N:Doe;Jane',
					'AGENT:BEGIN:VCARD',
					'N:Assistant;Al',
					'END:VCARD',
					'TITLE:Boss',
					'END:VCARD'
				)
			)
		);
		expect(r.people).toEqual([{ firstName: 'Jane', lastName: 'Doe', title: 'Boss' }]);
	});

	it('never throws, whatever the lines of a card hold', () => {
		const line = fc.string({
			unit: fc.constantFrom(...'AN;:="\\,=. -tT\n'.split('')),
			maxLength: 14
		});
		fc.assert(
			fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
				const r = parseVCards(
					['BEGIN:VCARD', 'VERSION:3.0', 'FN:x', ...lines, 'END:VCARD'].join('\n')
				);
				return 'error' in r || Array.isArray(r.people);
			}),
			{ numRuns: 500 }
		);
	});

	it('refuses a file without vCards', () => {
		expect(parseVCards('First Name,Last Name\nAnn,Lee\n')).toEqual({
			error: 'This file contains no vCards (no BEGIN:VCARD line).'
		});
	});
});
