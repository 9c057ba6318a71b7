import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, uniqueHeaders, type ParsedCsv } from './csv';

function ok(r: ReturnType<typeof parseCsv>): ParsedCsv {
	if ('error' in r) throw new Error(r.error);
	return r;
}

describe('detectDelimiter', () => {
	it('finds comma, semicolon and tab', () => {
		expect(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
		expect(detectDelimiter('a;b;c\n1;2;3\n4;5;6\n')).toBe(';');
		expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
	});

	it('is not fooled by decimal commas in semicolon files', () => {
		expect(detectDelimiter('Name;Price\nApple;1,50\nPear;2,25\n')).toBe(';');
	});

	it('is not fooled by commas inside quoted values', () => {
		expect(detectDelimiter('Name;Address\n"Doe, J";"1 Main St, Town"\nX;Y\n')).toBe(';');
	});

	it('defaults to comma for a single column', () => {
		expect(detectDelimiter('Name\nAnn\nBob\n')).toBe(',');
	});
});

describe('parseCsv', () => {
	it('reads headers and rows, with quoted commas, quotes and line breaks', () => {
		const r = ok(parseCsv('Name,Notes\r\n"Doe, Jane","said ""hi""\r\ntwice"\r\nBob,x\r\n'));
		expect(r.headers).toEqual(['Name', 'Notes']);
		expect(r.rows).toEqual([
			['Doe, Jane', 'said "hi"\r\ntwice'],
			['Bob', 'x']
		]);
		expect(r.problems).toEqual([]);
		expect(r.delimiter).toBe(',');
	});

	it('skips blank lines and rows of empty values', () => {
		const r = ok(parseCsv('a,b\n\n1,2\n   \n,\n3,4\n\n'));
		expect(r.rows).toEqual([
			['1', '2'],
			['3', '4']
		]);
		expect(r.problems).toEqual([]);
	});

	it('keeps ragged rows and reports them with their line', () => {
		const r = ok(parseCsv('a,b,c\n1,2,3\n\n4,5\n6,7,8,9\n'));
		expect(r.rows).toEqual([
			['1', '2', '3'],
			['4', '5', ''],
			['6', '7', '8', '9']
		]);
		expect(r.problems).toEqual([
			{ row: 1, line: 4, message: expect.stringMatching(/^Line 4 has 2 values; the header has 3/) },
			{ row: 2, line: 5, message: expect.stringMatching(/^Line 5 has 4 values.*not imported/) }
		]);
	});

	it('counts lines inside quoted values when it reports a later line', () => {
		const r = ok(parseCsv('a,b\n"x\ny\nz",1\n2\n'));
		expect(r.problems[0].line).toBe(5);
	});

	it('refuses a quote that is never closed, naming the line', () => {
		const r = parseCsv('a,b\n1,2\n"3,4\n5,6\n');
		expect(r).toEqual({ error: expect.stringMatching(/^Line 3: a quoted value is never closed/) });
	});

	it('reports a stray quote after a quoted value but keeps the row', () => {
		const r = ok(parseCsv('a,b\n"x"y",1\n'));
		expect(r.rows).toEqual([['x"y', '1']]);
		expect(r.problems[0]).toMatchObject({ row: 0, line: 2 });
	});

	it('refuses empty and header-only files', () => {
		expect(parseCsv('')).toEqual({ error: 'The file is empty.' });
		expect(parseCsv(' \r\n\r\n')).toEqual({ error: 'The file is empty.' });
		expect(parseCsv('First Name,Last Name\r\n')).toEqual({
			error: 'The file has a header row but no data rows.'
		});
		expect(parseCsv('First Name,Last Name\r\n,\r\n\r\n')).toEqual({
			error: 'The file has a header row but no data rows.'
		});
	});

	it('reads semicolon and tab files and strips a BOM left in the text', () => {
		expect(ok(parseCsv('\ufeffName;City\nAnn;Köln\n')).headers).toEqual(['Name', 'City']);
		expect(ok(parseCsv('Name\tCity\nAnn\tKöln\n')).rows).toEqual([['Ann', 'Köln']]);
	});

	it('disambiguates duplicate and empty headers', () => {
		expect(uniqueHeaders(['Phone', 'phone', ' Phone ', '', 'Phone (2)'])).toEqual([
			'Phone',
			'phone (2)',
			'Phone (3)',
			'Column 4',
			'Phone (2) (2)'
		]);
	});

	it('reports the last chunk once when the rows divide evenly', () => {
		const text = 'n\n' + Array.from({ length: 200 }, (_, i) => `row${i}`).join('\n');
		const calls: [number, number][] = [];
		ok(parseCsv(text, { chunkRows: 100, onProgress: (d, t) => calls.push([d, t]) }));
		expect(calls).toEqual([
			[100, expect.any(Number)],
			[200, 200]
		]);
	});

	it('reports progress in chunks, ending with the exact total', () => {
		const text = 'n\n' + Array.from({ length: 250 }, (_, i) => `row${i}`).join('\n');
		const calls: [number, number][] = [];
		ok(parseCsv(text, { chunkRows: 100, onProgress: (d, t) => calls.push([d, t]) }));
		expect(calls.map((c) => c[0])).toEqual([100, 200, 250]);
		expect(calls[2][1]).toBe(250);
		for (const [done, total] of calls) expect(total).toBeGreaterThanOrEqual(done);
		expect(Math.abs(calls[0][1] - 250)).toBeLessThan(30);
	});
});
