import { describe, expect, it } from 'vitest';
import { intern, internAll } from './intern';
import { decodeRows, encodeRows } from './row-cache';

describe('intern', () => {
	it('gives equal values back unchanged, and null as null', () => {
		const a = intern(['cl', 'ient'].join(''));
		expect(a).toBe('client');
		expect(intern(null)).toBeNull();
		expect(internAll(['vip', 'vip'])).toEqual(['vip', 'vip']);
	});

	it('leaves rows read from the cache equal to the rows written', () => {
		const rows = [
			{ id: 'a', kind: 'client', ownerId: 'm1', city: 'Köln', tags: ['vip'], search: 'x' },
			{ id: 'b', kind: 'client', ownerId: null, city: 'Köln', tags: [], search: 'y' }
		];
		expect(decodeRows(encodeRows(rows))).toEqual(rows);
	});
});
