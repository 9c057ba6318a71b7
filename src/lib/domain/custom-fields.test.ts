import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CustomFieldDef, CustomFieldType } from './records';
import {
	coerceCustomValue,
	currentOptions,
	matchOption,
	renamedOption,
	formatCustomValue,
	isCustomInputError,
	normalizeIsoDate,
	parseCustomInput
} from './custom-fields';

function def(type: CustomFieldType, options: string[] = []): CustomFieldDef {
	return { id: 'f', entity: 'person', label: 'Field', type, options, order: 0 };
}
const text = def('text');
const num = def('number');
const date = def('date');
const choice = def('choice', ['Small', 'Large']);
const multi = def('multi-choice', ['Wine', 'Beer', 'Tea']);
const bool = def('boolean');

describe('coerceCustomValue', () => {
	it('accepts well-typed values silently and treats empty as null', () => {
		expect(coerceCustomValue(text, 'hi')).toEqual({ value: 'hi' });
		expect(coerceCustomValue(num, 3.5)).toEqual({ value: 3.5 });
		expect(coerceCustomValue(date, '2024-02-29')).toEqual({ value: '2024-02-29' });
		expect(coerceCustomValue(choice, 'Large')).toEqual({ value: 'Large' });
		expect(coerceCustomValue(multi, ['Tea', 'Wine'])).toEqual({ value: ['Tea', 'Wine'] });
		expect(coerceCustomValue(bool, false)).toEqual({ value: false });
		for (const d of [text, num, date, choice, multi, bool]) {
			for (const empty of [undefined, null, ''])
				expect(coerceCustomValue(d, empty)).toEqual({ value: null });
		}
	});

	it('converts clear values of the wrong type, with an issue', () => {
		expect(coerceCustomValue(text, 42)).toEqual({
			value: '42',
			issue: 'expected text, found the number 42; showing "42"'
		});
		expect(coerceCustomValue(num, '1 200,5').value).toBe(1200.5);
		expect(coerceCustomValue(date, '2024-3-5').value).toBe('2024-03-05');
		expect(coerceCustomValue(date, '2024-03-05T22:10:00Z').value).toBe('2024-03-05');
		expect(coerceCustomValue(date, Date.UTC(2020, 0, 2)).value).toBe('2020-01-02');
		expect(coerceCustomValue(choice, 'large').value).toBe('Large');
		expect(coerceCustomValue(multi, 'wine, Tea').value).toEqual(['Wine', 'Tea']);
		expect(coerceCustomValue(bool, 'yes').value).toBe(true);
		expect(coerceCustomValue(bool, 0).value).toBe(false);
		for (const [d, raw] of [
			[text, 42],
			[num, '1 200,5'],
			[date, '2024-3-5'],
			[choice, 'large'],
			[multi, 'wine, Tea'],
			[bool, 'yes']
		] as const) {
			expect(coerceCustomValue(d, raw).issue).toBeTypeOf('string');
		}
	});

	it('shows unreadable values empty, with an issue', () => {
		for (const [d, raw] of [
			[text, { a: 1 }],
			[num, 'lots'],
			[num, true],
			[date, 'next week'],
			[date, '2023-02-29'],
			[choice, { a: 1 }],
			[multi, 5],
			[bool, 'perhaps']
		] as const) {
			const r = coerceCustomValue(d, raw);
			expect(r.value).toBeNull();
			expect(r.issue).toMatch(/showing it empty/);
		}
	});

	it('keeps options that are not (or no longer) defined, and says so', () => {
		expect(coerceCustomValue(choice, 'Medium')).toEqual({
			value: 'Medium',
			issue: '"Medium" is not one of the options (Small, Large); shown as stored'
		});
		const m = coerceCustomValue(multi, ['Wine', 'Cider', 'Wine']);
		expect(m.value).toEqual(['Wine', 'Cider']);
		expect(m.issue).toMatch(/Cider/);
	});

	it('reads values of a type this client does not know as text', () => {
		const future = { ...text, type: 'rating' as CustomFieldType };
		expect(coerceCustomValue(future, 4)).toEqual({ value: '4' });
	});

	it('never throws and returns a CustomValue (property)', () => {
		const defs = fc.constantFrom(text, num, date, choice, multi, bool);
		fc.assert(
			fc.property(defs, fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, NaN)), (d, raw) => {
				const { value } = coerceCustomValue(d, raw);
				const ok =
					value === null ||
					typeof value === 'string' ||
					typeof value === 'boolean' ||
					(typeof value === 'number' && Number.isFinite(value)) ||
					(Array.isArray(value) && value.every((x) => typeof x === 'string'));
				expect(ok).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('normalizeIsoDate', () => {
	it('accepts real calendar days only', () => {
		expect(normalizeIsoDate('2024-02-29')).toBe('2024-02-29');
		expect(normalizeIsoDate(' 2024-2-9 ')).toBe('2024-02-09');
		expect(normalizeIsoDate('2023-02-29')).toBeNull();
		expect(normalizeIsoDate('2024-13-01')).toBeNull();
		expect(normalizeIsoDate('2024-00-10')).toBeNull();
		expect(normalizeIsoDate('2024-01-32')).toBeNull();
		expect(normalizeIsoDate('05/03/2024')).toBeNull();
	});
});

describe('formatCustomValue', () => {
	it('formats each type for display', () => {
		expect(formatCustomValue(text, null)).toBe('');
		expect(formatCustomValue(num, 1200.5)).toBe('1200.5');
		expect(formatCustomValue(date, '2024-03-05')).toBe('2024-03-05');
		expect(formatCustomValue(multi, ['Wine', 'Tea'])).toBe('Wine, Tea');
		expect(formatCustomValue(bool, true)).toBe('Yes');
		expect(formatCustomValue(bool, false)).toBe('No');
	});
});

describe('parseCustomInput', () => {
	it('parses what people type', () => {
		expect(parseCustomInput(text, 'hello ')).toBe('hello ');
		expect(parseCustomInput(num, '1 234,5')).toBe(1234.5);
		expect(parseCustomInput(num, '-3e2')).toBe(-300);
		expect(parseCustomInput(num, '1,234.5')).toBe(1234.5);
		expect(parseCustomInput(date, '2024-3-5')).toBe('2024-03-05');
		expect(parseCustomInput(choice, 'small')).toBe('Small');
		expect(parseCustomInput(multi, ['tea', 'Wine', 'Tea'])).toEqual(['Tea', 'Wine']);
		expect(parseCustomInput(multi, 'Beer; wine')).toEqual(['Beer', 'Wine']);
		expect(parseCustomInput(bool, true)).toBe(true);
		expect(parseCustomInput(bool, 'No')).toBe(false);
	});

	it('clears the value on empty input', () => {
		for (const d of [text, num, date, choice, multi, bool]) {
			expect(parseCustomInput(d, '  ')).toBeNull();
		}
		expect(parseCustomInput(multi, [])).toBeNull();
	});

	it('explains what is wrong', () => {
		expect(parseCustomInput(num, '12abc')).toEqual({ error: 'Field: "12abc" is not a number' });
		expect(parseCustomInput(date, '31/12/2024')).toEqual({
			error: 'Field: "31/12/2024" is not a date (use YYYY-MM-DD)'
		});
		expect(parseCustomInput(choice, 'Medium')).toEqual({
			error: 'Field: "Medium" is not one of the options (Small, Large)'
		});
		expect(parseCustomInput(multi, ['Wine', 'Rum'])).toEqual({
			error: 'Field: "Rum" is not one of the options (Wine, Beer, Tea)'
		});
		expect(parseCustomInput(bool, 'maybe')).toEqual({ error: 'Field: "maybe" is not yes or no' });
		expect(isCustomInputError(parseCustomInput(num, true))).toBe(true);
		expect(isCustomInputError(parseCustomInput(text, ['a', 'b']))).toBe(true);
		expect(parseCustomInput(text, ['a'])).toBe('a');
		expect(parseCustomInput(def('choice'), 'x')).toEqual({
			error: 'Field: "x" is not one of the options (none yet)'
		});
	});

	it('round-trips: a parsed value formats and parses back to itself (property)', () => {
		fc.assert(
			fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
				expect(parseCustomInput(num, formatCustomValue(num, n))).toBe(n === 0 ? 0 : n);
			})
		);
		fc.assert(
			fc.property(
				fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
				(d) => {
					const iso = d.toISOString().slice(0, 10);
					expect(parseCustomInput(date, formatCustomValue(date, iso))).toBe(iso);
				}
			)
		);
		fc.assert(
			fc.property(fc.subarray(multi.options, { minLength: 1 }), (xs) => {
				expect(parseCustomInput(multi, formatCustomValue(multi, xs))).toEqual(xs);
			})
		);
	});
});

describe('renamed options', () => {
	const renamed = { vegan: 'Plant-based', 'plant-based': 'Plants only' };
	const diet: CustomFieldDef = { ...def('choice', ['Plants only', 'Keto']), renamed };

	it('follow a chain of renames, and stop at a cycle two peers left', () => {
		expect(renamedOption(renamed, ' VEGAN ')).toBe('Plants only');
		expect(renamedOption(renamed, 'Keto')).toBeNull();
		expect(renamedOption({ a: 'B', b: 'A' }, 'A')).toBe('A');
		expect(renamedOption(undefined, 'Vegan')).toBeNull();
	});

	it('read a stored old label as the option it became, with no issue', () => {
		expect(coerceCustomValue(diet, 'Vegan')).toEqual({ value: 'Plants only' });
		expect(coerceCustomValue({ ...diet, type: 'multi-choice' }, ['Vegan', 'Keto'])).toEqual({
			value: ['Plants only', 'Keto']
		});
		expect(parseCustomInput(diet, 'plant-based')).toBe('Plants only');
		expect(matchOption(diet, 'Paleo')).toBeUndefined();
	});

	it('map a peer’s option list from before a rename, without repeats', () => {
		expect(currentOptions(['Vegan', 'Plants only', 'Keto'], renamed)).toEqual([
			'Plants only',
			'Keto'
		]);
	});
});
