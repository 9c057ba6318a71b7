import { describe, expect, it } from 'vitest';
import {
	emptyOrganization,
	emptyPerson,
	type Organization,
	type Person
} from '$lib/domain/records';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { DUPLICATE_SCREENS, idOf, summarizeOrganization, summarizePerson } from './summary';

const meta = { createdAt: 0, createdBy: 'm', updatedAt: 0, updatedBy: 'm' };

describe('duplicate summaries', () => {
	it('shows a person by name with non-empty emails and phones', () => {
		const person: Person = {
			...emptyPerson(),
			...meta,
			id: 'p1',
			firstName: 'Ada',
			lastName: 'Lovelace',
			emails: [
				{ label: 'work', value: 'ada@example.com' },
				{ label: 'home', value: ' ' }
			],
			phones: [{ label: 'mobile', value: '+44 1' }]
		};
		expect(summarizePerson(person)).toEqual({
			id: 'p1',
			name: 'Ada Lovelace',
			details: [
				{ label: 'Title', values: [] },
				{ label: 'Emails', values: ['ada@example.com'] },
				{ label: 'Phones', values: ['+44 1'] }
			]
		});
	});

	it('names a nameless record plainly', () => {
		const org: Organization = { ...emptyOrganization(), ...meta, id: 'o1' };
		expect(summarizeOrganization(org).name).toBe('(no name)');
	});

	it('reads the id from an id or a record', () => {
		expect(idOf('x')).toBe('x');
		expect(idOf({ id: 'y' })).toBe('y');
	});
});

describe('duplicate screens', () => {
	it('cover every declared record type', () => {
		expect(DUPLICATE_SCREENS.map((s) => s.type.name).sort()).toEqual(
			RECORD_TYPES.map((t) => t.name).sort()
		);
	});
});
