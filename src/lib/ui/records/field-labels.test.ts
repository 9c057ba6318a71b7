import { describe, expect, it } from 'vitest';
import type { CustomFieldDef } from '$lib/domain/records';
import { PERSON_FIELD_LABELS, fieldLabel, idValueDescriber } from './field-labels';

const budget: CustomFieldDef = {
	id: 'f1',
	entity: 'person',
	label: 'Budget',
	type: 'number',
	options: [],
	order: 0
};

describe('fieldLabel', () => {
	it('names built-in and custom fields, and falls back to the key', () => {
		expect(fieldLabel(PERSON_FIELD_LABELS, [budget], 'firstName')).toBe('First name');
		expect(fieldLabel(PERSON_FIELD_LABELS, [budget], 'custom:f1')).toBe('Budget');
		expect(fieldLabel(PERSON_FIELD_LABELS, [], 'custom:gone')).toBe('custom:gone');
	});
});

describe('idValueDescriber', () => {
	it('turns owner and organization ids into names, leaves the rest alone', () => {
		const d = idValueDescriber({
			memberName: (id) => (id === 'm1' ? 'Ada' : 'Unknown member'),
			organizationName: (id) => (id === 'o1' ? 'Acme' : '')
		});
		expect(d('ownerId', 'm1')).toBe('Ada');
		expect(d('organizationId', 'o1')).toBe('Acme');
		expect(d('ownerId', null)).toBeUndefined();
		expect(d('title', 'CEO')).toBeUndefined();
	});
});
