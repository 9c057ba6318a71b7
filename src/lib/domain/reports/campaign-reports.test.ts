import { describe, expect, it } from 'vitest';
import type { RecipientOrders } from '../campaigns/results';
import {
	acquisitionRetentionReport,
	campaignRoiReport,
	type CampaignInput,
	type SentCampaign
} from './campaign-reports';
import type { ReportFilters, ReportInput } from './report';
import { Q1, RATES, utc, ZONE } from './report-fixtures';

const campaign = (
	c: Partial<SentCampaign> & Pick<SentCampaign, 'id' | 'sentAt'>
): SentCampaign => ({
	name: c.id,
	windowDays: 30,
	costFixed: 0,
	costPerRecipient: 0,
	currency: 'EUR',
	recipientIds: [],
	responses: new Map(),
	...c
});

const campaigns = [
	// 00:30 on 1 February in Berlin; USD at January's rate (the send's UTC day): (100 + 2 × 10) × 0.5.
	campaign({
		id: 'A',
		sentAt: utc('2026-01-31T23:30:00Z'),
		currency: 'USD',
		costFixed: 100,
		costPerRecipient: 10,
		recipientIds: ['ada', 'ben'],
		responses: new Map([['ada', 'replied' as const]])
	}),
	campaign({
		id: 'B',
		sentAt: utc('2026-03-10T09:00:00Z'),
		windowDays: 10,
		costFixed: 50,
		recipientIds: ['cy']
	}),
	campaign({ id: 'C', sentAt: utc('2026-03-11T09:00:00Z'), currency: 'GBP', costFixed: 5 }),
	campaign({ id: 'D', sentAt: utc('2025-12-31T22:30:00Z'), costFixed: 999 }) // 31 Dec in Berlin
];
const orders: Record<string, RecipientOrders> = {
	ada: {
		firstOrderAt: utc('2025-12-01T10:00:00Z'),
		orders: [
			{ at: utc('2025-12-01T10:00:00Z'), amount: 10 },
			{ at: utc('2026-02-10T10:00:00Z'), amount: 100 }
		]
	},
	cy: {
		firstOrderAt: utc('2026-03-12T10:00:00Z'),
		orders: [{ at: utc('2026-03-12T10:00:00Z'), amount: 40 }]
	}
};
const input: ReportInput & CampaignInput = {
	rows: {},
	pipelines: [],
	currency: 'EUR',
	rates: RATES,
	members: [],
	now: utc('2026-03-20T00:00:00Z'),
	timeZone: ZONE,
	campaigns,
	recipientOrders: (id) => orders[id]
};
const filters: ReportFilters = {
	period: Q1,
	previous: null,
	ownerId: null,
	pipelineId: null,
	segmentPeople: null
};

describe('campaign reports, hand-computed', () => {
	it('ROI per campaign sent in the period, costs converted at the send day', () => {
		const r = campaignRoiReport.compute(input, filters);
		expect(r.table.rows.map((row) => row.cells)).toEqual([
			['A', 2, 1, 1, 60, 100, 66.7, 0, null],
			['B', 1, 0, 1, 50, 40, -20, 1, 50]
		]);
		expect(r.series[1].points[0].drill).toEqual({ type: 'person', ids: ['ada'] });
		expect(r.series[0].points[1].drill).toEqual({ type: 'campaign', ids: ['B'] });
		expect(r.total?.value).toBe(27.3); // (140 − 110) / 110
		expect(r.notes).toEqual(['1 campaign in a currency with no rate on the send day: left out.']);
	});

	it('acquisition against retention spend per Berlin month, February holding A', () => {
		const r = acquisitionRetentionReport.compute(input, filters);
		expect(r.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[0, 0, 0, null, 0, 0, null],
			[1, 30, 0, null, 30, 1, 30],
			[1, 50, 1, 50, 0, 0, null]
		]);
		expect(r.table.rows.map((row) => row.key)).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(r.series[0].points[1].drill.ids).toEqual(['A']);
	});

	it('a segment keeps its recipients; without campaigns loaded, says so', () => {
		const seg = campaignRoiReport.compute(input, { ...filters, segmentPeople: new Set(['ben']) });
		expect(seg.table.rows[0].cells.slice(1, 6)).toEqual([1, 0, 0, 55, 0]); // (100 + 10) × 0.5
		const none = campaignRoiReport.compute(
			{ ...input, campaigns: undefined } as ReportInput,
			filters
		);
		expect(none.notes?.[0]).toMatch(/still loading/);
	});
});
