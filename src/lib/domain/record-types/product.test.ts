import { describe, expect, it } from 'vitest';
import { listFilterProblems } from '../filters';
import { emptyProduct, findDuplicateProducts, mergeProducts, product } from './product';
import { testLookup } from './testing';

const lookup = testLookup();

const boiler = {
	...emptyProduct(),
	name: 'Boiler X2',
	sku: 'BX-2',
	category: 'Heating',
	price: 2400,
	serviceIntervalMonths: 12
};

describe('product: validation on read', () => {
	it('reads a well-formed product with no issue', () => {
		expect(product.validate(boiler)).toEqual({ value: boiler, issues: [] });
		expect(product.validate({ name: 'Old' }).value).toMatchObject({
			currency: 'EUR',
			active: true,
			serviceIntervalMonths: null
		});
	});

	it('fixes or empties what a buggy peer wrote, saying what it shows', () => {
		const { value, issues } = product.validate({
			name: 7,
			price: -3,
			currency: 'usd',
			active: 'no',
			serviceIntervalMonths: 1.5
		});
		expect(value).toMatchObject({
			name: '7',
			price: null,
			currency: 'USD',
			active: false,
			serviceIntervalMonths: null
		});
		expect(issues.map((i) => i.field)).toEqual([
			'name',
			'price',
			'currency',
			'active',
			'serviceIntervalMonths'
		]);
		expect(issues[4].message).toBe(
			'Service interval (months): expected a whole number of months from 1 to 600, found the number 1.5; showing none.'
		);
		expect(product.validate({ serviceIntervalMonths: '24' }).value.serviceIntervalMonths).toBe(24);
		expect(product.validate(null).issues[0].message).toContain('The product is unreadable');
	});
});

describe('product: row, list, merge and duplicates', () => {
	it('shows, filters and searches name, SKU, category and availability', () => {
		const row = product.row('p1', { ...boiler, active: false }, 5, false, [], lookup);
		expect(row).toMatchObject({
			id: 'p1',
			name: 'Boiler X2',
			category: 'Heating',
			availability: 'inactive',
			serviceIntervalMonths: 12
		});
		expect(row.search).toContain('bx-2');
		expect(product.row('p2', { ...emptyProduct(), sku: 'Z9' }, 5, false, [], lookup).name).toBe(
			'Z9'
		);
		expect(listFilterProblems(product)).toEqual([]);
	});

	it('merges keeping every value and finds the same SKU', () => {
		const { merged, conflicts } = mergeProducts(
			{ ...boiler, price: null },
			{ ...boiler, price: 2500, currency: 'CHF', category: 'Boilers' }
		);
		expect(merged).toMatchObject({ price: 2500, currency: 'CHF', category: 'Heating' });
		expect(conflicts).toEqual([{ field: 'category', kept: 'Heating', other: 'Boilers' }]);
		expect(
			findDuplicateProducts([
				{ id: 'a', sku: 'bx-2' },
				{ id: 'b', sku: ' BX-2' },
				{ id: 'c', sku: '' },
				{ id: 'd', sku: '' }
			])
		).toEqual([{ a: 'a', b: 'b', reasons: ['same SKU'], score: 0.95 }]);
	});
});
