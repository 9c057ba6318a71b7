/**
 * Pipeline metrics against a small set of deals computed by hand (two currencies, dated rates),
 * and properties: metrics of disjoint deal sets add up where they are sums; moving an open deal
 * between open stages keeps the closed figures.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RateIndex, type ExchangeRate } from '../forecast/rates';
import { computeMetrics, periodOf, type MetricsDeal, type PipelineMetrics } from './metrics';
import { DEFAULT_PIPELINE } from './pipeline';
import type { TrailStep } from './trail';

const DAY = 86_400_000;
const JAN1 = Date.UTC(2026, 0, 1);
const day = (n: number) => JAN1 + n * DAY;
const Q1 = { start: JAN1, end: Date.UTC(2026, 3, 1) };
const RATES: ExchangeRate[] = [
	{ id: 'r1', from: 'USD', to: 'EUR', rate: 0.9, validFrom: '2026-01-01' },
	{ id: 'r2', from: 'USD', to: 'EUR', rate: 0.8, validFrom: '2026-03-01' }
];
const rates = new RateIndex('EUR', RATES);
const pipelines = [DEFAULT_PIPELINE];

function deal(
	ownerId: string,
	amount: number,
	currency: string,
	trail: [number, string][]
): MetricsDeal {
	return {
		pipelineId: null,
		stage: trail.at(-1)![1],
		amount,
		currency,
		ownerId,
		updatedAt: trail.at(-1)![0],
		createdAt: trail[0][0],
		stageTrail: trail.map(([d, s]) => [day(d), s] as const)
	};
}

const DEALS: MetricsDeal[] = [
	// A: won Jan 31 in USD at 0.9 → 900; cycle 30 days
	deal('ann', 1000, 'USD', [
		[0, 'lead'],
		[10, 'qualified'],
		[20, 'proposal'],
		[30, 'won']
	]),
	// B: won Mar 7 in USD at 0.8 (the rate from Mar 1) → 1600; cycle 60 days
	deal('bob', 2000, 'USD', [
		[5, 'lead'],
		[15, 'proposal'],
		[65, 'won']
	]),
	// C: lost Feb 20
	deal('ann', 500, 'EUR', [
		[0, 'lead'],
		[40, 'qualified'],
		[50, 'lost']
	]),
	// D: open
	deal('bob', 800, 'EUR', [
		[20, 'lead'],
		[25, 'qualified']
	]),
	// E: won in GBP, which has no rate: unconverted; cycle 10 days
	deal('ann', 300, 'GBP', [
		[1, 'lead'],
		[11, 'won']
	]),
	// F: won before the period
	deal('ann', 100, 'EUR', [
		[-30, 'lead'],
		[-10, 'won']
	]),
	// G: written before trails: at negotiation since its creation (Jan 4), open
	{
		pipelineId: null,
		stage: 'negotiation',
		amount: 50,
		currency: 'EUR',
		ownerId: 'bob',
		updatedAt: day(3),
		createdAt: day(3)
	}
];

const stage = (m: PipelineMetrics, id: string) => m.stages.find((s) => s.stageId === id)!;

describe('pipeline metrics by hand', () => {
	const m = computeMetrics(DEALS, { pipelines, rates, period: Q1 });

	it('win rate: 3 won (A, B, E) and 1 lost (C) closed in Q1', () => {
		expect([m.won, m.lost, m.winRate]).toEqual([3, 1, 0.75]);
	});

	it('average deal size: (900 + 1600) / 2, E left out for want of a GBP rate', () => {
		expect(m.wonAmount).toBeCloseTo(2500);
		expect(m.wonConverted).toBe(2);
		expect(m.unconverted).toBe(1);
		expect(m.averageDealSize).toBeCloseTo(1250);
		expect(m.currency).toBe('EUR');
	});

	it('sales cycle: 30, 60 and 10 days → median 30, mean 33⅓', () => {
		expect(m.cycles).toBe(3);
		expect(m.medianCycleDays).toBe(30);
		expect(m.meanCycleDays).toBeCloseTo(100 / 3);
	});

	it('velocity: 2 open × 0.75 × 1250 ÷ 33⅓ days = 56.25 a day', () => {
		expect(m.openDeals).toBe(2);
		expect(m.velocity).toBeCloseTo(56.25);
	});

	it('time in stage: the stays that ended in Q1', () => {
		// lead: A 10, B 10, C 40, D 5, E 10 (F's ended in December)
		expect([stage(m, 'lead').stays, stage(m, 'lead').medianStayDays]).toEqual([5, 10]);
		expect(stage(m, 'lead').stayDays).toBeCloseTo(75);
		// qualified: A 10, C 10 (D is still there); proposal: A 10, B 50
		expect(stage(m, 'qualified').medianStayDays).toBe(10);
		expect(stage(m, 'proposal').medianStayDays).toBe(30);
		expect(stage(m, 'negotiation').medianStayDays).toBeNull();
	});

	it('conversion: of the deals that entered a stage in Q1, who went further or won', () => {
		const row = (id: string) => {
			const s = stage(m, id);
			return [s.entered, s.advanced, s.wonAfter];
		};
		expect(row('lead')).toEqual([5, 5, 3]); // A B C D E; F entered in December
		expect(row('qualified')).toEqual([3, 1, 1]); // A on to proposal; C lost, D still there
		expect(row('proposal')).toEqual([2, 2, 2]);
		expect(row('negotiation')).toEqual([1, 0, 0]); // G, at its creation
		expect(stage(m, 'lead').conversion).toBe(1);
		expect(stage(m, 'qualified').conversion).toBeCloseTo(1 / 3);
	});

	it('for one owner: Ann won A and E, lost C', () => {
		const ann = computeMetrics(DEALS, { pipelines, rates, period: Q1, owner: 'ann' });
		expect([ann.won, ann.lost]).toEqual([2, 1]);
		expect(ann.winRate).toBeCloseTo(2 / 3);
		expect(ann.averageDealSize).toBeCloseTo(900);
		expect([ann.medianCycleDays, ann.meanCycleDays]).toEqual([20, 20]);
		expect([ann.openDeals, ann.velocity]).toEqual([0, 0]);
	});

	it('nothing closed: no rate, size, cycle or velocity', () => {
		const m = computeMetrics(DEALS, {
			pipelines,
			rates,
			period: { start: day(200), end: day(230) }
		});
		expect([m.winRate, m.averageDealSize, m.medianCycleDays, m.velocity]).toEqual([
			null,
			null,
			null,
			null
		]);
	});

	it('periods: month, quarter, year and the last 12 months hold now', () => {
		const now = Date.UTC(2026, 4, 17, 12);
		expect(periodOf('month', now)).toEqual({
			start: Date.UTC(2026, 4, 1),
			end: Date.UTC(2026, 5, 1)
		});
		expect(periodOf('quarter', now)).toEqual({
			start: Date.UTC(2026, 3, 1),
			end: Date.UTC(2026, 6, 1)
		});
		expect(periodOf('year', now)).toEqual({
			start: Date.UTC(2026, 0, 1),
			end: Date.UTC(2027, 0, 1)
		});
		expect(periodOf('last 12 months', now)).toEqual({
			start: Date.UTC(2025, 5, 1),
			end: Date.UTC(2026, 5, 1)
		});
	});
});

const STAGES = DEFAULT_PIPELINE.stages.map((s) => s.id);
const OPEN = DEFAULT_PIPELINE.stages.filter((s) => s.kind === 'open').map((s) => s.id);
const dealArb: fc.Arbitrary<MetricsDeal> = fc
	.record({
		start: fc.integer({ min: -60, max: 120 }),
		gaps: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }),
		stages: fc.array(fc.constantFrom(...STAGES), { minLength: 6, maxLength: 6 }),
		amount: fc.option(fc.integer({ min: 0, max: 10_000 })),
		currency: fc.constantFrom('EUR', 'USD', 'GBP'),
		ownerId: fc.option(fc.constantFrom('ann', 'bob'))
	})
	.map(({ start, gaps, stages, amount, currency, ownerId }) => {
		let t = day(start);
		const trail: TrailStep[] = [[t, stages[0]]];
		gaps.forEach((g, i) => trail.push([(t += g * DAY), stages[i + 1]]));
		return {
			pipelineId: null,
			stage: trail.at(-1)![1],
			amount,
			currency,
			ownerId,
			updatedAt: t,
			createdAt: trail[0][0],
			stageTrail: trail
		};
	});

/** The figures that are sums or counts. */
function additive(m: PipelineMetrics): number[] {
	return [
		m.won,
		m.lost,
		m.wonAmount,
		m.wonConverted,
		m.unconverted,
		m.cycles,
		m.cycleDays,
		m.openDeals,
		...m.stages.flatMap((s) => [s.entered, s.advanced, s.wonAfter, s.stays, s.stayDays])
	];
}

describe('pipeline metrics properties', () => {
	it('the metrics of two disjoint deal sets add up where they are sums and counts', () => {
		fc.assert(
			fc.property(fc.array(dealArb), fc.array(dealArb), (a, b) => {
				const opts = { pipelines, rates, period: Q1 };
				const whole = additive(computeMetrics([...a, ...b], opts));
				const ma = additive(computeMetrics(a, opts));
				const mb = additive(computeMetrics(b, opts));
				whole.forEach((v, i) => expect(v).toBeCloseTo(ma[i] + mb[i], 6));
			})
		);
	});

	it('moving an open deal between two open stages keeps won, lost and the totals', () => {
		fc.assert(
			fc.property(
				fc.array(dealArb),
				fc.constantFrom(...OPEN),
				fc.constantFrom(...OPEN),
				fc.integer({ min: 0, max: 80 }),
				(deals, from, to, at) => {
					const open: MetricsDeal = {
						pipelineId: null,
						stage: from,
						amount: 700,
						currency: 'USD',
						ownerId: 'ann',
						updatedAt: day(0),
						createdAt: day(0),
						stageTrail: [[day(0), from]]
					};
					const moved: MetricsDeal = {
						...open,
						stage: to,
						updatedAt: day(at),
						stageTrail: [...open.stageTrail!, [day(at), to]]
					};
					const opts = { pipelines, rates, period: Q1 };
					const before = computeMetrics([...deals, open], opts);
					const after = computeMetrics([...deals, moved], opts);
					for (const k of [
						'won',
						'lost',
						'winRate',
						'wonAmount',
						'averageDealSize',
						'cycles',
						'medianCycleDays',
						'openDeals',
						'velocity'
					] as const)
						expect(after[k]).toEqual(before[k]);
				}
			)
		);
	});
});
