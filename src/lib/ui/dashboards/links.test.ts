import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromQuery } from './filters-url';
import { reportHref } from './links';

/** The query of an address as pairs, in order. */
const query = (href: string) => [...new URL(href, 'http://crm.test').searchParams];

describe('reportHref', () => {
	const filters = { ...DEFAULT_FILTERS, ownerId: 'm 1', compare: true };

	it("is the report's page with the filters, and a target's parameters after them", () => {
		expect(reportHref('won & lost', filters)).toMatch(/\/reports\/won%20%26%20lost\?/);
		expect(
			filtersFromQuery(new URL(reportHref('r', filters), 'http://crm.test').searchParams)
		).toMatchObject({ ownerId: 'm 1', compare: true });
		expect(query(reportHref('r', filters, { row: 'Q1 & Q2', column: 3 })).slice(-2)).toEqual([
			['row', 'Q1 & Q2'],
			['col', '3']
		]);
		expect(query(reportHref('r', filters, { series: 'won', point: '2026-01' })).slice(-2)).toEqual([
			['series', 'won'],
			['point', '2026-01']
		]);
		expect(query(reportHref('r', filters, { total: true })).at(-1)).toEqual(['drill', 'total']);
	});

	it('follows the filters: another filters object, another address', () => {
		const first = reportHref('r', filters, { row: 'a', column: 1 });
		expect(reportHref('r', filters, { row: 'a', column: 1 })).toBe(first);
		const other = { ...filters, ownerId: 'm2' };
		expect(reportHref('r', other, { row: 'a', column: 1 })).toContain('owner=m2');
		expect(reportHref('s', filters)).toContain('/reports/s?');
	});
});
