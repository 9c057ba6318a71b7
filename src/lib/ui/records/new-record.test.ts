import { describe, expect, it } from 'vitest';
import {
	memberNames,
	organizationFromForm,
	personFromForm,
	validateOrganizationForm,
	validatePersonForm
} from './new-record';

describe('new record forms', () => {
	it('asks for a name and a plausible email', () => {
		expect(validatePersonForm({ firstName: '', lastName: '', email: '' })).toMatch(/name/);
		expect(validatePersonForm({ firstName: 'Ada', lastName: '', email: 'ada' })).toMatch(/email/);
		expect(validatePersonForm({ firstName: '', lastName: 'Lovelace', email: 'a@b.io' })).toBeNull();
		expect(validateOrganizationForm({ name: '' })).toMatch(/name/);
		expect(validateOrganizationForm({ name: 'Acme' })).toBeNull();
	});

	it('builds the person with its email, owner and organization', () => {
		expect(
			personFromForm({ firstName: 'Ada', lastName: 'L', email: 'a@b.io' }, 'm1', 'o1')
		).toEqual({
			firstName: 'Ada',
			lastName: 'L',
			ownerId: 'm1',
			organizationId: 'o1',
			emails: [{ label: 'work', value: 'a@b.io' }]
		});
		expect(personFromForm({ firstName: 'Ada', lastName: '', email: '' }, 'm1').emails).toEqual([]);
		expect(organizationFromForm({ name: 'Acme' }, 'm1')).toEqual({
			name: 'Acme',
			website: '',
			ownerId: 'm1'
		});
	});

	it('names owners, and says so when a member is unknown', () => {
		const nameOf = memberNames([{ id: 'm1', name: 'Ada', color: '#000' }]);
		expect(nameOf('m1')).toBe('Ada');
		expect(nameOf('zz')).toBe('Unknown member');
		expect(nameOf(null)).toBe('');
	});
});
