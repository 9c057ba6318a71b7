import { describe, expect, it } from 'vitest';
import { countOf, importCountsText } from './result-text';

const people = ['person', 'people'] as const;

describe('importCountsText (issue #18)', () => {
	it('uses each count’s own plural', () => {
		expect(importCountsText({ created: 1, updated: 0 }, people)).toBe('1 person created');
		expect(importCountsText({ created: 2, updated: 1, createdOrganizations: 1 }, people)).toBe(
			'2 people created, 1 person updated, 1 organization created'
		);
		expect(countOf(1200, ['organization', 'organizations'])).toBe('1,200 organizations');
	});

	it('after "update existing" says how many were updated, not "0 people created"', () => {
		expect(importCountsText({ created: 0, updated: 3, unchanged: 2 }, people)).toBe(
			'3 people updated, 2 people already up to date'
		);
		expect(importCountsText({ created: 0, updated: 0, unchanged: 1 }, people)).toBe(
			'1 person already up to date'
		);
		expect(importCountsText({ created: 0, updated: 0 }, people)).toBe('0 people created');
	});

	it('names other records made along by their type, and skipped rows', () => {
		expect(
			importCountsText(
				{ created: 1, updated: 0, createdOther: { people: 1, products: 2 }, skipped: 1 },
				['order', 'orders']
			)
		).toBe('1 order created, 1 person created, 2 products created, 1 row skipped');
	});
});
