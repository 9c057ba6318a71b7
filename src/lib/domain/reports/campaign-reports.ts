/**
 * Campaign results and ROI, and acquisition against retention cost per month, from the
 * campaigns' own pure results (domain/campaigns/results.ts, which also converts a campaign's
 * costs to the workspace currency at its send day's rate; the revenue already is), and months
 * are the reader's — a campaign is placed in its send day's month in the reader's zone.
 */
import { getTimezoneOffset } from 'date-fns-tz/getTimezoneOffset';
import {
	campaignResults,
	costsByPeriod,
	inWindow,
	type CampaignResult,
	type PricedCampaign,
	type RecipientOrders
} from '../campaigns/results';
import { notYet } from './customer-input';
import { bucketIndex, monthsIn } from './period';
import type { Report, ReportFilters, ReportInput, ReportResult, ReportUnit, Span } from './report';

/** A sent campaign as these reports read it (the record's costs, the outbox's people). */
export interface SentCampaign extends PricedCampaign {
	name: string;
}

export interface CampaignInput {
	campaigns?: readonly SentCampaign[];
	/** A person's counted orders in the workspace currency (the buying patterns). */
	recipientOrders?: (personId: string) => RecipientOrders | undefined;
}

interface Returned {
	campaign: SentCampaign;
	result: CampaignResult;
	/** Recipients who ordered within the window. */
	buyers: string[];
}

const COUNT: ReportUnit = { kind: 'count' };
const PERCENT: ReportUnit = { kind: 'percent' };
const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const money2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

/** The campaigns sent in the period, with their results in the workspace currency; those with
 * no rate on the send day are counted apart (the Results view's conversion). */
function returned(
	input: ReportInput & CampaignInput,
	filters: ReportFilters
): { list: Returned[]; unconverted: number } | null {
	const { campaigns, recipientOrders } = input;
	if (!campaigns || !recipientOrders) return null;
	const { from, to } = filters.period;
	const seg = filters.segmentPeople;
	const inPeriod = campaigns
		.filter((c) => c.sentAt >= from && c.sentAt < to)
		.map((c) => (seg ? { ...c, recipientIds: c.recipientIds.filter((id) => seg.has(id)) } : c));
	const { results, noRate } = campaignResults(inPeriod, recipientOrders, input.rates);
	const list = results.map(({ campaign: c, result }) => ({
		campaign: c,
		result,
		buyers: c.recipientIds.filter((id) =>
			recipientOrders(id)?.orders.some((o) => inWindow(o.at, c))
		)
	}));
	list.sort(
		(a, b) => a.campaign.sentAt - b.campaign.sentAt || (a.campaign.id < b.campaign.id ? -1 : 1)
	);
	return { list, unconverted: noRate.length };
}

const NOT_READY = 'Campaigns and buying patterns are still loading.';

function unconvertedNote(n: number): string[] {
	return n
		? [`${n} campaign${n === 1 ? '' : 's'} in a currency with no rate on the send day: left out.`]
		: [];
}

/** The return of the campaigns listed: (revenue − cost) ÷ cost, in percent; 0 with no cost. */
function roiOf(list: readonly Returned[]): number {
	const cost = list.reduce((s, x) => s + x.result.cost, 0);
	const revenue = list.reduce((s, x) => s + x.result.revenue, 0);
	return cost > 0 ? (pct((revenue - cost) / cost) ?? 0) : 0;
}

function roi(input: ReportInput, filters: ReportFilters): ReportResult {
	const r = returned(input, filters);
	if (!r) return notYet('bar', NOT_READY, input);
	// Campaigns differ from period to period: the comparison is the whole period's return.
	const before = filters.previous
		? returned(input, { ...filters, period: filters.previous })
		: null;
	const money: ReportUnit = { kind: 'currency', currency: input.currency };
	const campaign = (id: string) => ({ type: 'campaign' as const, ids: [id] });
	const people = (ids: readonly string[]) => ({ type: 'person' as const, ids });
	return {
		kind: 'bar',
		unit: money,
		series: (['cost', 'revenue'] as const).map((k) => ({
			key: k,
			label: k === 'cost' ? 'Cost' : 'Revenue',
			points: r.list.map((x) => ({
				key: x.campaign.id,
				label: x.campaign.name,
				value: money2(x.result[k])!,
				drill: k === 'cost' ? campaign(x.campaign.id) : people(x.buyers)
			}))
		})),
		table: {
			columns: [
				{ key: 'campaign', label: 'Campaign' },
				{ key: 'recipients', label: 'Recipients', unit: COUNT },
				{ key: 'responses', label: 'Responses', unit: COUNT },
				{ key: 'buyers', label: 'Bought', unit: COUNT },
				{ key: 'cost', label: 'Cost', unit: money },
				{ key: 'revenue', label: 'Revenue', unit: money },
				{ key: 'roi', label: 'ROI', unit: PERCENT },
				{ key: 'acquired', label: 'New customers', unit: COUNT },
				{ key: 'costPerAcquired', label: 'Cost per new customer', unit: money }
			],
			rows: r.list.map(({ campaign: c, result: x, buyers }) => ({
				key: c.id,
				cells: [
					c.name,
					x.prospects + x.existing,
					x.responses,
					buyers.length,
					money2(x.cost),
					money2(x.revenue),
					pct(x.roi),
					x.acquired,
					money2(x.costPerAcquired)
				],
				drill: campaign(c.id),
				drills: [null, null, null, people(buyers), null, people(buyers), null, null, null]
			}))
		},
		total: {
			key: 'roi',
			label: 'ROI',
			value: roiOf(r.list),
			...(before ? { previous: roiOf(before.list) } : {}),
			drill: { type: 'campaign', ids: r.list.map((x) => x.campaign.id).sort() },
			unit: PERCENT
		},
		notes: unconvertedNote(r.unconverted)
	};
}

export const campaignRoiReport: Report = {
	id: 'campaign-roi',
	title: 'Campaign results and ROI',
	description:
		'Campaigns sent in the period: their cost (at the send day’s rate), the revenue of their recipients’ orders within the campaign’s window, and the return on it.',
	reads: ['campaign'],
	honours: ['period', 'compare', 'segment'],
	kind: 'bar',
	compute: roi
};

/** Each month of `span`: what its campaigns spent, by month key, and which were sent in it. */
function spendByMonth(input: ReportInput, filters: ReportFilters, span: Span) {
	const r = returned(input, { ...filters, period: span });
	if (!r) return null;
	const zone = input.timeZone;
	const months = monthsIn(span, zone);
	// costsByPeriod names months in UTC: a send shifted by its zone's offset falls in the
	// reader's month.
	const periods = costsByPeriod(
		r.list.map((x) => ({
			sentAt: x.campaign.sentAt + getTimezoneOffset(zone, x.campaign.sentAt),
			recipients: x.result.prospects + x.result.existing,
			result: x.result
		})),
		'month'
	);
	const byKey = new Map(periods.map((p) => [p.period, p]));
	const sentIn = months.map(() => [] as string[]);
	for (const x of r.list) {
		const i = bucketIndex(months, x.campaign.sentAt);
		if (i >= 0) sentIn[i].push(x.campaign.id);
	}
	const spent = (m: { key: string }, k: 'acquisitionSpend' | 'retentionSpend') =>
		money2(byKey.get(m.key)?.[k] ?? 0)!;
	const total = months.reduce(
		(s, m) => s + spent(m, 'acquisitionSpend') + spent(m, 'retentionSpend'),
		0
	);
	return { r, months, byKey, sentIn, spent, total: money2(total)! };
}

function acquisitionRetention(input: ReportInput, filters: ReportFilters): ReportResult {
	const now = spendByMonth(input, filters, filters.period);
	if (!now) return notYet('bar', NOT_READY, input);
	// The previous period's months, matched to this one's by position (March ↔ December).
	const before = filters.previous ? spendByMonth(input, filters, filters.previous) : null;
	const { r, months, byKey, sentIn, spent } = now;
	const money: ReportUnit = { kind: 'currency', currency: input.currency };
	const drill = (i: number) => ({ type: 'campaign' as const, ids: sentIn[i] });
	return {
		kind: 'bar',
		unit: money,
		series: (['acquisitionSpend', 'retentionSpend'] as const).map((k) => ({
			key: k,
			label: k === 'acquisitionSpend' ? 'Spent on acquisition' : 'Spent on retention',
			points: months.map((m, i) => ({
				key: m.key,
				label: m.label,
				value: spent(m, k),
				...(before ? { previous: before.months[i] ? before.spent(before.months[i], k) : 0 } : {}),
				drill: drill(i)
			}))
		})),
		table: {
			columns: [
				{ key: 'month', label: 'Month' },
				{ key: 'campaigns', label: 'Campaigns', unit: COUNT },
				{ key: 'acquisitionSpend', label: 'Spent on acquisition', unit: money },
				{ key: 'acquired', label: 'New customers', unit: COUNT },
				{ key: 'acquisitionCost', label: 'Cost per new customer', unit: money },
				{ key: 'retentionSpend', label: 'Spent on retention', unit: money },
				{ key: 'retained', label: 'Customers who ordered again', unit: COUNT },
				{ key: 'retentionCost', label: 'Cost per customer kept', unit: money }
			],
			rows: months.map((m, i) => {
				const p = byKey.get(m.key);
				return {
					key: m.key,
					cells: [
						m.label,
						p?.campaigns ?? 0,
						money2(p?.acquisitionSpend ?? 0),
						p?.acquired ?? 0,
						money2(p?.acquisitionCost ?? null),
						money2(p?.retentionSpend ?? 0),
						p?.retained ?? 0,
						money2(p?.retentionCost ?? null)
					],
					drill: drill(i)
				};
			})
		},
		total: {
			key: 'spent',
			label: 'Spent on campaigns',
			value: now.total,
			...(before ? { previous: before.total } : {}),
			drill: { type: 'campaign', ids: r.list.map((x) => x.campaign.id).sort() }
		},
		notes: unconvertedNote(r.unconverted)
	};
}

export const acquisitionRetentionReport: Report = {
	id: 'acquisition-retention-cost',
	title: 'Acquisition against retention cost',
	description:
		'What campaigns sent each month spent on prospects and on existing customers (a campaign’s cost shared by its recipients), and what each new or returning customer cost.',
	reads: ['campaign'],
	honours: ['period', 'compare', 'segment'],
	kind: 'bar',
	compute: acquisitionRetention
};
