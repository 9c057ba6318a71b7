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
});
