/**
 * Forecast properties (issue #14): the forecast of a union of deals is the sum of its parts'
 * forecasts, period by period and owner by owner; moving an open deal between two open stages
 * keeps its period's totals (the pipeline amount and the open count; won stays as it was).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeForecast, figuresOf, TEAM, type ForecastDeal } from './forecast';
import { RateIndex } from './rates';
import { DEFAULT_PIPELINE } from '../pipelines/pipeline';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const rates = new RateIndex('EUR', [
	{ id: 'a', from: 'USD', to: 'EUR', rate: 0.9, validFrom: '2026-01-01' },
	{ id: 'b', from: 'USD', to: 'EUR', rate: 0.8, validFrom: '2026-06-01' }
]);
const options = { pipelines: [DEFAULT_PIPELINE], rates, now: START };
const STAGES = DEFAULT_PIPELINE.stages.map((s) => s.id);
const OPEN = DEFAULT_PIPELINE.stages.filter((s) => s.kind === 'open').map((s) => s.id);

const dealArb: fc.Arbitrary<ForecastDeal> = fc.record({
	pipelineId: fc.constant(null),
	stage: fc.constantFrom(...STAGES),
	probability: fc.option(fc.integer({ min: 0, max: 100 })),
	amount: fc.option(fc.integer({ min: 0, max: 100_000 })),
	currency: fc.constantFrom('EUR', 'USD', 'GBP'),
	expectedCloseAt: fc.option(fc.integer({ min: 0, max: 400 }).map((n) => START + n * DAY)),
	ownerId: fc.constantFrom(null, 'ann', 'bob'),
	forecastCategory: fc.constantFrom(null, 'pipeline', 'best case', 'commit', 'omitted'),
	updatedAt: fc.integer({ min: 0, max: 400 }).map((n) => START + n * DAY)
});

const KEYS = [
	'weighted',
	'commit',
	'bestCase',
	'pipeline',
	'won',
	'wonCount',
	'openCount',
	'unconverted'
] as const;

describe('forecast properties', () => {
	it('the forecast of a union of deals is the sum of the parts', () => {
		fc.assert(
			fc.property(fc.array(dealArb), fc.array(dealArb), (a, b) => {
				const whole = computeForecast([...a, ...b], options);
				const fa = computeForecast(a, options);
				const fb = computeForecast(b, options);
				for (const period of [...whole.periods.keys(), null])
					for (const owner of [TEAM, '', 'ann', 'bob']) {
						const w = figuresOf(whole, period, owner);
						const x = figuresOf(fa, period, owner);
						const y = figuresOf(fb, period, owner);
						for (const k of KEYS) expect(w[k]).toBeCloseTo(x[k] + y[k], 4);
					}
			})
		);
	});

	it('moving an open deal between open stages keeps its period’s totals', () => {
		fc.assert(
			fc.property(
				fc.array(dealArb),
				dealArb,
				fc.constantFrom(...OPEN),
				fc.constantFrom(...OPEN),
				(others, deal, from, to) => {
					const category = deal.forecastCategory === 'omitted' ? null : deal.forecastCategory;
					const before = computeForecast(
						[...others, { ...deal, stage: from, forecastCategory: category }],
						options
					);
					const after = computeForecast(
						[...others, { ...deal, stage: to, forecastCategory: category }],
						options
					);
					for (const period of [...before.periods.keys(), null])
						for (const owner of [TEAM, deal.ownerId ?? '']) {
							const x = figuresOf(before, period, owner);
							const y = figuresOf(after, period, owner);
							for (const k of ['pipeline', 'openCount', 'won', 'wonCount', 'unconverted'] as const)
								expect(y[k]).toBeCloseTo(x[k], 4);
						}
				}
			)
		);
	});
});
