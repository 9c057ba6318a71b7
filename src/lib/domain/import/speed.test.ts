/**
 * A speed sanity check, printed and not asserted (timings belong to bench/): decode, parse,
 * map and convert 100k generated rows as the import worker would.
 */
import { expect, it } from 'vitest';
import type { CustomFieldDef } from '../records';
import { parseCsv } from './csv';
import { decodeText } from './decode';
import { addToIndex, emptyIndex, findExisting } from './existing';
import { suggestMapping } from './mapping';
import { analyseColumns, rowConverter } from './rows';
import { person } from '../record-types';

const ROWS = 100_000;

function generate(): string {
	const lines = [
		'First Name,Last Name,E-mail Address,Mobile Phone,Company,Business City,Categories,Since,Notes'
	];
	for (let i = 0; i < ROWS; i++) {
		lines.push(
			`Ann${i},"Lee, ${i % 97}",ann${i}@example.org,+49 170 ${1000000 + i},Acme ${i % 2000},Berlin,VIP;Fair,${(i % 28) + 1}.0${(i % 9) + 1}.2020,"said ""hi"""`
		);
	}
	return lines.join('\r\n');
}

it('parses and maps 100k rows (timings printed)', () => {
	const defs: CustomFieldDef[] = [
		{ id: 'since', entity: 'person', label: 'Since', type: 'date', options: [], order: 0 }
	];
	const bytes = new TextEncoder().encode(generate());
	const t0 = performance.now();
	const decoded = decodeText(bytes);
	if ('error' in decoded) throw new Error(decoded.error);
	const t1 = performance.now();
	let progressCalls = 0;
	const parsed = parseCsv(decoded.text, { chunkRows: 5000, onProgress: () => progressCalls++ });
	if ('error' in parsed) throw new Error(parsed.error);
	const t2 = performance.now();
	const mapping = suggestMapping(parsed.headers, defs, person);
	const { options } = analyseColumns(parsed.rows, mapping, defs, person);
	const convert = rowConverter(mapping, defs, options);
	const index = emptyIndex();
	let duplicates = 0;
	let problems = 0;
	parsed.rows.forEach((row, i) => {
		const r = convert(row);
		problems += r.problems.length;
		if (findExisting(r.fields, index)) duplicates++;
		else addToIndex(index, `p${i}`, r.fields);
	});
	const t3 = performance.now();
	console.log(
		`import of ${ROWS} rows (${(bytes.length / 1e6).toFixed(1)} MB): decode ${(t1 - t0).toFixed(0)} ms, ` +
			`parse ${(t2 - t1).toFixed(0)} ms (${progressCalls} progress reports), ` +
			`map + convert + duplicate check ${(t3 - t2).toFixed(0)} ms, total ${(t3 - t0).toFixed(0)} ms`
	);
	expect(parsed.rows).toHaveLength(ROWS);
	expect(problems).toBe(0);
	expect(duplicates).toBe(0);
});
