import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';

describe('seededRandom', () => {
	it('repeats for a seed, differs between seeds, stays in [0, 1)', () => {
		const a = seededRandom(42);
		const b = seededRandom(42);
		const xs = Array.from({ length: 1000 }, () => a());
		expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
		expect(seededRandom(43)()).not.toBe(xs[0]);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
	});

	it('does not cycle early and spreads evenly', () => {
		const r = seededRandom(7);
		const seen = new Set<number>();
		const buckets = new Array<number>(10).fill(0);
		for (let i = 0; i < 100_000; i++) {
			const x = r();
			seen.add(x);
			buckets[Math.floor(x * 10)]++;
		}
		expect(seen.size).toBeGreaterThan(99_990);
		for (const c of buckets) expect(Math.abs(c - 10_000)).toBeLessThan(500);
	});
});
