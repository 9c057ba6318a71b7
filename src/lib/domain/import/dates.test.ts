import { describe, expect, it } from 'vitest';
import { detectDateOrder, isEmptyDate, parseDate } from './dates';

describe('parseDate', () => {
	it('reads ISO dates and datetimes as written', () => {
		expect(parseDate('2024-03-05', 'mdy')).toBe('2024-03-05');
		expect(parseDate('2024-3-5', 'mdy')).toBe('2024-03-05');
		expect(parseDate('2024/03/05', 'dmy')).toBe('2024-03-05');
		expect(parseDate('2024-03-05T23:30:00-05:00', 'dmy')).toBe('2024-03-05');
		expect(parseDate('2024-03-05 10:00', 'dmy')).toBe('2024-03-05');
		expect(parseDate('19800102', 'dmy')).toBe('1980-01-02');
	});

	it('reads day-first and month-first by the column order', () => {
		expect(parseDate('05.03.2024', 'dmy')).toBe('2024-03-05');
		expect(parseDate('5/3/2024', 'dmy')).toBe('2024-03-05');
		expect(parseDate('3/5/2024', 'mdy')).toBe('2024-03-05');
		expect(parseDate('12/31/1999 0:00', 'mdy')).toBe('1999-12-31');
		expect(parseDate('05-03-24', 'dmy')).toBe('2024-03-05');
		expect(parseDate('05-03-81', 'dmy')).toBe('1981-03-05');
	});

	it('reads Excel serial day numbers, including the 1900 leap-year quirk', () => {
		expect(parseDate('45356', 'dmy')).toBe('2024-03-05');
		expect(parseDate('45356.75', 'dmy')).toBe('2024-03-05');
		expect(parseDate('1', 'dmy')).toBe('1900-01-01');
		expect(parseDate('59', 'dmy')).toBe('1900-02-28');
		expect(parseDate('61', 'dmy')).toBe('1900-03-01');
		expect(parseDate('60', 'dmy')).toBeNull();
	});

	it('reads English month names', () => {
		expect(parseDate('5 March 2024', 'mdy')).toBe('2024-03-05');
		expect(parseDate('5-Mar-24', 'mdy')).toBe('2024-03-05');
		expect(parseDate('March 5, 2024', 'dmy')).toBe('2024-03-05');
		expect(parseDate('Sep 1st 2020', 'dmy')).toBe('2020-09-01');
	});

	it('refuses what is not a real day', () => {
		for (const v of [
			'2023-02-29',
			'31.04.2024',
			'13/13/2024',
			'soon',
			'--01-15',
			'0',
			'2024-13-01'
		]) {
			expect(parseDate(v, 'dmy'), v).toBeNull();
		}
		expect(parseDate('2024-02-29', 'dmy')).toBe('2024-02-29');
	});

	it('knows the empty dates spreadsheets write', () => {
		expect(isEmptyDate('0/0/00')).toBe(true);
		expect(isEmptyDate('  ')).toBe(true);
		expect(isEmptyDate('1/1/00')).toBe(false);
	});
});

describe('detectDateOrder', () => {
	it('settles the order from any value with a day above 12', () => {
		expect(detectDateOrder(['01/02/2020', '25/12/2020'])).toEqual({ order: 'dmy', certain: true });
		expect(detectDateOrder(['01/02/2020', '12/25/2020'], 'dmy')).toEqual({
			order: 'mdy',
			certain: true
		});
	});

	it('falls back, uncertain, when nothing settles it or values contradict', () => {
		expect(detectDateOrder(['01/02/2020', '2020-12-31'], 'mdy')).toEqual({
			order: 'mdy',
			certain: false
		});
		expect(detectDateOrder(['13/01/2020', '01/13/2020'])).toEqual({ order: 'dmy', certain: false });
	});

	it('is certain when no value needs the decision', () => {
		expect(detectDateOrder(['2020-12-31', '', '0/0/00', 'x'], 'mdy')).toEqual({
			order: 'mdy',
			certain: true
		});
	});

	it('reads dotted dates as day-first', () => {
		expect(detectDateOrder(['01.02.2020'], 'mdy')).toEqual({ order: 'dmy', certain: false });
	});
});
