import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jaroWinkler, withinOneEdit } from './similarity';

describe('jaroWinkler', () => {
	it('matches published reference values', () => {
		expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
		expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
		expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
		expect(jaroWinkler('jon', 'john')).toBeCloseTo(0.9333, 4);
	});

	it('is 1 for equal strings and 0 when nothing matches or one side is empty', () => {
		expect(jaroWinkler('same', 'same')).toBe(1);
		expect(jaroWinkler('abc', 'xyz')).toBe(0);
		expect(jaroWinkler('', 'abc')).toBe(0);
		expect(jaroWinkler('', '')).toBe(1);
	});

	it('is symmetric and within [0, 1] (property)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
				const s = jaroWinkler(a, b);
				expect(s).toBeGreaterThanOrEqual(0);
				expect(s).toBeLessThanOrEqual(1);
				expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('withinOneEdit', () => {
	it('accepts one insertion, deletion, substitution or adjacent swap', () => {
		expect(withinOneEdit('jones', 'hones')).toBe(true);
		expect(withinOneEdit('smith', 'smiht')).toBe(true);
		expect(withinOneEdit('smith', 'smth')).toBe(true);
		expect(withinOneEdit('smith', 'smithe')).toBe(true);
		expect(withinOneEdit('same', 'same')).toBe(true);
		expect(withinOneEdit('smith', 'smyht')).toBe(false);
		expect(withinOneEdit('abc', 'cba')).toBe(false);
		expect(withinOneEdit('ab', 'abcd')).toBe(false);
	});

	it('agrees with a reference edit distance (property)', () => {
		// Optimal string alignment distance, the textbook dynamic programme.
		const osa = (a: string, b: string) => {
			const d = Array.from({ length: a.length + 1 }, (_, i) =>
				Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
			);
			for (let i = 1; i <= a.length; i++) {
				for (let j = 1; j <= b.length; j++) {
					const cost = a[i - 1] === b[j - 1] ? 0 : 1;
					d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
					if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
						d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
					}
				}
			}
			return d[a.length][b.length];
		};
		const s = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });
		fc.assert(
			fc.property(s, s, (a, b) => {
				expect(withinOneEdit(a, b)).toBe(osa(a, b) <= 1);
			}),
			{ numRuns: 1000 }
		);
	});
});
