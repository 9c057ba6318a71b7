import { describe, expect, it } from 'vitest';
import {
	boardColumns,
	dealFlags,
	NO_DATE,
	NO_FILTERS,
	NOBODY,
	totals,
	type BoardDeal
} from './board';
import { DEFAULT_PIPELINE, stageOf } from './pipeline';

const deal = (id: string, patch: Partial<BoardDeal> = {}): BoardDeal => ({
	id,
	name: id,
	pipelineId: null,
	stage: 'lead',
	amount: null,
	currency: 'EUR',
	expectedCloseAt: null,
	organizationId: null,
	ownerId: null,
	...patch
});
const known = new Set(['default', 'r1']);
const MARCH = Date.UTC(2026, 2, 31);

describe('the board', () => {
	it('has a column per stage with its deals, close date first, and totals per currency', () => {
		const cols = boardColumns(
			DEFAULT_PIPELINE,
			known,
			[
				deal('late', { stage: 'proposal', amount: 100, expectedCloseAt: MARCH }),
				deal('soon', {
					stage: 'proposal',
					amount: 50,
					currency: 'USD',
					expectedCloseAt: MARCH - 1
				}),
				deal('undated', { stage: 'proposal', amount: 20 }),
				deal('other', { pipelineId: 'r1' }),
				deal('orphan', { pipelineId: 'removed' })
			],
			NO_FILTERS
		);
		expect(cols.map((c) => c.stage?.id)).toEqual(DEFAULT_PIPELINE.stages.map((s) => s.id));
		const proposal = cols[2];
		expect(proposal.deals.map((d) => d.id)).toEqual(['soon', 'late', 'undated']);
		expect(proposal.totals).toEqual([
			{ currency: 'EUR', amount: 120 },
			{ currency: 'USD', amount: 50 }
		]);
		expect(cols[0].deals.map((d) => d.id)).toEqual(['orphan']);
	});

	it('shows deals at a stage the pipeline lacks in a column of their own', () => {
		const cols = boardColumns(
			DEFAULT_PIPELINE,
			known,
			[deal('x', { stage: 'peer-stage' })],
			NO_FILTERS
		);
		expect(cols.at(-1)).toMatchObject({ stage: null, deals: [{ id: 'x' }] });
	});

	it('filters by owner, organization and close month', () => {
		const deals = [
			deal('a', { ownerId: 'm1', organizationId: 'o1', expectedCloseAt: MARCH }),
			deal('b', { ownerId: 'm2', organizationId: 'o1' }),
			deal('c', { organizationId: 'o2', expectedCloseAt: MARCH + 86_400_000 })
		];
		const ids = (f: Partial<typeof NO_FILTERS>) =>
			boardColumns(DEFAULT_PIPELINE, known, deals, { ...NO_FILTERS, ...f })[0].deals.map(
				(d) => d.id
			);
		expect(ids({ ownerId: 'm1' })).toEqual(['a']);
		expect(ids({ ownerId: NOBODY })).toEqual(['c']);
		expect(ids({ organizationId: 'o1' })).toEqual(['a', 'b']);
		expect(ids({ closeMonth: '2026-03' })).toEqual(['a']);
		expect(ids({ closeMonth: '2026-04' })).toEqual(['c']);
		expect(ids({ closeMonth: NO_DATE })).toEqual(['b']);
	});

	it('sums nothing for deals without an amount', () => {
		expect(totals([deal('a'), deal('b')])).toEqual([]);
	});

	it('flags an open deal past its close day or with no next step, never a closed one', () => {
		const proposal = stageOf(DEFAULT_PIPELINE, 'proposal');
		const won = stageOf(DEFAULT_PIPELINE, 'won');
		const d = { expectedCloseAt: MARCH };
		expect(dealFlags(d, proposal, true, MARCH + 86_399_999)).toEqual([]);
		expect(dealFlags(d, proposal, true, MARCH + 86_400_000)).toEqual([
			'Past its expected close date'
		]);
		expect(dealFlags(d, proposal, false, MARCH)).toEqual(['No next step']);
		expect(dealFlags(d, won, false, MARCH * 2)).toEqual([]);
		expect(dealFlags({ expectedCloseAt: null }, null, false, MARCH)).toEqual(['No next step']);
	});
});
