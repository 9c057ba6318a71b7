import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE } from '../pipelines/pipeline';
import { utc } from './report-fixtures';
import { wonDealsOf } from './won-deals';

const deal = (id: string, stage: string, expectedCloseAt: number | null) => ({
	id,
	pipelineId: null,
	stage,
	personId: 'p',
	organizationId: null,
	expectedCloseAt,
	updatedAt: utc('2026-02-03T10:00:00Z')
});

describe('wonDealsOf', () => {
	const deals = [
		deal('a', 'won', utc('2026-01-31T00:00:00Z')),
		deal('b', 'won', null),
		deal('c', 'lost', utc('2026-01-31T00:00:00Z')),
		deal('d', 'proposal', null)
	];

	it('places a close day at its first moment in the reader’s zone', () => {
		expect(wonDealsOf(deals, [DEFAULT_PIPELINE], 'Europe/Berlin')).toEqual([
			{ id: 'a', personId: 'p', organizationId: null, wonAt: utc('2026-01-30T23:00:00Z') },
			{ id: 'b', personId: 'p', organizationId: null, wonAt: utc('2026-02-03T10:00:00Z') }
		]);
		expect(wonDealsOf(deals, [], 'America/New_York')[0].wonAt).toBe(utc('2026-01-31T05:00:00Z'));
	});

	it('cuts again only the rows that changed, and every row for another zone or pipelines', () => {
		const pipelines = [DEFAULT_PIPELINE];
		const first = wonDealsOf(deals, pipelines, 'Europe/Berlin');
		const edited = [
			{ ...deals[0], expectedCloseAt: utc('2026-02-28T00:00:00Z') },
			...deals.slice(1)
		];
		const again = wonDealsOf(edited, pipelines, 'Europe/Berlin');
		expect(again[0].wonAt).toBe(utc('2026-02-27T23:00:00Z'));
		expect(again[1]).toBe(first[1]); // the same row: its answer kept
		const won = [...deals.slice(0, 3), { ...deals[3], stage: 'won' }];
		expect(wonDealsOf(won, pipelines, 'Europe/Berlin').map((w) => w.id)).toEqual(['a', 'b', 'd']);
		expect(wonDealsOf(deals, pipelines, 'America/New_York')[0].wonAt).toBe(
			utc('2026-01-31T05:00:00Z')
		);
	});
});
