import { describe, expect, it } from 'vitest';
import type { CustomFieldDef } from '../records';
import { customFieldKey, mergeFields, mergeValues } from './merge-fields';

const def = (id: string, label: string) =>
	({ id, entity: 'person', label, type: 'text', options: [], order: 0 }) as CustomFieldDef;

describe('merge fields', () => {
	it('names custom fields by their label', () => {
		expect(customFieldKey('Favourite dish')).toBe('favouriteDish');
		expect(customFieldKey('Végétarien ?')).toBe('vegetarien');
		expect(customFieldKey('2nd choice')).toBe('f2ndChoice');
		expect(customFieldKey('!!')).toBe('');
	});

	it('offers the recipients’ custom fields whose key is free', () => {
		const keys = mergeFields([
			def('a', 'Favourite dish'),
			def('b', 'First name'), // repeats a standard field
			def('c', 'favourite  DISH') // repeats the first
		]).map((f) => f.key);
		expect(keys).toContain('favouriteDish');
		expect(keys.filter((k) => k === 'firstName')).toHaveLength(1);
		expect(keys.filter((k) => k === 'favouriteDish')).toHaveLength(1);
	});

	it('gives a recipient’s values, empty where nothing is known', () => {
		const fields = mergeFields([def('a', 'Favourite dish'), def('b', 'Vegetarian')]);
		const person = {
			firstName: 'Ada',
			lastName: 'Lovelace',
			organizationName: '',
			city: 'Berlin',
			interests: ['vegetarian', 'wine'],
			custom: { a: 'Risotto', b: true }
		};
		const v = mergeValues(
			person,
			{
				categoryShares: [
					['vegetarian', 0.8],
					['wine', 0.2]
				],
				lastOrderAt: Date.UTC(2026, 2, 31, 12)
			},
			fields
		);
		expect(v).toMatchObject({
			firstName: 'Ada',
			name: 'Ada Lovelace',
			organization: '',
			interests: 'vegetarian, wine',
			favouriteCategory: 'vegetarian',
			lastOrderDate: '31 March 2026',
			favouriteDish: 'Risotto',
			vegetarian: 'yes'
		});
		const none = mergeValues({ ...person, custom: {} }, undefined, fields);
		expect(none.favouriteCategory).toBe('');
		expect(none.lastOrderDate).toBe('');
		expect(none.favouriteDish).toBe('');
	});
});
