import { describe, expect, it } from 'vitest';
import type { RecordIssue } from '../issues';
import { lineTotal, orderTotal, validateLines, type OrderLine } from './lines';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
	productId: 'p1',
	sku: 'F-100',
	name: 'Filter',
	category: 'Parts',
	quantity: 3,
	price: 19.99,
	discount: 0,
	...over
});

describe('order lines', () => {
	it('add up to cents', () => {
		expect(lineTotal(line())).toBe(59.97);
		expect(orderTotal([line(), line({ quantity: 1, price: 100, discount: 10 })])).toBe(149.97);
		expect(orderTotal([])).toBe(0);
	});

	it('read well-formed lines as they are, with no issue', () => {
		const issues: RecordIssue[] = [];
		expect(validateLines([line()], 'Lines', issues)).toEqual([line()]);
		expect(issues).toEqual([]);
	});

	it('fix what they can and leave out what cannot be a line, in one issue', () => {
		const issues: RecordIssue[] = [];
		const raw = [
			line(),
			'a whole line as text',
			{ ...line(), quantity: 0 },
			{ ...line(), quantity: '2', price: '12,50', discount: -4, sku: 42, productId: 7 },
			null
		];
		const lines = validateLines(raw, 'Lines', issues);
		expect(lines).toEqual([
			line(),
			line({ productId: null, sku: '42', quantity: 2, price: 12.5, discount: 0 })
		]);
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ field: 'lines', raw });
		expect(issues[0].message).toContain('line 2 was the text "a whole line as text", left out');
		expect(issues[0].message).toContain('line 3 had the quantity the number 0, left out');
		expect(issues[0].message).toContain("line 4's discount was the number -4, shown as 0");
		expect(issues[0].message).toContain('line 5 was null, left out');
	});

	it('read a single line stored instead of a list', () => {
		const issues: RecordIssue[] = [];
		expect(validateLines(line(), 'Lines', issues)).toEqual([line()]);
		expect(issues[0].message).toContain('a single line was stored instead of a list');
	});
});
