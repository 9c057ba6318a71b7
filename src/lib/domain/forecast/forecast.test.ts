/**
 * The forecast and goal progress against plain reference implementations (written the obvious
 * way: a scan per period, owner and goal) on random deals, rates and pipelines, plus the rules
 * stated in forecast.ts and progress.ts on small examples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_PIPELINE,
	pipelineOf,
	stageOf,
	type Pipeline,
	type StageKind
} from '../pipelines/pipeline';
import {
	goalActual,
	goalLedger,
	goalProgress,
	type GoalActivity,
	type GoalDeal
} from '../goals/progress';
import type { GoalFields, GoalMetric } from '../record-types/goal';
import { computeForecast, emptyFigures, figuresOf, TEAM, type ForecastFigures } from './forecast';
import { monthsOf } from './periods';
import { RateIndex, type ExchangeRate } from './rates';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const OWNERS = [null, 'm1', 'm2'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];

// ---- the reference: the rules, one at a time, no indexes --------------------------------

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const quarter = (ms: number) => {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
};

function referenceRate(rates: ExchangeRate[], to: string, from: string, at: number): number | null {
	if (from === to) return 1;
	let best: ExchangeRate | null = null;
	for (const r of rates) {
		if (r.from !== from || r.to !== to || r.validFrom > isoDay(at)) continue;
		if (!best || r.validFrom > best.validFrom || (r.validFrom === best.validFrom && r.id > best.id))
			best = r;
	}
	return best ? best.rate : null;
}

function referenceKind(pipelines: Pipeline[], d: GoalDeal): StageKind {
	return stageOf(pipelineOf(pipelines, d.pipelineId), d.stage)?.kind ?? 'open';
}

function referenceCategory(d: GoalDeal, probability: number): string {
	if (d.forecastCategory === 'pipeline' || d.forecastCategory === 'best case')
		return d.forecastCategory;
	if (d.forecastCategory === 'commit' || d.forecastCategory === 'omitted')
		return d.forecastCategory;
	if (probability >= 90) return 'commit';
	if (probability >= 50) return 'best case';
	return 'pipeline';
}

function referenceFigures(
	deals: GoalDeal[],
	pipelines: Pipeline[],
	rates: ExchangeRate[],
	currency: string,
	inPeriod: (at: number | null) => boolean,
	owner: string,
	now: number
): ForecastFigures {
	const f = emptyFigures();
	for (const d of deals) {
		if (owner !== TEAM && (d.ownerId ?? '') !== owner) continue;
		const kind = referenceKind(pipelines, d);
		if (kind === 'lost') continue;
		const stage = stageOf(pipelineOf(pipelines, d.pipelineId), d.stage);
		const probability = d.probability ?? stage?.probability ?? 0;
		const at = kind === 'won' ? (d.expectedCloseAt ?? d.updatedAt) : d.expectedCloseAt;
		if (!inPeriod(at)) continue;
		const category = referenceCategory(d, probability);
		if (kind === 'open' && category === 'omitted') continue;
		const rate = referenceRate(rates, currency, d.currency, at ?? now);
		const amount = rate === null ? 0 : (d.amount ?? 0) * rate;
		if (rate === null) f.unconverted++;
		if (kind === 'won') {
			f.won += amount;
			f.wonCount++;
			continue;
		}
		f.openCount++;
		f.weighted += (amount * probability) / 100;
		f.pipeline += amount;
		if (category === 'best case' || category === 'commit') f.bestCase += amount;
		if (category === 'commit') f.commit += amount;
	}
	return f;
}

function referenceActual(
	goal: GoalFields,
	deals: GoalDeal[],
	activities: GoalActivity[],
	pipelines: Pipeline[],
	rates: ExchangeRate[],
	currency: string
): number {
	const months = monthsOf(goal.period);
	const mine = (owner: string | null) => goal.memberId === null || (owner ?? '') === goal.memberId;
	const won = deals.filter((d) => referenceKind(pipelines, d) === 'won');
	const closed = (d: GoalDeal) => d.expectedCloseAt ?? d.updatedAt;
	if (goal.metric === 'activities logged')
		return activities.filter(
			(a) =>
				months.includes(month(a.occurredAt)) &&
				(goal.memberId === null || a.memberIds.includes(goal.memberId))
		).length;
	if (goal.metric === 'new customers') {
		let n = 0;
		const customers = new Set(
			won.map((d) =>
				d.organizationId ? `o:${d.organizationId}` : d.personId ? `p:${d.personId}` : null
			)
		);
		for (const c of customers) {
			if (c === null) continue;
			const theirs = won.filter(
				(d) =>
					(d.organizationId ? `o:${d.organizationId}` : d.personId ? `p:${d.personId}` : null) === c
			);
			const firstAt = Math.min(...theirs.map(closed));
			const firstDeal = theirs
				.filter((d) => closed(d) === firstAt)
				.sort((a, b) => (a.id < b.id ? -1 : 1))[0];
			if (months.includes(month(firstAt)) && mine(firstDeal.ownerId)) n++;
		}
		return n;
	}
	let sum = 0;
	for (const d of won) {
		if (!months.includes(month(closed(d))) || !mine(d.ownerId)) continue;
		if (goal.metric === 'deals won') sum++;
		else sum += (d.amount ?? 0) * (referenceRate(rates, currency, d.currency, closed(d)) ?? 0);
	}
	return sum;
}

// ---- random workspaces -------------------------------------------------------------------

const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => START + n * DAY);
const stageArb = (i: number) =>
	fc.record({
		id: fc.constant(`s${i}`),
		name: fc.constant(`Stage ${i}`),
		order: fc.constant(i),
		probability: fc.integer({ min: 0, max: 100 }),
		kind: fc.constantFrom<StageKind>('open', 'open', 'won', 'lost')
	});
const pipelineArb = (id: string) =>
	fc
		.integer({ min: 1, max: 5 })
		.chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => stageArb(i))))
		.map((stages): Pipeline => ({ id, name: id, order: 1, stages }));
const pipelinesArb = fc
	.tuple(fc.boolean(), pipelineArb('p1'), pipelineArb('p2'))
	.map(([both, a, b]) => [DEFAULT_PIPELINE, a, ...(both ? [b] : [])]);
const stageIds = [
	...DEFAULT_PIPELINE.stages.map((s) => s.id),
	's0',
	's1',
	's2',
	's3',
	's4',
	'gone'
];
const dealArb: fc.Arbitrary<GoalDeal> = fc.record({
	id: fc.constantFrom('d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'),
	pipelineId: fc.constantFrom(null, 'default', 'p1', 'p2', 'removed'),
	stage: fc.constantFrom(...stageIds),
	probability: fc.option(fc.integer({ min: 0, max: 100 })),
	amount: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
	currency: fc.constantFrom(...CURRENCIES),
	expectedCloseAt: fc.option(day.map((d) => d + 3_600_000)),
	ownerId: fc.constantFrom(...OWNERS),
	forecastCategory: fc.constantFrom(null, 'pipeline', 'best case', 'commit', 'omitted', 'bogus'),
	updatedAt: day,
	organizationId: fc.option(fc.constantFrom('o1', 'o2', 'o3')),
	personId: fc.option(fc.constantFrom('x1', 'x2'))
});
const rateArb: fc.Arbitrary<ExchangeRate> = fc.record({
	id: fc.string({ minLength: 1, maxLength: 3 }),
	from: fc.constantFrom('USD', 'GBP', 'EUR'),
	to: fc.constantFrom('EUR', 'EUR', 'USD'),
	rate: fc.double({ min: 0.01, max: 10, noNaN: true }),
	validFrom: day.map(isoDay)
});
const activityArb: fc.Arbitrary<GoalActivity> = fc.record({
	occurredAt: day,
	// A member may be named twice (a buggy peer's row): counted once.
	memberIds: fc.array(fc.constantFrom('m1', 'm2', 'm3'), { maxLength: 4 })
});
const periodArb = fc.oneof(day.map(month), day.map(quarter));
const goalArb: fc.Arbitrary<GoalFields> = fc.record({
	memberId: fc.constantFrom(null, 'm1', 'm2'),
	period: periodArb,
	metric: fc.constantFrom<GoalMetric>(
		'won amount',
		'deals won',
		'new customers',
		'activities logged'
	),
	target: fc.integer({ min: 0, max: 100 })
});

const close = (a: number, b: number) =>
	Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function expectSame(actual: ForecastFigures, expected: ForecastFigures, where: string) {
	for (const key of Object.keys(expected) as (keyof ForecastFigures)[])
		if (!close(actual[key], expected[key]))
			throw new Error(`${where} ${key}: ${actual[key]} ≠ reference ${expected[key]}`);
}

describe('forecast', () => {
	it('matches the reference on random deals, rates and pipelines', () => {
		fc.assert(
			fc.property(
				pipelinesArb,
				fc.array(dealArb, { maxLength: 60 }),
				fc.array(rateArb, { maxLength: 12 }),
				fc.constantFrom('EUR', 'USD'),
				fc.constantFrom(null, 'default', 'p1'),
				(pipelines, deals, rates, currency, only) => {
					const now = START + 400 * DAY;
					const forecast = computeForecast(deals, {
						pipelines,
						rates: new RateIndex(currency, rates),
						pipelineId: only,
						now
					});
					const kept = deals.filter(
						(d) => only === null || pipelineOf(pipelines, d.pipelineId).id === only
					);
					const periods = new Set([
						...forecast.periods.keys(),
						...kept.flatMap((d) =>
							[d.expectedCloseAt ?? d.updatedAt].flatMap((t) => [month(t), quarter(t)])
						)
					]);
					for (const owner of ['', 'm1', 'm2', TEAM]) {
						for (const p of periods) {
							const inPeriod = (at: number | null) =>
								at !== null && (p.includes('Q') ? quarter(at) : month(at)) === p;
							const expected = referenceFigures(
								kept,
								pipelines,
								rates,
								currency,
								inPeriod,
								owner,
								now
							);
							expectSame(figuresOf(forecast, p, owner), expected, `${p} ${owner}`);
						}
						const undated = referenceFigures(
							kept,
							pipelines,
							rates,
							currency,
							(at) => at === null,
							owner,
							now
						);
						expectSame(figuresOf(forecast, null, owner), undated, `undated ${owner}`);
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('nests the categories and weights by probability, converting with the rate of the close day', () => {
		const at = Date.UTC(2026, 11, 15);
		const rates: ExchangeRate[] = [
			{ id: 'a', from: 'USD', to: 'EUR', rate: 0.5, validFrom: '2026-01-01' },
			{ id: 'b', from: 'USD', to: 'EUR', rate: 0.8, validFrom: '2026-12-16' }
		];
		const base = {
			pipelineId: null,
			currency: 'EUR',
			expectedCloseAt: at,
			ownerId: 'm1',
			updatedAt: 0
		};
		const f = computeForecast(
			[
				{ ...base, stage: 'negotiation', probability: 95, amount: 100 }, // commit by probability
				{ ...base, stage: 'proposal', probability: null, amount: 200 }, // 50 %: best case
				{ ...base, stage: 'lead', probability: null, amount: 1000, currency: 'USD' }, // pipeline, 0.5
				{ ...base, stage: 'lead', probability: null, amount: 7, forecastCategory: 'omitted' },
				{ ...base, stage: 'won', probability: null, amount: 50 },
				{ ...base, stage: 'lost', probability: null, amount: 999 },
				{ ...base, stage: 'lead', probability: null, amount: 5, currency: 'JPY' }
			],
			{ pipelines: [DEFAULT_PIPELINE], rates: new RateIndex('EUR', rates), now: at }
		);
		const m = figuresOf(f, '2026-12');
		expect(m.commit).toBe(100);
		expect(m.bestCase).toBe(300);
		expect(m.pipeline).toBe(800);
		expect(m.weighted).toBeCloseTo(95 + 100 + 50);
		expect(m.won).toBe(50);
		expect(m.wonCount).toBe(1);
		expect(m.unconverted).toBe(1);
		expect(figuresOf(f, '2026-Q4', 'm1')).toEqual(m);
	});
});

describe('goal progress', () => {
	it('matches the reference on random deals, activities and goals', () => {
		fc.assert(
			fc.property(
				pipelinesArb,
				fc.array(dealArb, { maxLength: 60 }),
				fc.array(activityArb, { maxLength: 40 }),
				fc.array(rateArb, { maxLength: 8 }),
				fc.array(goalArb, { minLength: 1, maxLength: 6 }),
				(pipelines, deals, activities, rates, goals) => {
					const ledger = goalLedger(deals, activities, pipelines, new RateIndex('EUR', rates));
					for (const g of goals) {
						const expected = referenceActual(g, deals, activities, pipelines, rates, 'EUR');
						const actual = goalActual(g, ledger);
						if (!close(actual, expected))
							throw new Error(`${JSON.stringify(g)}: ${actual} ≠ reference ${expected}`);
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('is behind when less of the target is reached than of the period has passed', () => {
		const goal: GoalFields = { memberId: 'm1', period: '2026-Q4', metric: 'deals won', target: 10 };
		const mid = Date.UTC(2026, 10, 15); // about half the quarter
		expect(goalProgress(goal, 4, mid)).toMatchObject({ share: 0.4, behind: true, over: false });
		expect(goalProgress(goal, 6, mid).behind).toBe(false);
		expect(goalProgress(goal, 0, Date.UTC(2026, 8, 1)).behind).toBe(false); // not started
		expect(goalProgress(goal, 9, Date.UTC(2027, 0, 2))).toMatchObject({ behind: true, over: true });
		expect(goalProgress({ ...goal, target: 0 }, 0, mid).behind).toBe(false);
	});
});
