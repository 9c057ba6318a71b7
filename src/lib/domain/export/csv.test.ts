import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../import/csv';
import { CSV_FLAVOURS, csvCell, toCsv } from './csv';

describe('toCsv', () => {
	it('writes RFC 4180 with a BOM and CRLF, quoting only where needed', () => {
		const csv = toCsv(
			['Name', 'Notes'],
			[
				['Doe, Jane', 'said "hi"\nthen left'],
				['Bob', 'plain']
			]
		);
		expect(csv).toBe('\ufeffName,Notes\r\n"Doe, Jane","said ""hi""\nthen left"\r\nBob,plain\r\n');
	});

	it('neutralises text a spreadsheet would run as a formula', () => {
		const evil = [
			'=HYPERLINK("http://x.example","click")',
			'+1+1',
			'-2+3',
			'@SUM(A1)',
			'\t=1',
			'\r=1'
		];
		const csv = toCsv(
			['v'],
			evil.map((e) => [e])
		);
		const back = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true })
			.data.slice(1)
			.map((r) => r[0]);
		expect(back).toEqual(evil.map((e) => `'${e}`));
		for (const cell of back) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		expect(csvCell('a=b')).toBe('a=b');
		expect(csvCell(' =1')).toBe(' =1');
	});

	it('keeps numbers as numbers, negative ones included; a string "-5" is neutralised', () => {
		expect(toCsv(['n'], [[-5], [3.25], [NaN], [Infinity]])).toBe(
			'\ufeffn\r\n-5\r\n3.25\r\n\r\n\r\n'
		);
		expect(csvCell('-5')).toBe("'-5");
	});

	it('writes booleans and nulls, and neutralises headers too', () => {
		expect(toCsv(['=cmd', 'b'], [[true, null]])).toBe("\ufeff'=cmd,b\r\ntrue,\r\n");
	});

	it('is read back by the importer unchanged', () => {
		const rows = [
			['Zoë', 'Straße 1; 2. OG', 'a "quote"'],
			['', 'x', 'multi\r\nline']
		];
		const parsed = parseCsv(toCsv(['A', 'B', 'C'], rows));
		if ('error' in parsed) throw new Error(parsed.error);
		expect(parsed.headers).toEqual(['A', 'B', 'C']);
		expect(parsed.rows).toEqual(rows);
	});

	it('for another contacts app writes values as they are, and says which flavour is which', () => {
		expect(toCsv(['Phone'], [['+48 22 555 0101'], ['=1+1']], 'contacts')).toBe(
			'\ufeffPhone\r\n+48 22 555 0101\r\n=1+1\r\n'
		);
		expect(toCsv(['Phone'], [['+48 22 555 0101']])).toContain("'+48 22 555 0101");
		expect(CSV_FLAVOURS.map((f) => f.label)).toEqual([
			'For spreadsheets',
			'For another contacts app'
		]);
		for (const f of CSV_FLAVOURS) expect(f.description.length).toBeGreaterThan(40);
	});
});
