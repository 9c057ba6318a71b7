import { describe, expect, it } from 'vitest';
import { listFilterProblems } from '../filters';
import { emptyOrder, findDuplicateOrders, mergeOrders, order, orderTitle } from './order';
import { testLookup } from './testing';

const lookup = testLookup({
	related: (field, id) => (field === 'organizationId' && id === 'o1' ? 'Acme' : '')
});

const AT = Date.UTC(2026, 0, 31, 10);
const filter = {
	productId: 'p1',
	sku: 'F-100',
	name: 'Filter',
	category: 'Parts',
	quantity: 3,
	price: 19.99,
	discount: 0
};
const stored = {
	...emptyOrder(),
	orderedAt: AT,
	number: '2026-0042',
	status: 'paid',
	personId: 'p9',
	organizationId: 'o1',
	lines: [
		filter,
		{ ...filter, productId: null, name: 'Fitting', quantity: 1, price: 50, discount: 5 }
	],
	total: 104.97
};

describe('order: validation on read', () => {
	it('reads a well-formed order with no issue', () => {
		const { value, issues } = order.validate(stored);
		expect(issues).toEqual([]);
		expect(value).toEqual(stored);
	});

	it('derives the total from the lines, noting a stored one that disagrees', () => {
		expect(order.validate({ ...stored, total: undefined }).value.total).toBe(104.97);
		const { value, issues } = order.validate({ ...stored, total: 999 });
		expect(value.total).toBe(104.97);
		expect(issues).toEqual([
			{
				field: 'total',
				message: 'Total: the lines add up to 104.97, found the number 999; showing 104.97.',
				raw: 999
			}
		]);
	});

	it('shows a buggy peer’s malformed lines and dates without breaking', () => {
		const { value, issues } = order.validate({
			...stored,
			orderedAt: 'yesterday',
			createdAt: AT,
			status: 'Delivered',
			currency: 12,
			lines: [filter, { quantity: -1 }, 'junk', { ...filter, price: 'free' }],
			total: 'lots',
			serviceIntervalMonths: '0'
		});
		expect(value).toMatchObject({
			orderedAt: AT,
			status: 'completed',
			currency: 'EUR',
			serviceIntervalMonths: null,
			total: 59.97
		});
		expect(value.lines).toEqual([filter, { ...filter, price: 0 }]);
		expect(issues.map((i) => i.field)).toEqual([
			'lines',
			'orderedAt',
			'status',
			'currency',
			'total',
			'serviceIntervalMonths'
		]);
		expect(issues[0].message).toBe(
			'Lines: line 2 had the quantity the number -1, left out; line 3 was the text "junk", left out; line 4\'s price was the text "free", shown as 0.'
		);
		expect(issues[1].message).toBe(
			'Date: expected a date, found the text "yesterday"; showing none.'
		);
		expect(order.validate([1, 2]).issues[0].message).toContain('The order is unreadable');
	});
});

describe('order: row, list, merge and duplicates', () => {
	it('shows its number, customer’s organization, total and line count; sorts newest first', () => {
		const { value } = order.validate(stored);
		const row = order.row('2026-01~x', value, 5, false, [], lookup);
		expect(row).toMatchObject({
			name: 'Order 2026-0042',
			organizationName: 'Acme',
			total: 104.97,
			lineCount: 2,
			status: 'paid'
		});
		expect(row.search).toContain('fitting');
		expect(row.search).toContain('f-100');
		expect(order.list?.sort).toEqual({ field: 'orderedAt', dir: 'desc' });
		expect(order.placedByMonth).toBe('orderedAt');
		expect(listFilterProblems(order)).toEqual([]);
		expect(orderTitle({ number: '', orderedAt: AT })).toBe('Order of 2026-01-31');
	});

	it('merges keeping every value, and finds the same order number', () => {
		const kept = order.validate(stored).value;
		const { merged, conflicts } = mergeOrders(
			{ ...kept, lines: [], number: '' },
			{ ...kept, number: '42', status: 'shipped' }
		);
		expect(merged).toMatchObject({ number: '42', status: 'paid', total: 104.97 });
		expect(conflicts).toEqual([{ field: 'status', kept: 'paid', other: 'shipped' }]);
		expect(
			findDuplicateOrders([
				{ id: 'a', number: '42' },
				{ id: 'b', number: ' 42 ' },
				{ id: 'c', number: '' }
			])
		).toEqual([{ a: 'a', b: 'b', reasons: ['same order number'], score: 0.95 }]);
	});
});
