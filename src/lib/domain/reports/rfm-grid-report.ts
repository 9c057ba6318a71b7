/**
 * The RFM grid as a report: people by recency score (one bar each, 5 = bought most recently),
 * stacked by frequency score, every cell opening exactly its people. Scores are the buying
 * patterns' (domain/purchases, computed by the purchases worker) as of now, so the period does
 * not apply; organizations are left out, so every cell is a list of people.
 */
import { notYet, type CustomerReportInput } from './customer-input';
import { customerScope, keeps, OWNERS_NOT_KNOWN } from './customer-scope';
import type { Report, ReportFilters, ReportInput, ReportResult, ReportUnit } from './report';
import { rfmGrid, rfmGridKey, SCORES } from './rfm-grid';

const COUNT: ReportUnit = { kind: 'count' };
const FREQUENCIES = [1, 2, 3, 4, 5] as const;

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const x = input as CustomerReportInput;
	if (!x.purchases) return notYet('stacked', 'Buying patterns are still being computed.', x);
	const owned = customerScope(x, filters);
	if (owned === undefined) return notYet('stacked', OWNERS_NOT_KNOWN, x);
	const orgs = x.organizationIds;
	const seg = filters.segmentPeople;
	const profiles = [...x.purchases.values()].filter(
		(p) => !orgs?.has(p.customerId) && keeps(seg, owned, p.customerId)
	);
	const cells = new Map(rfmGrid(profiles).map((c) => [c.key, c]));
	const cell = (r: number, f: number) => cells.get(rfmGridKey(r, f))!;
	const money: ReportUnit = { kind: 'currency', currency: input.currency };
	const people = (ids: readonly string[]) => ({ type: 'person' as const, ids });
	return {
		kind: 'stacked',
		unit: COUNT,
		series: FREQUENCIES.map((f) => ({
			key: `f${f}`,
			label: `Frequency ${f}`,
			points: SCORES.map((r) => ({
				key: `r${r}`,
				label: `Recency ${r}`,
				value: cell(r, f).count,
				drill: people(cell(r, f).customerIds)
			}))
		})),
		table: {
			columns: [
				{ key: 'recency', label: 'Recency' },
				...FREQUENCIES.map((f) => ({ key: `f${f}`, label: `Frequency ${f}`, unit: COUNT })),
				{ key: 'people', label: 'People', unit: COUNT },
				{ key: 'revenue', label: 'Lifetime revenue', unit: money }
			],
			rows: SCORES.map((r) => {
				const row = FREQUENCIES.map((f) => cell(r, f));
				const ids = row.flatMap((c) => c.customerIds);
				const revenue = Math.round(row.reduce((s, c) => s + c.revenue, 0) * 100) / 100;
				return {
					key: `r${r}`,
					cells: [`Recency ${r}`, ...row.map((c) => c.count), ids.length, revenue],
					drill: people(ids),
					drills: [null, ...row.map((c) => people(c.customerIds)), people(ids), people(ids)]
				};
			})
		},
		notes: []
	};
}

export const rfmGridReport: Report = {
	id: 'rfm-grid',
	title: 'RFM grid',
	description:
		'Customers (people) by how recently (rows, 5 = most recent) and how often (columns) they buy, scored by quintiles of all customers as of now, with their lifetime revenue; owner and team: the person’s owner, else their organization’s.',
	reads: ['organization'],
	honours: ['owner', 'segment'],
	kind: 'stacked',
	compute
};
