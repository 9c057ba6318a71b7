import { describe, expect, it } from 'vitest';
import { RateIndex } from '../forecast/rates';
import {
	campaignResult,
	campaignResults,
	costsByPeriod,
	DAY_MS,
	inWorkspaceCurrency,
	periodOf,
	type RecipientOrders
} from './results';

const SENT = Date.UTC(2026, 2, 1); // 1 March 2026
const day = (n: number) => SENT + n * DAY_MS;

describe('campaign results', () => {
	// Four recipients: ada (client since 2025, orders 100 on day 3 and 50 on day 40), ben (never
	// ordered before; first order 80 on day 10), cy (nothing), dee (client; orders 20 a day before).
	const orders: Record<string, RecipientOrders> = {
		ada: {
			firstOrderAt: Date.UTC(2025, 0, 1),
			orders: [
				{ at: day(3), amount: 100 },
				{ at: day(40), amount: 50 }
			]
		},
		ben: { firstOrderAt: day(10), orders: [{ at: day(10), amount: 80 }] },
		dee: { firstOrderAt: Date.UTC(2025, 5, 1), orders: [{ at: day(-1), amount: 20 }] }
	};
	const input = {
		id: 'c1',
		sentAt: SENT,
		windowDays: 30,
		costFixed: 40,
		costPerRecipient: 2.5,
		recipientIds: ['ada', 'ben', 'cy', 'dee'],
		responses: new Map([
			['ada', 'ordered' as const],
			['cy', 'not-interested' as const],
			['zed', 'replied' as const] // not a recipient: not counted
		])
	};

	it('computes cost, revenue in the window, ROI and costs per response and customer', () => {
		const r = campaignResult(input, (id) => orders[id]);
		// cost = 40 + 2.5 × 4 = 50; revenue = 100 (ada, day 3) + 80 (ben, day 10) = 180
		expect(r.cost).toBe(50);
		expect(r.revenue).toBe(180);
		expect(r.roi).toBeCloseTo((180 - 50) / 50); // 2.6
		expect(r.responses).toBe(2);
		expect(r.costPerResponse).toBe(25);
		expect(r.acquired).toBe(1); // ben
		expect(r.costPerAcquired).toBe(50);
		expect(r.prospects).toBe(2); // ben, cy
		expect(r.existing).toBe(2);
		expect(r.retained).toBe(1); // ada
		expect(r.buyers).toBe(2);
	});

	it('window edges: the send moment counts, windowDays later does not', () => {
		const edge = {
			ada: {
				firstOrderAt: 1,
				orders: [
					{ at: SENT, amount: 7 },
					{ at: day(30), amount: 1000 }
				]
			}
		};
		const r = campaignResult({ ...input, recipientIds: ['ada'] }, (id) => edge[id as 'ada']);
		expect(r.revenue).toBe(7);
	});

	it('a free campaign has no ROI; nobody acquired has no cost per customer', () => {
		const r = campaignResult(
			{ ...input, costFixed: 0, costPerRecipient: 0, recipientIds: ['cy'] },
			() => undefined
		);
		expect(r.roi).toBeNull();
		expect(r.costPerAcquired).toBeNull();
		expect(r.costPerResponse).toBe(0);
	});

	it('shares costs between acquisition and retention per period', () => {
		const a = campaignResult(input, (id) => orders[id]); // cost 50: 2 prospects of 4
		const b = { ...a, cost: 30, prospects: 0, acquired: 0, retained: 3 };
		const rows = costsByPeriod(
			[
				{ sentAt: SENT, recipients: 4, result: a },
				{ sentAt: Date.UTC(2026, 1, 10), recipients: 3, result: b }
			],
			'quarter'
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			period: '2026-Q1',
			campaigns: 2,
			acquisitionSpend: 25,
			acquired: 1,
			acquisitionCost: 25,
			retentionSpend: 55,
			retained: 4,
			retentionCost: 13.75
		});
		const months = costsByPeriod(
			[
				{ sentAt: SENT, recipients: 4, result: a },
				{ sentAt: Date.UTC(2026, 1, 10), recipients: 3, result: b }
			],
			'month'
		);
		expect(months.map((m) => m.period)).toEqual(['2026-02', '2026-03']);
		expect(periodOf(Date.UTC(2026, 11, 31, 23), 'quarter')).toBe('2026-Q4');
	});
});

describe('campaign results in the workspace currency', () => {
	// A EUR workspace: 1 USD = 0.5 EUR from 1 Feb 2026, 0.8 from 1 Mar 2026; no GBP rate.
	const rates = new RateIndex('EUR', [
		{ id: 'a', from: 'USD', to: 'EUR', rate: 0.5, validFrom: '2026-02-01' },
		{ id: 'b', from: 'USD', to: 'EUR', rate: 0.8, validFrom: '2026-03-01' }
	]);
	// Revenue is the buying patterns' (already EUR): ada 100 on day 3, ben 40 on day 5 (first).
	const orders: Record<string, RecipientOrders> = {
		ada: { firstOrderAt: Date.UTC(2025, 0, 1), orders: [{ at: day(3), amount: 100 }] },
		ben: { firstOrderAt: day(5), orders: [{ at: day(5), amount: 40 }] }
	};
	const base = {
		windowDays: 30,
		costFixed: 0,
		costPerRecipient: 0,
		responses: new Map(),
		recipientIds: ['ada', 'ben']
	};
	const eur = { ...base, id: 'eur', sentAt: SENT, currency: 'EUR', costFixed: 20 };
	// Sent 1 March: March's rate, 0.8: (50 + 2 × 5) × 0.8 = 48 EUR.
	const usd = {
		...base,
		id: 'usd',
		sentAt: SENT,
		currency: 'USD',
		costFixed: 50,
		costPerRecipient: 5
	};
	const gbp = { ...base, id: 'gbp', sentAt: SENT, currency: 'GBP', costFixed: 9 };

	it('converts costs at the send day’s rate, never 1:1', () => {
		expect(inWorkspaceCurrency(usd, rates)).toMatchObject({
			costFixed: 40,
			costPerRecipient: 4,
			currency: 'EUR'
		});
		// The day before March: February's 0.5.
		expect(inWorkspaceCurrency({ ...usd, sentAt: SENT - 1 }, rates)).toMatchObject({
			costFixed: 25
		});
		expect(inWorkspaceCurrency(eur, rates)).toMatchObject({ costFixed: 20, currency: 'EUR' });
		expect(inWorkspaceCurrency(gbp, rates)).toBeNull();
		// Before USD's first rate: none.
		expect(inWorkspaceCurrency({ ...usd, sentAt: Date.UTC(2026, 0, 31) }, rates)).toBeNull();
	});

	it('two currencies add up in EUR; a campaign with no rate is set apart', () => {
		const r = campaignResults([eur, usd, gbp], (id) => orders[id], rates);
		expect(r.currency).toBe('EUR');
		expect(r.noRate.map((c) => c.id)).toEqual(['gbp']);
		const [e, u] = r.results;
		expect(e.campaign).toBe(eur); // as given; the result holds the converted figures
		expect(e.result.cost).toBe(20);
		expect(e.result.revenue).toBe(140);
		expect(e.result.roi).toBeCloseTo((140 - 20) / 20); // 6
		expect(u.result.cost).toBeCloseTo(48);
		expect(u.result.revenue).toBe(140); // not scaled by the USD rate
		expect(u.result.roi).toBeCloseTo((140 - 48) / 48);
		expect(u.result.costPerAcquired).toBeCloseTo(48); // ben
		// One prospect (ben) of two: half of each cost on acquisition, 10 + 24 = 34.
		const [p] = costsByPeriod(
			r.results.map((x) => ({ sentAt: x.campaign.sentAt, recipients: 2, result: x.result })),
			'month'
		);
		expect(p).toMatchObject({ period: '2026-03', campaigns: 2, acquired: 2, retained: 2 });
		expect(p.acquisitionSpend).toBeCloseTo(34);
		expect(p.retentionSpend).toBeCloseTo(34);
		expect(p.acquisitionCost).toBeCloseTo(17);
	});

	it('no campaigns: nothing to show', () => {
		expect(campaignResults([], () => undefined, rates)).toEqual({
			currency: 'EUR',
			results: [],
			noRate: []
		});
	});
});
