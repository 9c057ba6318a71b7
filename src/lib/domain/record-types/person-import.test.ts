import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../import/mapping';
import { rowConverter } from '../import/rows';
import { person } from './index';
import { parsePotentialValue } from './person-import';

describe('potential value in a people import', () => {
	it('reads amounts as people write them, with a currency around them', () => {
		expect(parsePotentialValue('50000')).toEqual({ value: 50_000 });
		expect(parsePotentialValue('€ 50,000')).toEqual({ value: 50_000 });
		expect(parsePotentialValue('12 500,50 EUR')).toEqual({ value: 12_500.5 });
		expect(parsePotentialValue('$1,234.5')).toEqual({ value: 1234.5 });
	});

	it('refuses what is not an amount, or below 0, saying why', () => {
		expect(parsePotentialValue('a lot')).toEqual({
			error: 'Potential value: "a lot" is not an amount.'
		});
		expect(parsePotentialValue('-5')).toEqual({ error: 'Potential value: -5 is below 0.' });
	});

	it('maps a "Potential value" column with no manual step, and reports a bad cell', () => {
		const headers = ['First name', 'Last name', 'Potential value'];
		const mapping = suggestMapping(headers, [], person);
		const convert = rowConverter(mapping, [], { type: person });
		expect(convert(['Ada', 'Byron', '50 000']).fields).toMatchObject({ potentialValue: 50_000 });
		const bad = convert(['Ben', 'Okri', 'lots']);
		expect(bad.fields).not.toHaveProperty('potentialValue');
		expect(bad.problems).toEqual([
			expect.stringContaining('Potential value: "lots" is not an amount.')
		]);
	});
});
