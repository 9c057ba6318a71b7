import { describe, expect, it } from 'vitest';
import { ignoredFilters } from './ignored-filters';

const none = { ownerId: null, teamId: null, pipelineId: null, segmentId: null };
const sizes = { title: 'Segment sizes over time', honours: ['period'] as const };
const revenue = { title: 'Revenue by category', honours: ['period', 'owner', 'segment'] as const };
const won = { title: 'Won and lost', honours: ['period', 'owner', 'pipeline', 'segment'] as const };

describe('filters the reports shown honour', () => {
	it('offers a filter some report honours, not one none does', () => {
		expect(ignoredFilters([sizes, revenue], none).offered).toEqual({
			owner: true,
			pipeline: false,
			segment: true
		});
		expect(ignoredFilters([sizes], none).offered).toEqual({
			owner: false,
			pipeline: false,
			segment: false
		});
		// Nothing shown yet: everything offered.
		expect(ignoredFilters([], none).offered.owner).toBe(true);
	});

	it('a team set while a card ignores it: said by name; set but honoured by none: kept to clear', () => {
		const r = ignoredFilters([sizes, revenue, won], { ...none, teamId: 't' });
		expect(r.notes).toEqual(['Segment sizes over time covers every owner and team.']);
		const page = ignoredFilters([sizes], { ...none, ownerId: 'm1', pipelineId: 'p' });
		expect(page.offered).toMatchObject({ owner: true, pipeline: true });
		expect(page.notes).toEqual([
			'This report covers every owner and team.',
			'This report covers every pipeline.'
		]);
		expect(ignoredFilters([sizes, revenue], { ...none, pipelineId: 'p' }).notes).toEqual([
			'Segment sizes over time and Revenue by category cover every pipeline.'
		]);
	});

	it('nothing said when every report honours what is set', () => {
		expect(
			ignoredFilters([revenue, won], { ...none, ownerId: 'm1', segmentId: 's' }).notes
		).toEqual([]);
	});
});
