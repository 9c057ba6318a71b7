import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mailMergeCsv } from './letters';

describe('mail-merge CSV', () => {
	it('has a row per letter, address lines in columns, and is formula-safe', () => {
		const csv = mailMergeCsv([
			{ name: 'Ada', address: ['1 Main St', '10115 Berlin'], subject: 'Hi', text: 'Dear Ada,\nhi' },
			{
				name: '=HYPERLINK("x")',
				address: ['a', 'b', 'c', 'd', 'e'],
				subject: '+1',
				text: '@me'
			}
		]);
		const rows = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
		expect(rows[0]).toEqual([
			'Name',
			'Address line 1',
			'Address line 2',
			'Address line 3',
			'Address line 4',
			'Subject',
			'Letter'
		]);
		expect(rows[1]).toEqual(['Ada', '1 Main St', '10115 Berlin', '', '', 'Hi', 'Dear Ada,\nhi']);
		expect(rows[2]).toEqual([`'=HYPERLINK("x")`, 'a', 'b', 'c', 'd, e', "'+1", "'@me"]);
	});
});
