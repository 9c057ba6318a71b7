import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quintileScores, rfmCell, RFM_CELLS } from './rfm';

describe('quintileScores', () => {
	it('gives five distinct values the scores 1 to 5', () => {
		expect(quintileScores([30, 10, 50, 20, 40])).toEqual([3, 1, 5, 2, 4]);
	});

	it('lets ties share a score, from their mid-rank', () => {
		// 1s: none worse, four equal → p = 2/5 → 1 + ⌊2⌋ = 3; the 2: four worse → p = 4.5/5 → 5.
		expect(quintileScores([1, 1, 2, 1, 1])).toEqual([3, 3, 5, 3, 3]);
		// Ten: the 1s p = 1.5/10 → 1; the 7s p = (3 + 1)/10 → 3; the 9s p = (5 + 2.5)/10 → 4.
		expect(quintileScores([1, 1, 1, 7, 7, 9, 9, 9, 9, 9])).toEqual([1, 1, 1, 3, 3, 4, 4, 4, 4, 4]);
	});

	it('scores recency with fewer days as better', () => {
		// 0 days: p = 2.5/3 → 1 + ⌊4.17⌋ = 5; 10 days: p = 1.5/3 → 3; 100 days: p = 0.5/3 → 1.
		expect(quintileScores([0, 10, 100], true)).toEqual([5, 3, 1]);
	});

	it('gives a lone customer the middle score, and nothing for no customers', () => {
		expect(quintileScores([42])).toEqual([3]);
		expect(quintileScores([7, 7, 7, 7])).toEqual([3, 3, 3, 3]);
		expect(quintileScores([])).toEqual([]);
	});
});

describe('rfmCell', () => {
	it('maps the corners and edges of the grid', () => {
		expect(rfmCell(5, 5, 5)).toBe('champions');
		expect(rfmCell(5, 4, 4)).toBe('champions');
		expect(rfmCell(4, 4, 4)).toBe('loyal');
		expect(rfmCell(3, 5, 4)).toBe('loyal'); // FM 4.5 rounds up to 5
		expect(rfmCell(5, 1, 1)).toBe('new');
		expect(rfmCell(4, 1, 1)).toBe('promising');
		expect(rfmCell(4, 2, 3)).toBe('potential-loyalists');
		expect(rfmCell(3, 3, 3)).toBe('need-attention');
		expect(rfmCell(3, 1, 2)).toBe('about-to-sleep');
		expect(rfmCell(1, 5, 5)).toBe('cannot-lose');
		expect(rfmCell(2, 3, 4)).toBe('at-risk');
		expect(rfmCell(2, 1, 2)).toBe('hibernating');
		expect(rfmCell(1, 2, 2)).toBe('lost');
	});

	it('names a listed cell for every score combination', () => {
		for (let r = 1; r <= 5; r++)
			for (let f = 1; f <= 5; f++)
				for (let m = 1; m <= 5; m++) expect(RFM_CELLS).toContain(rfmCell(r, f, m));
	});
});

describe('quintileScores against its definition', () => {
	it('gives every value the score of its mid-rank, however many ties', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 80 }),
				fc.boolean(),
				(values, lowerIsBetter) => {
					const n = values.length;
					const expected = values.map((v) => {
						const worse = values.filter((w) => (lowerIsBetter ? w > v : w < v)).length;
						const equal = values.filter((w) => w === v).length;
						return Math.min(5, 1 + Math.floor((5 * (worse + equal / 2)) / n));
					});
					expect(quintileScores(values, lowerIsBetter)).toEqual(expected);
				}
			),
			{ numRuns: 500 }
		);
	});
});
