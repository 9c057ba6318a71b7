import { describe, expect, it } from 'vitest';
import { CUSTOM_FIELD_TYPES, type CustomFieldDef } from '$lib/domain/records';
import {
	checkCustomField,
	checkLabel,
	checkOptionEdits,
	customFieldTypeName,
	parseOptions
} from './custom-field-form';

const existing: CustomFieldDef[] = [
	{ id: 'f1', entity: 'person', label: 'Diet', type: 'choice', options: ['vegan'], order: 0 }
];

describe('parseOptions', () => {
	it('trims, drops empties and repeats', () => {
		expect(parseOptions(' vegan, vegetarian ,, Vegan,omnivore ')).toEqual([
			'vegan',
			'vegetarian',
			'omnivore'
		]);
		expect(parseOptions('')).toEqual([]);
	});
});

describe('checkCustomField', () => {
	it('accepts a text field and ignores options for it', () => {
		const r = checkCustomField(
			{ label: ' Shoe size ', type: 'number', options: 'x', entity: 'person' },
			existing
		);
		expect(r).toEqual({
			ok: true,
			value: { entity: 'person', label: 'Shoe size', type: 'number', options: [] }
		});
	});

	it('requires options for choice types', () => {
		const r = checkCustomField(
			{ label: 'Tier', type: 'multi-choice', options: ' , ', entity: 'organization' },
			existing
		);
		expect(r).toEqual({ ok: false, message: 'List the choices, separated by commas.' });
		const ok = checkCustomField(
			{ label: 'Tier', type: 'choice', options: 'A,B', entity: 'organization' },
			existing
		);
		expect(ok.ok && ok.value.options).toEqual(['A', 'B']);
	});

	it('refuses an empty label, an unknown type or entity', () => {
		expect(
			checkCustomField({ label: '  ', type: 'text', options: '', entity: 'person' }, existing).ok
		).toBe(false);
		expect(
			checkCustomField({ label: 'X', type: 'colour', options: '', entity: 'person' }, existing).ok
		).toBe(false);
		expect(
			checkCustomField({ label: 'X', type: 'text', options: '', entity: 'spaceship' }, existing).ok
		).toBe(false);
	});

	it('refuses a label the entity already uses, in any case, but allows it on the other entity', () => {
		const clash = checkCustomField(
			{ label: 'diet', type: 'text', options: '', entity: 'person' },
			existing
		);
		expect(clash).toEqual({ ok: false, message: 'There is already a field called “Diet”.' });
		expect(
			checkCustomField(
				{ label: 'diet', type: 'text', options: '', entity: 'organization' },
				existing
			).ok
		).toBe(true);
	});
});

describe('checkLabel', () => {
	it('lets a field keep its own label when renamed', () => {
		expect(checkLabel('DIET', 'person', existing, 'f1')).toEqual({ ok: true, value: 'DIET' });
		expect(checkLabel('x'.repeat(61), 'person', existing).ok).toBe(false);
	});
});

describe('custom field type names (issue #18)', () => {
	it('names every type for people, never by its stored name', () => {
		expect(customFieldTypeName('boolean')).toBe('Yes/no');
		expect(customFieldTypeName('multi-choice')).toBe('Multiple choice (several of a list)');
		for (const t of CUSTOM_FIELD_TYPES) {
			expect(customFieldTypeName(t)).not.toBe(t);
			expect(customFieldTypeName(t)).toMatch(/^[A-Z]/);
		}
		expect(customFieldTypeName('rating')).toBe('rating'); // a newer peer's type
	});
});

describe('checkOptionEdits', () => {
	const current = ['Vegan', 'Vegetarian', 'Keto'];

	it('a changed box is a rename, an empty one a removal, new choices are added', () => {
		expect(checkOptionEdits(current, ['Plant-based', '', 'Keto'], 'Paleo, keto ')).toEqual({
			ok: false,
			message: '“keto” is there twice: give each choice its own name.'
		});
		expect(checkOptionEdits(current, [' Plant-based ', '', 'Keto'], 'Paleo')).toEqual({
			ok: true,
			value: {
				options: ['Plant-based', 'Keto', 'Paleo'],
				renames: [{ from: 'Vegan', to: 'Plant-based' }]
			}
		});
	});

	it('refuses no choice at all, a swap, and an old name of another choice', () => {
		expect(checkOptionEdits(['A'], [''], '')).toEqual({
			ok: false,
			message: 'Keep at least one choice.'
		});
		expect(checkOptionEdits(current, ['Keto', 'Vegetarian', 'Vegan'], '')).toMatchObject({
			ok: false,
			message: "“Keto” is another choice's name: rename that one first."
		});
		const renamed = { vegan: 'Plant-based' };
		const now = ['Plant-based', 'Keto'];
		expect(checkOptionEdits(now, ['Plant-based', 'Vegan'], '', renamed).ok).toBe(false);
		expect(checkOptionEdits(now, ['Plant-based', 'Keto'], 'Vegan', renamed).ok).toBe(false);
		// Back to the first name is the same option
		expect(checkOptionEdits(now, ['Vegan', 'Keto'], '', renamed)).toEqual({
			ok: true,
			value: { options: ['Vegan', 'Keto'], renames: [{ from: 'Plant-based', to: 'Vegan' }] }
		});
	});
});
