import { describe, expect, it } from 'vitest';
import { addToIndex, emptyIndex, findExisting } from './existing';

describe('findExisting', () => {
	const index = emptyIndex();
	addToIndex(index, 'p1', {
		emails: [{ label: 'work', value: 'Jane@Acme.example' }],
		phones: [{ label: 'mobile', value: '+49 170 1234567' }]
	});
	addToIndex(index, 'p2', { emails: [{ label: 'work', value: 'jane@acme.example' }] });
	addToIndex(index, 'p3', { phones: [{ label: 'work', value: '12-34' }] });

	it('finds a record by e-mail, ignoring case and spaces; the first record indexed wins', () => {
		expect(findExisting({ emails: [{ label: 'x', value: ' JANE@acme.example ' }] }, index)).toBe(
			'p1'
		);
	});

	it('finds a record by phone, in international or national form', () => {
		const phone = (value: string) => ({ phones: [{ label: 'x', value }] });
		expect(findExisting(phone('0049 (170) 123-4567'), index)).toBe('p1');
		expect(findExisting(phone('0170 1234567'), index)).toBe('p1');
	});

	it('prefers an e-mail match and returns null when nothing matches', () => {
		expect(
			findExisting(
				{
					emails: [{ label: 'x', value: 'other@x.example' }],
					phones: [{ label: 'x', value: '+49 170 1234567' }]
				},
				index
			)
		).toBe('p1');
		expect(findExisting({ emails: [{ label: 'x', value: 'nobody@x.example' }] }, index)).toBeNull();
		expect(findExisting({}, index)).toBeNull();
	});

	it('does not match on short numbers', () => {
		expect(index.byPhone.size).toBe(1);
		expect(findExisting({ phones: [{ label: 'x', value: '1234' }] }, index)).toBeNull();
	});
});
