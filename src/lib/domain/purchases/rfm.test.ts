import { describe, expect, it } from 'vitest';
import { quintileScores, rfmCell, RFM_CELLS } from './rfm';

describe('quintileScores', () => {
	it('gives five distinct values the scores 1 to 5', () => {
		expect(quintileScores([30, 10, 50, 20, 40])).toEqual([3, 1, 5, 2, 4]);
	});

	it('lets ties share a score: only the customers strictly worse count', () => {
		// 1s: none worse → 1; the 2: four of five worse → 1 + ⌊20/5⌋ = 5.
		expect(quintileScores([1, 1, 2, 1, 1])).toEqual([1, 1, 5, 1, 1]);
		// Ten customers: 3 below 7 → 1 + ⌊15/10⌋ = 2.
		expect(quintileScores([1, 1, 1, 7, 7, 9, 9, 9, 9, 9])).toEqual([1, 1, 1, 2, 2, 3, 3, 3, 3, 3]);
	});

	it('scores recency with fewer days as better', () => {
		// 0 days: two of three worse → 1 + ⌊10/3⌋ = 4; 10 days: one → 2; 100 days: none → 1.
		expect(quintileScores([0, 10, 100], true)).toEqual([4, 2, 1]);
	});

	it('gives a lone customer 1 and nothing for no customers', () => {
		expect(quintileScores([42])).toEqual([1]);
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
