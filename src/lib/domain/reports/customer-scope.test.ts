/**
 * The owner and team filters in the customer reports, against hand-computed figures: a
 * customer's owner is the person's, else their organization's (ben has none: Acme's owner Bo
 * counts him), an organization's its own. Each report's bars, table (the CSV) and drills (the
 * click-through list) keep only the owned customers; the worker's path (the page's set of owned
 * customers in the filters) gives the same; a report that cannot tell says so.
 */
import { describe, expect, it } from 'vitest';
import type { CustomerReportInput } from './customer-input';
import { newCustomersReport, retentionReport } from './customer-reports';
import {
	customerOwners,
	ownedCustomers,
	OWNERS_NOT_KNOWN,
	type CustomerOwners
} from './customer-scope';
import type { ReportFilters } from './report';
import { order, Q1, RATES, utc, ZONE } from './report-fixtures';
import { revenueByCategoryReport, revenueByTierReport } from './revenue-reports';
import { rfmGridReport } from './rfm-grid-report';
import { segmentSizesReport } from './segment-sizes-report';

// Members: m1 Ada, m2 Bo.
const owners: CustomerOwners = customerOwners(
	[
		{ id: 'ada', ownerId: 'm1', organizationId: 'acme' }, // her own owner wins
		{ id: 'ben', ownerId: null, organizationId: 'acme' }, // Acme's owner
		{ id: 'cy', ownerId: 'm2', organizationId: null },
		{ id: 'dee', ownerId: null, organizationId: null } // nobody's
	],
	[{ id: 'acme', ownerId: 'm2' }]
);

const base: CustomerReportInput = {
	rows: {},
	pipelines: [],
	currency: 'EUR',
	rates: RATES,
	members: [],
	now: utc('2026-03-20T12:00:00Z'),
	timeZone: ZONE,
	orders: [
		order('d1', '2025-12-10T12:00:00Z', { personId: 'ada' }, [['Veg', 10]]), // December
		order('o1', '2026-01-05T12:00:00Z', { personId: 'ada' }, [
			['Veg', 60],
			['Bakery', 40]
		]),
		order('o2', '2026-02-10T12:00:00Z', { personId: 'ben', currency: 'USD' }, [['veg', 20000]]),
		order('o3', '2026-03-31T21:30:00Z', { organizationId: 'acme' }, [['Tools', 500]]),
		order('o4', '2026-03-02T12:00:00Z', { personId: 'dee' }, [['Veg', 7]])
	],
	wonDeals: [
		{ id: 'w1', personId: 'cy', organizationId: null, wonAt: utc('2026-02-01T00:00:00Z') }
	],
	sourceOf: (id) => ({ ada: 'Fair', ben: 'Web', cy: 'web', dee: 'Fair' })[id],
	organizationIds: new Set(['acme']),
	customerOwners: owners
};
const Q4 = { from: utc('2025-09-30T22:00:00Z'), to: Q1.from };
const all: ReportFilters = {
	period: Q1,
	previous: Q4,
	ownerId: null,
	pipelineId: null,
	segmentPeople: null
};
const ada = { ...all, ownerId: 'm1' };
const boTeam = { ...all, teamMembers: new Set(['m2']) };

describe('customer owners', () => {
	it('a person’s own owner, else their organization’s; an organization’s own', () => {
		expect(Object.fromEntries(owners)).toEqual({
			acme: 'm2',
			ada: 'm1',
			ben: 'm2',
			cy: 'm2',
			dee: null
		});
	});

	it('owner and team together keep the owner’s customers if in the team; neither: null', () => {
		expect(ownedCustomers(owners, all)).toBeNull();
		expect([...ownedCustomers(owners, boTeam)!].sort()).toEqual(['acme', 'ben', 'cy']);
		expect([...ownedCustomers(owners, { ...boTeam, ownerId: 'm1' })!]).toEqual([]);
		expect([...ownedCustomers(owners, { ...boTeam, ownerId: 'm2' })!].sort()).toEqual([
			'acme',
			'ben',
			'cy'
		]);
	});
});

describe('revenue reports by owner and team', () => {
	it('by category, Ada: her January order now, her December one before', () => {
		const r = revenueByCategoryReport.compute(base, ada);
		expect(r.series[0].points.map((p) => [p.label, p.value, p.previous, p.drill.ids])).toEqual([
			['Veg', 60, 10, ['o1']],
			['Bakery', 40, 0, ['o1']]
		]);
		expect(r.table.rows.map((row) => row.cells)).toEqual([
			['Veg', 60, 1, 1],
			['Bakery', 40, 1, 1]
		]);
		expect(r.total).toMatchObject({ value: 100, previous: 10, drill: { ids: ['o1'] } });
	});

	it('by category, Bo’s team: ben’s order (Acme’s owner) and Acme’s; nobody’s dee left out', () => {
		const r = revenueByCategoryReport.compute(base, boTeam);
		expect(r.series[0].points.map((p) => [p.label, p.value, p.drill.ids])).toEqual([
			['veg', 16000, ['o2']], // 20,000 USD × 0.8
			['Tools', 500, ['o3']]
		]);
		expect(r.total).toMatchObject({ value: 16500, previous: 0, drill: { ids: ['o2', 'o3'] } });
		// The whole workspace still counts dee's order.
		expect(revenueByCategoryReport.compute(base, all).total?.value).toBe(16607);
	});

	it('by value tier, Bo’s team: tiers from every order, revenue of the team’s customers', () => {
		const r = revenueByTierReport.compute(base, boTeam);
		expect(r.series[0].points.map((p) => [p.key, p.value, p.drill.ids])).toEqual([
			['low', 500, ['o3']],
			['medium', 0, []],
			['high', 16000, ['o2']]
		]);
		expect(r.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[500, 1, 1],
			[0, 0, 0],
			[16000, 1, 1]
		]);
	});

	it('an owner outside the team keeps nothing', () => {
		const r = revenueByCategoryReport.compute(base, { ...boTeam, ownerId: 'm1' });
		expect(r.series[0].points).toEqual([]);
		expect(r.total).toMatchObject({ value: 0, drill: { ids: [] } });
	});
});

describe('new customers and retention by owner and team', () => {
	it('new customers, Bo’s team: ben (ordered) and cy (won a deal) in February', () => {
		const r = newCustomersReport.compute(base, boTeam);
		expect(r.series.map((s) => [s.label, s.points.map((p) => p.drill.ids)])).toEqual([
			['Web', [[], ['ben', 'cy'], []]]
		]);
		expect(r.total).toMatchObject({ value: 2, previous: 0, drill: { ids: ['ben', 'cy'] } });
	});

	it('new customers, Ada: ada was new in December, so none this quarter and one before', () => {
		const r = newCustomersReport.compute(base, ada);
		expect(r.series).toEqual([]);
		expect(r.total).toMatchObject({ value: 0, previous: 1, drill: { ids: [] } });
	});

	it('retention, Ada: kept in January, lost in February; Bo’s team: both lost in March', () => {
		const mine = retentionReport.compute(base, ada);
		expect(mine.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[1, 1, 0, 0],
			[0, 0, 1, 100],
			[0, 0, 0, null]
		]);
		expect(mine.table.rows[1].drills?.[3]).toEqual({ type: 'person', ids: ['ada'] });
		const team = retentionReport.compute(base, boTeam);
		expect(team.table.rows.map((row) => row.cells.slice(1))).toEqual([
			[0, 0, 0, null],
			[2, 0, 0, null],
			[0, 0, 2, 100]
		]);
		expect(team.table.rows[2].drills?.[3]).toEqual({ type: 'person', ids: ['ben', 'cy'] });
		expect(team.total).toMatchObject({ value: 100, drill: { ids: ['ben', 'cy'] } });
	});
});

describe('RFM grid by owner, the worker’s path, and what cannot apply', () => {
	const purchases = new Map([
		['ada', { customerId: 'ada', rfm: { r: 5, f: 4, m: 3 }, lifetimeValue: 110 }],
		['ben', { customerId: 'ben', rfm: { r: 5, f: 4, m: 5 }, lifetimeValue: 16000 }],
		['acme', { customerId: 'acme', rfm: { r: 5, f: 4, m: 3 }, lifetimeValue: 500 }]
	]);

	it('RFM, Ada: her cell holds her alone, the table her lifetime revenue', () => {
		const input: CustomerReportInput = { ...base, purchases };
		const r = rfmGridReport.compute(input, ada);
		const f4 = r.series.find((s) => s.key === 'f4')!;
		expect(f4.points.find((p) => p.key === 'r5')).toMatchObject({
			value: 1,
			drill: { ids: ['ada'] }
		});
		expect(r.table.rows[0].cells).toEqual(['Recency 5', 0, 0, 0, 1, 0, 1, 110]);
	});

	it('the worker’s path: the owned customers the page sent give the same figures', () => {
		const worker = { ...base, customerOwners: undefined };
		const sent = { ...boTeam, ownedCustomers: ownedCustomers(owners, boTeam) };
		expect(revenueByCategoryReport.compute(worker, sent)).toEqual(
			revenueByCategoryReport.compute(base, boTeam)
		);
		expect(retentionReport.compute(worker, sent)).toEqual(retentionReport.compute(base, boTeam));
	});

	it('owners known nowhere: said, never counted as everyone’s', () => {
		const worker = { ...base, customerOwners: undefined };
		const r = revenueByCategoryReport.compute(worker, ada);
		expect(r.series).toEqual([]);
		expect(r.notes).toEqual([OWNERS_NOT_KNOWN]);
	});

	it('segment sizes cannot apply the owner (the log keeps sizes) and say so', () => {
		expect(segmentSizesReport.honours).not.toContain('owner');
		expect(segmentSizesReport.description).toMatch(/covers every owner/);
		for (const r of [
			revenueByCategoryReport,
			revenueByTierReport,
			newCustomersReport,
			retentionReport,
			rfmGridReport
		])
			expect(r.honours).toContain('owner');
	});
});
