/**
 * Comparison with the previous period: every report that honours `compare` gives its figures
 * the previous period's (what a card shows as "+12 % vs previous period"), and none when not
 * asked; a report without a period of its own (the pipeline now, the RFM grid) does not claim
 * to compare.
 */
import { describe, expect, it } from 'vitest';
import { REPORTS } from '.';
import type { CampaignInput, SentCampaign } from './campaign-reports';
import type { CustomerReportInput } from './customer-input';
import { order } from './report-fixtures';
import type { ReportInput } from './report';
import {
	Q1_BERLIN,
	Q4_BERLIN,
	day,
	deal,
	filters,
	input,
	interaction,
	request,
	utc
} from './rows-fixtures';

const rows: ReportInput = input({
	deal: [
		deal('w', { stage: 'won', amount: 100, expectedCloseAt: day('2026-01-20'), ownerId: 'm1' }),
		deal('wp', { stage: 'won', amount: 50, expectedCloseAt: day('2025-11-20'), ownerId: 'm1' }),
		deal('l', { stage: 'lost', amount: 9, expectedCloseAt: day('2026-02-02'), lostReason: 'Price' })
	],
	interaction: [
		interaction('c', { occurredAt: utc('2026-01-07T10:00:00Z'), memberIds: ['m1'] }),
		interaction('cp', { occurredAt: utc('2025-11-07T10:00:00Z'), memberIds: ['m1'] })
	],
	request: [
		request('r', {
			openedAt: utc('2026-01-05T09:00:00Z'),
			firstResponseAt: utc('2026-01-05T11:00:00Z'),
			satisfaction: 4
		}),
		request('rp', {
			openedAt: utc('2025-11-05T09:00:00Z'),
			firstResponseAt: utc('2025-11-05T10:00:00Z'),
			satisfaction: 5
		})
	],
	goal: [],
	person: [],
	organization: [],
	product: [],
	order: [],
	task: []
});
const sent = (id: string, at: string, costFixed: number): SentCampaign => ({
	id,
	name: id,
	sentAt: utc(at),
	windowDays: 30,
	costFixed,
	costPerRecipient: 0,
	currency: 'EUR',
	recipientIds: ['ada'],
	responses: new Map()
});
const x: CustomerReportInput & CampaignInput = {
	campaigns: [sent('now', '2026-01-02T10:00:00Z', 20), sent('then', '2025-11-01T10:00:00Z', 5)],
	recipientOrders: (id) =>
		id === 'ada'
			? {
					orders: [
						{ at: utc('2025-11-05T12:00:00Z'), amount: 10 },
						{ at: utc('2026-01-05T12:00:00Z'), amount: 60 }
					],
					firstOrderAt: utc('2025-11-05T12:00:00Z')
				}
			: undefined,
	...rows,
	orders: [
		order('o', '2026-01-05T12:00:00Z', { personId: 'ada' }, [['Veg', 60]]),
		order('op', '2025-11-05T12:00:00Z', { personId: 'ada' }, [['Veg', 10]]),
		order('oq', '2025-10-05T12:00:00Z', { personId: 'ben' }, [['Veg', 10]]),
		order('on', '2026-02-05T12:00:00Z', { personId: 'cy' }, [['Veg', 30]])
	],
	wonDeals: [],
	sourceOf: () => 'Web',
	tierFloors: { medium: 100, high: 1000 },
	purchases: new Map(),
	organizationIds: new Set(),
	segments: [],
	segmentSizes: new Map()
};

describe('comparison with the previous period', () => {
	for (const report of REPORTS.filter((r) => r.honours.includes('compare'))) {
		it(`${report.id}: its total and points carry the previous period's figures`, () => {
			const r = report.compute(x, filters({ period: Q1_BERLIN, previous: Q4_BERLIN }));
			expect(r.total?.previous, 'total').toBeTypeOf('number');
			// A campaign's bar has no counterpart before: its report compares the whole period.
			const points = r.series.flatMap((s) => s.points);
			if (report.id !== 'campaign-roi')
				expect(
					points.some((p) => p.previous !== undefined),
					'points'
				).toBe(true);
			const plain = report.compute(x, filters({ period: Q1_BERLIN }));
			expect(plain.total?.previous).toBeUndefined();
		});
	}

	it('as the hand counts them: return on campaigns, campaign spend', () => {
		const f = filters({ period: Q1_BERLIN, previous: Q4_BERLIN });
		const byId = (id: string) => REPORTS.find((r) => r.id === id)!.compute(x, f).total;
		// Campaigns: 60 back on 20 spent now (+200 %), 10 on 5 before (+100 %).
		expect(byId('campaign-roi')).toMatchObject({ value: 200, previous: 100 });
		expect(byId('acquisition-retention-cost')).toMatchObject({ value: 20, previous: 5 });
	});

	it('is honoured by every report of a period with one figure to compare', () => {
		const comparing = REPORTS.filter((r) => r.honours.includes('compare')).map((r) => r.id);
		expect(comparing.sort()).toEqual(
			[
				'won-lost',
				'loss-reasons',
				'activities-per-member',
				'requests-flow',
				'response-times',
				'satisfaction',
				'revenue-by-category',
				'revenue-by-value-tier',
				'new-customers',
				'retention',
				'acquisition-retention-cost',
				'campaign-roi'
			].sort()
		);
	});
});
