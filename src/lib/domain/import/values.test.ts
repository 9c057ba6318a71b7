import { describe, expect, it } from 'vitest';
import { cleanLabel, parseEmail, parseNumber, splitFullName, splitList } from './values';

describe('import values', () => {
	it('splits tag lists as Google, Outlook and people write them', () => {
		expect(splitList('* myContacts ::: VIP ::: Fair, 2024 ::: * starred')).toEqual([
			'VIP',
			'Fair, 2024',
			'starred'
		]);
		expect(splitList('VIP;Fair 2024; vip ;')).toEqual(['VIP', 'Fair 2024']);
		expect(splitList('a, b')).toEqual(['a', 'b']);
	});

	it('reads numbers with either decimal mark', () => {
		expect(parseNumber('1.234,5')).toBe(1234.5);
		expect(parseNumber('1,234.5')).toBe(1234.5);
		expect(parseNumber('1 234,5')).toBe(1234.5);
		expect(parseNumber('1,5')).toBe(1.5);
		expect(parseNumber('1,234')).toBe(1234);
		expect(parseNumber('1.234.567')).toBe(1234567);
		expect(parseNumber('-3')).toBe(-3);
		expect(parseNumber('12abc')).toBeNull();
		expect(parseNumber('.')).toBeNull();
	});

	it('takes the address out of display forms', () => {
		expect(parseEmail('Ann Lee <ann@x.org>')).toEqual({ value: 'ann@x.org' });
		expect(parseEmail('mailto:ann@x.org')).toEqual({ value: 'ann@x.org' });
		expect(parseEmail('/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=ann')).toHaveProperty('error');
		expect(parseEmail('ann@localhost')).toHaveProperty('error');
	});

	it('cleans labels and splits names', () => {
		expect(cleanLabel('* Work')).toBe('work');
		expect(splitFullName('  Prince ')).toEqual({ firstName: 'Prince', lastName: '' });
	});
});
