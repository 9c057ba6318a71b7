import { describe, expect, it } from 'vitest';
import { monthIndex, monthKey } from './periods';

const byDate = (ms: number) => {
	const d = new Date(ms);
	return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
};

describe('monthIndex', () => {
	it('is the UTC month of the moment, at the edges of months and years', () => {
		for (const [y, m] of [
			[2026, 0],
			[2026, 1],
			[2024, 1], // leap February
			[2026, 11],
			[1969, 11],
			[1970, 0]
		]) {
			const start = Date.UTC(y, m, 1);
			for (const ms of [start - 1, start, start + 1, Date.UTC(y, m + 1, 1) - 1])
				expect(monthIndex(ms), new Date(ms).toISOString()).toBe(byDate(ms));
		}
	});

	it('answers the same in any order of asks (its day map is a cache, never wrong)', () => {
		let seed = 7;
		const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
		const moments = Array.from({ length: 5_000 }, () => Date.UTC(2020, 0, 1) + random() * 2e11);
		for (const ms of moments) expect(monthIndex(ms)).toBe(byDate(ms));
		for (const ms of moments.sort((a, b) => a - b)) expect(monthIndex(ms)).toBe(byDate(ms));
	});

	it('is NaN for a moment that is not one, and answers the next as before', () => {
		const ms = Date.UTC(2026, 11, 1);
		expect(monthIndex(ms)).toBe(byDate(ms));
		expect(monthIndex(NaN)).toBeNaN();
		expect(monthIndex(ms + 1)).toBe(byDate(ms));
		expect(monthKey(ms)).toBe('2026-12');
	});
});
