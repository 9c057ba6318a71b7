/**
 * Pipeline metrics recomputed after an edit, with 20k deals (budget: one frame, 16 ms). The
 * deals are rows with stage trails of one to six steps over two years (seeded random: four
 * currencies with monthly rates, ten owners); each run computes the metrics of the last 12
 * months for the team and for one owner (domain/pipelines/metrics.ts, one pass each).
 * `node --import tsx bench/metrics.bench.ts` prints the figures.
 */
import { DEFAULT_PIPELINE } from '../src/lib/domain/pipelines/pipeline';
import { computeMetrics, periodOf, type MetricsDeal } from '../src/lib/domain/pipelines/metrics';
import { RateIndex, type ExchangeRate } from '../src/lib/domain/forecast/rates';
import type { TrailStep } from '../src/lib/domain/pipelines/trail';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const START = NOW - 730 * DAY;
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const int = (n: number) => Math.floor(random() * n);

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'];
const rates: ExchangeRate[] = [];
for (const c of CURRENCIES.slice(1))
	for (let m = 0; m < 36; m++)
		rates.push({
			id: `${c}${m}`,
			from: c,
			to: 'EUR',
			rate: 0.5 + random(),
			validFrom: new Date(Date.UTC(2024, m, 1)).toISOString().slice(0, 10)
		});
const index = new RateIndex('EUR', rates);
const OPEN = ['lead', 'qualified', 'proposal', 'negotiation'];

const deals: MetricsDeal[] = [];
for (let i = 0; i < 20_000; i++) {
	let t = START + int(700) * DAY;
	const trail: TrailStep[] = [[t, OPEN[int(2)]]];
	const steps = int(6);
	for (let s = 0; s < steps; s++) {
		t += int(30) * DAY;
		const close = s === steps - 1 && random() < 0.6;
		trail.push([t, close ? (random() < 0.4 ? 'won' : 'lost') : OPEN[int(4)]]);
	}
	deals.push({
		pipelineId: null,
		stage: trail.at(-1)![1],
		amount: int(50_000),
		currency: CURRENCIES[int(4)],
		ownerId: `m${int(10)}`,
		updatedAt: t,
		createdAt: trail[0][0],
		stageTrail: trail
	});
}

const period = periodOf('last 12 months', NOW);
const options = { pipelines: [DEFAULT_PIPELINE], rates: index, period };
const team: number[] = [];
const one: number[] = [];
for (let run = 0; run < 60; run++) {
	// an edit: one row replaced, as a teammate's move does
	const k = int(deals.length);
	deals[k] = { ...deals[k], updatedAt: NOW + run };
	let t0 = performance.now();
	computeMetrics(deals, options);
	team.push(performance.now() - t0);
	t0 = performance.now();
	computeMetrics(deals, { ...options, owner: 'm3' });
	one.push(performance.now() - t0);
}
const stat = (xs: number[]) => {
	const warm = xs.slice(10).sort((a, b) => a - b);
	return `median ${warm[warm.length >> 1].toFixed(2)} ms, p90 ${warm[Math.floor(warm.length * 0.9)].toFixed(2)} ms, first ${xs[0].toFixed(2)} ms`;
};
console.log(`metrics of 20k deals, last 12 months, the team: ${stat(team)} (budget 16 ms)`);
console.log(`metrics of 20k deals, last 12 months, one owner: ${stat(one)}`);
