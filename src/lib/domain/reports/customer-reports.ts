/**
 * The acquisition and retention reports: new customers per source and month, and customers
 * kept and lost per month with the churn rate, each figure opening the people behind it.
 * Computed in the reports worker from every month's orders and the won deals.
 */
import { customerEvents, type CustomerEvent } from './customer-events';
import { notYet, ORDERS_NOT_READ, overOrders, type CustomerReportInput } from './customer-input';
import { customerScope, keeps, OWNERS_NOT_KNOWN } from './customer-scope';
import { newCustomersBySource } from './new-customers';
import type { Report, ReportFilters, ReportResult, ReportUnit } from './report';
import { retention } from './retention';

const COUNT: ReportUnit = { kind: 'count' };
const PERCENT: ReportUnit = { kind: 'percent' };
const people = (ids: readonly string[]) => ({ type: 'person' as const, ids });

/** The events of the people the segment, owner and team filters keep (all without them);
 * null when the owners are not known here. */
function eventsOf(x: CustomerReportInput, f: ReportFilters): CustomerEvent[] | null {
	const all = [...customerEvents(x.orders ?? [], x.wonDeals ?? [])];
	const owned = customerScope(x, f);
	if (owned === undefined) return null;
	const seg = f.segmentPeople;
	return seg === null && owned === null ? all : all.filter((e) => keeps(seg, owned, e.customerId));
}

function newCustomers(x: CustomerReportInput, filters: ReportFilters): ReportResult {
	const input = x;
	if (!x.sourceOf) return notYet('stacked', ORDERS_NOT_READ, x);
	const events = eventsOf(x, filters);
	if (!events) return notYet('stacked', OWNERS_NOT_KNOWN, x);
	const now = newCustomersBySource(events, x.sourceOf, filters.period, input.timeZone);
	const before = filters.previous
		? newCustomersBySource(events, x.sourceOf, filters.previous, input.timeZone)
		: null;
	const prevRow = new Map(before?.sources.map((s) => [s.key, s]));
	const all = (perBucket: string[][]) => perBucket.flat().sort();
	const keyOf = (k: string) => k || 'none';
	return {
		kind: 'stacked',
		unit: COUNT,
		series: now.sources.map((s) => ({
			key: keyOf(s.key),
			label: s.label,
			points: now.buckets.map((b, i) => ({
				key: b.key,
				label: b.label,
				value: s.perBucket[i].length,
				...(before ? { previous: prevRow.get(s.key)?.perBucket[i]?.length ?? 0 } : {}),
				drill: people(s.perBucket[i])
			}))
		})),
		table: {
			columns: [
				{ key: 'source', label: 'Source' },
				...now.buckets.map((b) => ({ key: b.key, label: b.label, unit: COUNT })),
				{ key: 'total', label: 'Total', unit: COUNT }
			],
			rows: now.sources.map((s) => ({
				key: keyOf(s.key),
				cells: [s.label, ...s.perBucket.map((ids) => ids.length), s.total],
				drill: people(all(s.perBucket)),
				drills: [null, ...s.perBucket.map((ids) => people(ids)), people(all(s.perBucket))]
			}))
		},
		total: {
			key: 'new-customers',
			label: 'New customers',
			value: now.firstEvents.size,
			...(before ? { previous: before.firstEvents.size } : {}),
			drill: people([...now.firstEvents.keys()].sort())
		},
		notes: []
	};
}

export const newCustomersReport: Report = {
	id: 'new-customers',
	title: 'New customers per source',
	description:
		'People whose first order or first won deal ever falls in each month, by their source (else their organization’s); owner and team: the person’s owner, else their organization’s.',
	reads: ['order', 'deal', 'person'],
	honours: ['period', 'compare', 'owner', 'segment'],
	kind: 'stacked',
	compute: overOrders('new-customers', 'stacked', newCustomers)
};

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** The churn of a period's months: lost ÷ (kept + lost), in percent. */
function churnOf(periods: ReturnType<typeof retention>): {
	kept: number;
	lost: number;
	churn: number;
} {
	const kept = periods.reduce((s, p) => s + p.kept.length, 0);
	const lost = periods.reduce((s, p) => s + p.lost.length, 0);
	return { kept, lost, churn: pct(kept + lost ? lost / (kept + lost) : 0) ?? 0 };
}

function keptAndLost(x: CustomerReportInput, filters: ReportFilters): ReportResult {
	const input = x;
	const events = eventsOf(x, filters);
	if (!events) return notYet('stacked', OWNERS_NOT_KNOWN, x);
	const periods = retention(events, filters.period, input.timeZone);
	// The previous period's months, matched to this one's by position (March ↔ December).
	const before = filters.previous ? retention(events, filters.previous, input.timeZone) : null;
	const { kept, lost, churn } = churnOf(periods);
	return {
		kind: 'stacked',
		unit: COUNT,
		series: (['kept', 'lost'] as const).map((k) => ({
			key: k,
			label: k === 'kept' ? 'Kept' : 'Lost',
			points: periods.map((p, i) => ({
				key: p.bucket.key,
				label: p.bucket.label,
				value: p[k].length,
				...(before ? { previous: before[i]?.[k].length ?? 0 } : {}),
				drill: people(p[k])
			}))
		})),
		table: {
			columns: [
				{ key: 'month', label: 'Month' },
				{ key: 'active', label: 'Active customers', unit: COUNT },
				{ key: 'kept', label: 'Kept', unit: COUNT },
				{ key: 'lost', label: 'Lost', unit: COUNT },
				{ key: 'churn', label: 'Churn', unit: PERCENT }
			],
			rows: periods.map((p) => ({
				key: p.bucket.key,
				cells: [p.bucket.label, p.active, p.kept.length, p.lost.length, pct(p.churnRate)],
				drills: [null, null, people(p.kept), people(p.lost), people(p.lost)]
			}))
		},
		total: {
			key: 'churn',
			label: 'Churn',
			value: churn,
			...(before ? { previous: churnOf(before).churn } : {}),
			drill: people([...new Set(periods.flatMap((p) => p.lost))].sort()),
			unit: PERCENT
		},
		notes:
			kept + lost === 0 ? ['Nobody was a customer in the months before: none to keep or lose.'] : []
	};
}

export const retentionReport: Report = {
	id: 'retention',
	title: 'Customers kept and lost',
	description:
		'Of the people who ordered or won a deal in the month before, those who did again in the month (kept) and those who did not (lost), and the churn rate; owner and team: the person’s owner, else their organization’s.',
	reads: ['order', 'deal'],
	honours: ['period', 'compare', 'owner', 'segment'],
	kind: 'stacked',
	compute: overOrders('retention', 'stacked', keptAndLost)
};
