import { describe, expect, it } from 'vitest';
import { comparisonText } from './format';

const EUR = { kind: 'currency', currency: 'EUR' } as const;

describe('a figure against the previous period', () => {
	it('says the change in percent with the previous figure', () => {
		expect(comparisonText(5600, 5000, EUR, 'en-US')).toBe('+12% vs previous period (€5,000)');
		expect(comparisonText(4000, 5000, EUR, 'en-US')).toBe('-20% vs previous period (€5,000)');
		expect(comparisonText(5, 5, { kind: 'count' }, 'en-US')).toBe(
			'no change vs previous period (5)'
		);
		expect(comparisonText(3, 0, { kind: 'count' }, 'en-US')).toBe('new vs previous period (0)');
	});

	it('moves a share in points', () => {
		expect(comparisonText(15.2, 12, { kind: 'percent' }, 'en-US')).toBe(
			'+3.2 points vs previous period (12%)'
		);
		expect(comparisonText(11, 12, { kind: 'percent' }, 'en-US')).toBe(
			'-1 point vs previous period (12%)'
		);
		expect(comparisonText(12, 12, { kind: 'percent' }, 'en-US')).toBe(
			'no change vs previous period (12%)'
		);
	});
});
