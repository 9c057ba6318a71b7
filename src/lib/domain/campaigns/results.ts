/**
 * What campaigns returned, from plain values: a campaign's cost, the revenue of its recipients'
 * orders within its window after the send, ROI, cost per response and per acquired customer;
 * and over all campaigns, per month or quarter, what acquiring a customer cost against what
 * keeping one did. A recipient with no order before the send is a prospect (acquisition), one
 * with an earlier order an existing client (retention); a campaign's cost is shared between
 * the two in proportion to its recipients, so a mixed mail shot counts on both sides.
 * Every amount is in the workspace currency: revenue already is (the buying patterns convert
 * each order at its day's rate), a campaign's costs are converted at its send day's rate.
 */
import type { ResponseKind } from './outbox';

export const DAY_MS = 86_400_000;

/** A recipient's orders as the purchases profile knows them (lines or orders: summed). */
export interface RecipientOrders {
	/** Each order (or line) placed: when, and its amount in the workspace currency. */
	orders: readonly { at: number; amount: number }[];
	/** When their first order ever was; 0 when they never ordered. */
	firstOrderAt: number;
}

export interface CampaignInput {
	id: string;
	sentAt: number;
	windowDays: number;
	costFixed: number;
	costPerRecipient: number;
	recipientIds: readonly string[];
	responses: ReadonlyMap<string, ResponseKind>;
}

export interface CampaignResult {
	cost: number;
	revenue: number;
	/** (revenue − cost) / cost; null when it cost nothing. */
	roi: number | null;
	/** Recipients with a response recorded (any kind, "not interested" too). */
	responses: number;
	costPerResponse: number | null;
	/** Recipients whose first order ever falls in the window. */
	acquired: number;
	costPerAcquired: number | null;
	/** Recipients with no order before the send, and the others. */
	prospects: number;
	existing: number;
	/** Existing clients who ordered again within the window. */
	retained: number;
	/** Recipients who ordered within the window. */
	buyers: number;
}

const per = (cost: number, n: number): number | null => (n > 0 ? cost / n : null);

export function campaignCost(
	c: Pick<CampaignInput, 'costFixed' | 'costPerRecipient'>,
	recipients: number
): number {
	return c.costFixed + c.costPerRecipient * recipients;
}

/** The window: from the send (inclusive) to windowDays later (exclusive). */
export function inWindow(at: number, c: Pick<CampaignInput, 'sentAt' | 'windowDays'>): boolean {
	return at >= c.sentAt && at < c.sentAt + c.windowDays * DAY_MS;
}

/** A campaign with the currency its costs are entered in. */
export interface PricedCampaign extends CampaignInput {
	currency: string;
}

/** The dated exchange rates (forecast/rates.ts RateIndex): units of the workspace currency per
 * unit of `from` on a day, or null when none is in force yet. */
export interface Rates {
	readonly currency: string;
	rateAt(from: string, at: number): number | null;
}

/**
 * The campaign with its costs in the workspace currency at the rate in force on its send day;
 * null when its currency has none then (never counted 1:1). One conversion for the Results
 * view and the dashboards' campaign reports, so they agree.
 */
export function inWorkspaceCurrency<C extends PricedCampaign>(c: C, rates: Rates): C | null {
	const rate = rates.rateAt(c.currency, c.sentAt);
	if (rate === null) return null;
	return {
		...c,
		costFixed: c.costFixed * rate,
		costPerRecipient: c.costPerRecipient * rate,
		currency: rates.currency
	};
}

export interface CampaignResults<C> {
	/** The workspace currency, every amount's. */
	currency: string;
	/** Campaigns converted, each with its result (costs converted; `campaign` as given). */
	results: { campaign: C; result: CampaignResult }[];
	/** Campaigns whose currency had no rate on the send day: in no result and no total. */
	noRate: C[];
}

/** Each campaign's result in the workspace currency, those with no rate set apart. */
export function campaignResults<C extends PricedCampaign>(
	campaigns: readonly C[],
	ordersOf: (personId: string) => RecipientOrders | undefined,
	rates: Rates
): CampaignResults<C> {
	const out: CampaignResults<C> = { currency: rates.currency, results: [], noRate: [] };
	for (const c of campaigns) {
		const converted = inWorkspaceCurrency(c, rates);
		if (converted) out.results.push({ campaign: c, result: campaignResult(converted, ordersOf) });
		else out.noRate.push(c);
	}
	return out;
}

export function campaignResult(
	c: CampaignInput,
	ordersOf: (personId: string) => RecipientOrders | undefined
): CampaignResult {
	const cost = campaignCost(c, c.recipientIds.length);
	let revenue = 0;
	let acquired = 0;
	let prospects = 0;
	let retained = 0;
	let buyers = 0;
	for (const id of c.recipientIds) {
		const o = ordersOf(id);
		const isProspect = !o || o.firstOrderAt === 0 || o.firstOrderAt >= c.sentAt;
		if (isProspect) prospects++;
		if (!o) continue;
		let bought = false;
		for (const order of o.orders)
			if (inWindow(order.at, c)) {
				revenue += order.amount;
				bought = true;
			}
		if (bought) buyers++;
		if (o.firstOrderAt > 0 && inWindow(o.firstOrderAt, c)) acquired++;
		if (bought && !isProspect) retained++;
	}
	let responses = 0;
	for (const id of c.recipientIds) if (c.responses.has(id)) responses++;
	return {
		cost,
		revenue,
		roi: cost > 0 ? (revenue - cost) / cost : null,
		responses,
		costPerResponse: per(cost, responses),
		acquired,
		costPerAcquired: per(cost, acquired),
		prospects,
		existing: c.recipientIds.length - prospects,
		retained,
		buyers
	};
}

export type PeriodKind = 'month' | 'quarter';

/** '2026-12' or '2026-Q4' (UTC), the app's period names (forecast/periods). */
export function periodOf(at: number, kind: PeriodKind): string {
	const d = new Date(at);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth();
	return kind === 'month'
		? `${y}-${String(m + 1).padStart(2, '0')}`
		: `${y}-Q${Math.floor(m / 3) + 1}`;
}

export interface PeriodCosts {
	period: string;
	campaigns: number;
	/** The share of costs spent on prospects, and the customers it won. */
	acquisitionSpend: number;
	acquired: number;
	acquisitionCost: number | null;
	/** The share spent on existing clients, and those who ordered again. */
	retentionSpend: number;
	retained: number;
	retentionCost: number | null;
}

/** Acquisition against retention cost per period of the send, oldest period first. */
export function costsByPeriod(
	results: readonly { sentAt: number; recipients: number; result: CampaignResult }[],
	kind: PeriodKind
): PeriodCosts[] {
	const by = new Map<string, PeriodCosts>();
	for (const { sentAt, recipients, result } of results) {
		const period = periodOf(sentAt, kind);
		let p = by.get(period);
		if (!p) {
			p = {
				period,
				campaigns: 0,
				acquisitionSpend: 0,
				acquired: 0,
				acquisitionCost: null,
				retentionSpend: 0,
				retained: 0,
				retentionCost: null
			};
			by.set(period, p);
		}
		p.campaigns++;
		const prospectShare = recipients > 0 ? result.prospects / recipients : 0;
		p.acquisitionSpend += result.cost * prospectShare;
		p.retentionSpend += result.cost * (recipients > 0 ? 1 - prospectShare : 1);
		p.acquired += result.acquired;
		p.retained += result.retained;
	}
	const out = [...by.values()].sort((a, b) => a.period.localeCompare(b.period));
	for (const p of out) {
		p.acquisitionCost = per(p.acquisitionSpend, p.acquired);
		p.retentionCost = per(p.retentionSpend, p.retained);
	}
	return out;
}
