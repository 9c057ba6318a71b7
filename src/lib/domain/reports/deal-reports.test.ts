import { describe, expect, it } from 'vitest';
import { forecastTarget } from './forecast-target';
import { lossReasons } from './loss-reasons';
import { pipelineByStage } from './pipeline-by-stage';
import { Q4_BERLIN, day, deal, filters, goalRow, input, utc } from './rows-fixtures';
import { wonLost } from './won-lost';

const values = (points: { value: number }[]) => points.map((p) => p.value);

describe('won and lost per month', () => {
	const deals = [
		// Close day 31 January: January's, whatever the zone.
		deal('w1', { stage: 'won', amount: 100, expectedCloseAt: day('2026-01-31'), ownerId: 'm1' }),
		// No close date: placed by its last edit, 00:30 on 1 February in Berlin.
		deal('w2', {
			stage: 'won',
			amount: 100,
			currency: 'USD',
			updatedAt: utc('2026-01-31T23:30:00Z')
		}),
		// USD in January: 0.5.
		deal('w3', { stage: 'won', amount: 10, currency: 'USD', expectedCloseAt: day('2026-01-15') }),
		// GBP has no rate: counted, not summed.
		deal('w4', { stage: 'won', amount: 50, currency: 'GBP', expectedCloseAt: day('2026-03-01') }),
		deal('l1', {
			stage: 'lost',
			amount: 30,
			expectedCloseAt: day('2026-03-31'),
			lostReason: 'Price'
		}),
		deal('l2', {
			stage: 'lost',
			amount: 20,
			expectedCloseAt: day('2026-04-01'),
			lostReason: 'price '
		}),
		deal('o1', { stage: 'proposal', amount: 999, expectedCloseAt: day('2026-01-10') }),
		deal('p1', { stage: 'won', amount: 7, expectedCloseAt: day('2025-11-20') })
	];

	it('counts and sums each month in the workspace currency at the day’s rate', () => {
		const r = wonLost.compute(input({ deal: deals }), filters());
		expect(r.series[0].points.map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(values(r.series[0].points)).toEqual([2, 1, 1]);
		expect(values(r.series[1].points)).toEqual([0, 0, 1]);
		expect(r.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[2, 105, 0, 0],
			[1, 80, 0, 0],
			[1, 0, 1, 30]
		]);
		expect(r.series[0].points[0].drill).toEqual({ type: 'deal', ids: ['w1', 'w3'] });
		expect(r.table.rows[2].drills?.[3]).toEqual({ type: 'deal', ids: ['l1'] });
		expect(r.total).toMatchObject({ value: 185, unit: { kind: 'currency', currency: 'EUR' } });
		expect(r.notes).toEqual(['1 deal in a currency with no rate on the day: counted, not summed.']);
	});

	it('compares each month with the same month of the previous period', () => {
		const r = wonLost.compute(input({ deal: deals }), filters({ previous: Q4_BERLIN }));
		expect(r.series[0].points.map((p) => p.previous)).toEqual([0, 1, 0]);
		expect(r.total?.previous).toBe(7);
	});

	it('narrows by owner and segment; an empty period is zeros, not an error', () => {
		const mine = wonLost.compute(input({ deal: deals }), filters({ ownerId: 'm1' }));
		expect(values(mine.series[0].points)).toEqual([1, 0, 0]);
		const nobody = wonLost.compute(input({ deal: deals }), filters({ segmentPeople: new Set() }));
		expect(nobody.total?.value).toBe(0);
		const empty = wonLost.compute(input({ deal: [] }), filters());
		expect(values(empty.series[0].points)).toEqual([0, 0, 0]);
		expect(empty.total?.drill.ids).toEqual([]);
	});
});

describe('loss reasons', () => {
	it('groups reasons case-blind, most first, no reason last', () => {
		const deals = [
			deal('a', { stage: 'lost', expectedCloseAt: day('2026-01-02'), lostReason: 'Price' }),
			deal('b', { stage: 'lost', expectedCloseAt: day('2026-02-02'), lostReason: ' price' }),
			deal('c', { stage: 'lost', expectedCloseAt: day('2026-02-02'), lostReason: '' }),
			deal('d', { stage: 'lost', expectedCloseAt: day('2026-02-03'), lostReason: 'Timing' }),
			deal('e', { stage: 'lost', expectedCloseAt: day('2026-05-03'), lostReason: 'Timing' })
		];
		const r = lossReasons.compute(input({ deal: deals }), filters());
		expect(r.series[0].points.map((p) => [p.label, p.value])).toEqual([
			['Price', 2],
			['Timing', 1],
			['No reason given', 1]
		]);
		expect(r.series[0].points[0].drill.ids).toEqual(['a', 'b']);
		expect(r.total?.value).toBe(4);
	});
});

describe('pipeline by stage', () => {
	it('sums open deals per stage in order, converted, with the weighted amount', () => {
		const deals = [
			deal('a', { stage: 'lead', amount: 100 }),
			deal('b', { stage: 'lead', amount: 100, probability: 50 }),
			// USD, closing in February: 0.8.
			deal('c', {
				stage: 'negotiation',
				amount: 100,
				currency: 'USD',
				expectedCloseAt: day('2026-02-10')
			}),
			deal('d', { stage: 'won', amount: 100 }),
			deal('e', { stage: 'proposal', amount: 10, ownerId: 'm2' })
		];
		const r = pipelineByStage.compute(input({ deal: deals }), filters());
		expect(r.table.rows.map((row) => row.cells)).toEqual([
			['Lead', 2, 200, 60],
			['Qualified', 0, 0, 0],
			['Proposal', 1, 10, 5],
			['Negotiation', 1, 80, 60]
		]);
		expect(r.total?.value).toBe(290);
		expect([...(r.total?.drill.ids ?? [])].sort()).toEqual(['a', 'b', 'c', 'e']);
		const ben = pipelineByStage.compute(input({ deal: deals }), filters({ ownerId: 'm2' }));
		expect(ben.total?.value).toBe(10);
	});
});

describe('forecast against target', () => {
	it('won, weighted forecast and month and quarter goals per month', () => {
		const deals = [
			deal('w', { stage: 'won', amount: 100, expectedCloseAt: day('2026-01-20'), ownerId: 'm1' }),
			deal('o', {
				stage: 'proposal',
				amount: 200,
				expectedCloseAt: day('2026-02-20'),
				ownerId: 'm1'
			}),
			deal('x', {
				stage: 'proposal',
				amount: 40,
				expectedCloseAt: day('2026-02-21'),
				ownerId: 'm2'
			}),
			deal('z', { stage: 'lost', amount: 500, expectedCloseAt: day('2026-02-21'), ownerId: 'm1' })
		];
		const goals = [
			goalRow('g1', { period: '2026-01', target: 150 }),
			goalRow('g2', { period: '2026-Q1', target: 300 }),
			goalRow('g3', { period: '2026-01', target: 90, memberId: 'm1' }),
			goalRow('g4', { period: '2026-01', target: 5, metric: 'deals won' })
		];
		const team = forecastTarget.compute(input({ deal: deals, goal: goals }), filters());
		expect(team.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[100, 0, 250, 40],
			[0, 120, 100, 0],
			[0, 0, 100, 0]
		]);
		expect(team.series[1].points[1].drill.ids).toEqual(['o', 'x']);
		expect(team.series[2].points[0].drill).toEqual({ type: 'goal', ids: ['g1', 'g2'] });
		const ada = forecastTarget.compute(
			input({ deal: deals, goal: goals }),
			filters({ ownerId: 'm1' })
		);
		expect(ada.table.rows.map((row) => row.cells.slice(1, 4))).toEqual([
			[100, 0, 90],
			[0, 100, 0],
			[0, 0, 0]
		]);
	});
});
