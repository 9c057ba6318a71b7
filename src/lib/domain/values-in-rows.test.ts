import { describe, expect, it } from 'vitest';
import { ValuesInRows } from './values-in-rows';

const row = (tags: string[], category = '') => ({ tags, category });

describe('ValuesInRows', () => {
	it('lists each field’s values in use, sorted, empty values left out', () => {
		const values = new ValuesInRows(
			['tags', 'category'],
			[row(['wine', 'vip'], 'Food'), row(['wine', ''], ''), row([], 'Drinks')]
		);
		expect(values.values()).toEqual({ tags: ['vip', 'wine'], category: ['Drinks', 'Food'] });
	});

	it('keeps a value while any row holds it, and counts an edit as its old row gone and its new one come', () => {
		const ann = row(['vip', 'wine']);
		const bob = row(['wine']);
		const values = new ValuesInRows(['tags'], [ann, bob]);
		const first = values.values();
		values.change([ann], []); // ann deleted: wine is still bob's
		expect(values.values()).toEqual({ tags: ['wine'] });
		const bobEdited = row(['golf']);
		values.change([bob], [bobEdited]);
		expect(values.values()).toEqual({ tags: ['golf'] });
		expect(first).toEqual({ tags: ['vip', 'wine'] }); // an answer given is not changed after
	});

	it('gives the same answer until a value comes or goes', () => {
		const ann = row(['vip']);
		const values = new ValuesInRows(['tags'], [ann]);
		const before = values.values();
		values.change([], [row(['vip'])]); // one more row with a value already in use
		expect(values.values()).toBe(before);
	});

	it('counts nothing for a row that came and went between two looks', () => {
		const ann = row(['vip']);
		const values = new ValuesInRows(['tags'], [ann]);
		const passing = row(['brief']);
		values.change([passing], [passing]);
		expect(values.values()).toEqual({ tags: ['vip'] });
		values.change([ann], []);
		expect(values.values()).toEqual({ tags: [] });
	});
});
