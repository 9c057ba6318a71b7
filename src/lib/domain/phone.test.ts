import { describe, expect, it } from 'vitest';
import { formatPhone, phoneHref, phoneQueryDigits } from './phone';

describe('phone numbers for display and tel: links (issue #18)', () => {
	it('formats a number that parses in the international format, else leaves it as typed', () => {
		expect(formatPhone('+48225550101')).toBe('+48 22 555 01 01');
		expect(formatPhone('0048 22 555 0101')).toBe('+48 22 555 01 01');
		expect(formatPhone('+44 (0)20 7946 0000')).toBe('+44 20 7946 0000');
		expect(formatPhone('+49 30 1234567')).toBe('+49 30 1234567');
		expect(formatPhone('ext. 12')).toBe('ext. 12');
		expect(formatPhone('022 555 0101')).toBe('022 555 0101');
	});

	it('links a number by its E.164 form, or its digits when it does not parse', () => {
		expect(phoneHref('+44 (0)20 7946 0000')).toBe('tel:+442079460000');
		expect(phoneHref('0048 22 555 0101')).toBe('tel:+48225550101');
		expect(phoneHref('022 555 0101')).toBe('tel:0225550101');
	});

	it('gives the same answers for numbers read again, past the memory of those read lately', () => {
		const numbers = Array.from(
			{ length: 1_200 },
			(_, i) => `+48 22 555 ${String(i).padStart(4, '0')}`
		);
		const first = numbers.map((n) => [formatPhone(n), phoneHref(n)]);
		expect(numbers.map((n) => [formatPhone(n), phoneHref(n)])).toEqual(first);
		expect(first[7]).toEqual(['+48 22 555 00 07', 'tel:+48225550007']);
		expect(phoneHref('022 555 0101')).toBe('tel:0225550101');
		expect(formatPhone('022 555 0101')).toBe('022 555 0101');
	});

	it('reads a query as a phone number only when it looks like one', () => {
		expect(phoneQueryDigits('0048 22 555 01 01')).toBe('48225550101');
		expect(phoneQueryDigits('+48 (0)22 555 0101')).toBe('48225550101');
		expect(phoneQueryDigits('2026-12-01')).toBeNull();
		expect(phoneQueryDigits('555')).toBeNull();
		expect(phoneQueryDigits('anna 555 0101')).toBeNull();
	});
});
