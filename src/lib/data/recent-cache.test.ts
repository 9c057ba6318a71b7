import { describe, expect, it } from 'vitest';
import { RecentCache } from './recent-cache';

describe('RecentCache', () => {
	it('holds at most its capacity, dropping the least recently used', () => {
		const cache = new RecentCache<string, number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1); // a is now the most recent
		cache.set('c', 3);
		expect(cache.size).toBe(2);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe(1);
		expect(cache.get('c')).toBe(3);
	});

	it('replaces a value set again without growing', () => {
		const cache = new RecentCache<string, number>(2);
		cache.set('a', 1);
		cache.set('a', 2);
		expect(cache.size).toBe(1);
		expect(cache.get('a')).toBe(2);
	});
});
