/**
 * The customer reports as a dashboard reads them: every bar's drill names exactly the records
 * counted in it, tables carry the chart's figures, the comparison period is filled, a segment
 * narrows, and a report whose data has not arrived says so instead of drawing zeros.
 */
import { describe, expect, it } from 'vitest';
import type { CustomerReportInput } from './customer-input';
import { newCustomersReport, retentionReport } from './customer-reports';
import type { ReportFilters } from './report';
import { order, Q1, RATES, utc, ZONE } from './report-fixtures';
import { revenueByCategoryReport, revenueByTierReport } from './revenue-reports';
import { rfmGridReport } from './rfm-grid-report';
import { segmentSizesReport } from './segment-sizes-report';
import { sizeKey, readSizeLog } from './segment-sizes';

const orders = [
	order('d1', '2025-12-10T12:00:00Z', { personId: 'ada' }, [['Veg', 10]]), // December
	order('o1', '2026-01-05T12:00:00Z', { personId: 'ada' }, [
		['Veg', 60],
		['Bakery', 40]
	]),
	order('o2', '2026-02-10T12:00:00Z', { personId: 'ben', currency: 'USD' }, [['veg', 20000]]),
	order('o3', '2026-03-31T21:30:00Z', { organizationId: 'acme' }, [['Tools', 500]])
];
const base: CustomerReportInput = {
	rows: {},
	pipelines: [],
	currency: 'EUR',
	rates: RATES,
	members: [],
	now: utc('2026-03-20T12:00:00Z'),
	timeZone: ZONE,
	orders,
	wonDeals: [
		{ id: 'w1', personId: 'cy', organizationId: null, wonAt: utc('2026-02-01T00:00:00Z') }
	],
	sourceOf: (id) => ({ ada: 'Fair', ben: 'Web', cy: 'web' })[id],
	organizationIds: new Set(['acme'])
};
const withInput = (extra: Partial<CustomerReportInput>): CustomerReportInput => ({
	...base,
	...extra
});
const Q4 = { from: utc('2025-09-30T22:00:00Z'), to: Q1.from };
const filters: ReportFilters = {
	period: Q1,
	previous: Q4,
	ownerId: null,
	pipelineId: null,
	segmentPeople: null
};

describe('revenue reports', () => {
	it('by category: bars, table and total agree, each opening its orders', () => {
		const r = revenueByCategoryReport.compute(base, filters);
		const points = r.series[0].points;
		expect(points.map((p) => [p.label, p.value, p.previous, p.drill.ids])).toEqual([
			['Veg', 16060, 10, ['o1', 'o2']], // 60 + 20,000 USD × 0.8
			['Tools', 500, 0, ['o3']],
			['Bakery', 40, 0, ['o1']]
		]);
		expect(r.table.rows.map((row) => row.cells)).toEqual([
			['Veg', 16060, 2, 2],
			['Tools', 500, 1, 1],
			['Bakery', 40, 1, 1]
		]);
		expect(r.total).toMatchObject({
			value: 16600,
			previous: 10,
			drill: { ids: ['o1', 'o2', 'o3'] }
		});
	});

	it('by value tier: ben is high (16,000), ada low, acme low; a segment keeps its people’s orders', () => {
		const r = revenueByTierReport.compute(base, filters);
		expect(r.series[0].points.map((p) => [p.key, p.value, p.drill.ids])).toEqual([
			['low', 600, ['o1', 'o3']],
			['medium', 0, []],
			['high', 16000, ['o2']]
		]);
		const seg = revenueByTierReport.compute(base, { ...filters, segmentPeople: new Set(['ada']) });
		expect(seg.total?.value).toBe(100);
	});

	it('on the page, show the worker’s result for the same report and filters', () => {
		const fromWorker = revenueByCategoryReport.compute(base, filters);
		const asked: string[] = [];
		const page = withInput({
			orders: undefined,
			workerResult: (id, f) => (
				asked.push(id),
				id === 'revenue-by-category' && f === filters ? fromWorker : null
			)
		});
		expect(revenueByCategoryReport.compute(page, filters)).toBe(fromWorker);
		expect(retentionReport.compute(page, filters).notes?.[0]).toMatch(/still being read/);
		expect(asked).toEqual(['revenue-by-category', 'retention']);
	});

	it('on a page that does not pass their input, say they cannot be computed there', () => {
		const bare = { ...base } as Record<string, unknown>;
		for (const k of ['orders', 'wonDeals', 'sourceOf', 'organizationIds']) delete bare[k];
		for (const report of [revenueByCategoryReport, rfmGridReport, segmentSizesReport])
			expect(report.compute(bare as unknown as CustomerReportInput, filters).notes).toEqual([
				'This report cannot be computed on this page yet.'
			]);
	});

	it('say the orders are not read yet rather than draw nothing as zero', () => {
		const r = revenueByCategoryReport.compute(withInput({ orders: undefined }), filters);
		expect(r.series).toEqual([]);
		expect(r.notes?.[0]).toMatch(/still being read/);
	});
});

describe('customer reports', () => {
	it('new customers: per source and Berlin month, the previous quarter’s alongside', () => {
		const r = newCustomersReport.compute(base, filters);
		expect(r.series.map((s) => [s.label, s.points.map((p) => p.drill.ids)])).toEqual([
			['Web', [[], ['ben', 'cy'], []]]
		]);
		expect(r.total).toMatchObject({ value: 2, previous: 1, drill: { ids: ['ben', 'cy'] } });
	});

	it('retention: December’s ada kept in January, lost in February', () => {
		const r = retentionReport.compute(base, filters);
		expect(r.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[1, 1, 0, 0],
			[2, 0, 1, 100],
			[0, 0, 2, 100]
		]);
		expect(r.table.rows[2].drills?.[3]).toEqual({ type: 'person', ids: ['ben', 'cy'] });
	});
});

describe('RFM grid and segment sizes reports', () => {
	it('RFM: the cell’s people, organizations left out', () => {
		const purchases = new Map([
			['ada', { customerId: 'ada', rfm: { r: 5, f: 4, m: 3 }, lifetimeValue: 110 }],
			['ben', { customerId: 'ben', rfm: { r: 5, f: 4, m: 5 }, lifetimeValue: 16000 }],
			['acme', { customerId: 'acme', rfm: { r: 5, f: 4, m: 3 }, lifetimeValue: 500 }]
		]);
		const r = rfmGridReport.compute(withInput({ purchases }), filters);
		const f4 = r.series.find((s) => s.key === 'f4')!;
		expect(f4.points.find((p) => p.key === 'r5')).toMatchObject({
			value: 2,
			drill: { ids: ['ada', 'ben'] }
		});
		expect(r.table.rows[0].cells).toEqual(['Recency 5', 0, 0, 0, 2, 0, 2, 16110]);
	});

	it('segment sizes: month-end sizes, only the current month opening today’s members', () => {
		const segmentSizes = readSizeLog([
			[sizeKey('s', '2026-01-31'), { size: 4, at: utc('2026-01-31T08:00:00Z') }],
			[sizeKey('s', '2026-03-19'), { size: 6, at: utc('2026-03-19T08:00:00Z') }]
		]);
		const segments = [{ id: 's', name: 'Berlin', members: new Set(['ada', 'ben']) }];
		const r = segmentSizesReport.compute(withInput({ segments, segmentSizes }), filters);
		expect(r.series[0].points.map((p) => [p.key, p.value, p.drill.ids])).toEqual([
			['2026-01', 4, []],
			['2026-03', 6, ['ada', 'ben']]
		]);
		expect(r.table.rows[0].cells).toEqual(['Berlin', 4, null, 6]);
	});
});
