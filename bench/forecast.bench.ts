/**
 * The forecast and goal progress recomputed after an edit, with 20k deals (budget, README
 * "Performance": ≤ 16 ms, one frame). The deals are list rows as the app holds them (seeded
 * random: two pipelines, four currencies with monthly rates over three years, ten owners, close
 * dates over three years, a tenth without one); an edit replaces one row, as a teammate's move
 * does, and the whole forecast is computed again (domain/forecast/forecast.ts, one pass).
 * Vitest-free: `node --import tsx bench/forecast.bench.ts` prints the figures; bench/run.ts
 * runs it with the others.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_PIPELINE, type Pipeline } from '../src/lib/domain/pipelines/pipeline';
import { computeForecast, figuresOf, type ForecastDeal } from '../src/lib/domain/forecast/forecast';
import { RateIndex, type ExchangeRate } from '../src/lib/domain/forecast/rates';
import { goalLedger, type GoalActivity, type GoalDeal } from '../src/lib/domain/goals/progress';
import { Random } from './prng';
import { summarize, type BenchOptions, type BenchResult } from './result';

const FRAME_MS = 16;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

const RENEWALS: Pipeline = {
	id: 'renewals',
	name: 'Renewals',
	order: 1,
	stages: [
		{ id: 'r-open', name: 'Due', order: 0, probability: 60, kind: 'open' },
		{ id: 'r-talk', name: 'Talking', order: 1, probability: 85, kind: 'open' },
		{ id: 'r-won', name: 'Renewed', order: 2, probability: 100, kind: 'won' },
		{ id: 'r-lost', name: 'Churned', order: 3, probability: 0, kind: 'lost' }
	]
};
const PIPELINES = [DEFAULT_PIPELINE, RENEWALS];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP', 'CHF'];
const OWNERS = Array.from({ length: 10 }, (_, i) => `member-${i}`);

function workspace(count: number, seed: number) {
	const random = new Random(seed);
	const rates: ExchangeRate[] = [];
	for (const from of ['USD', 'GBP', 'CHF'])
		for (let m = 0; m < 36; m++)
			rates.push({
				id: `${from}-${m}`,
				from,
				to: 'EUR',
				rate: 0.8 + random.next() * 0.4,
				validFrom: new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 10)
			});
	const deals: GoalDeal[] = [];
	for (let i = 0; i < count; i++) {
		const pipeline = random.chance(0.3) ? RENEWALS : DEFAULT_PIPELINE;
		deals.push({
			id: `deal-${i}`,
			pipelineId: pipeline === RENEWALS ? RENEWALS.id : null,
			stage: random.pick(pipeline.stages).id,
			probability: random.chance(0.1) ? random.int(0, 100) : null,
			amount: random.chance(0.05) ? null : random.int(500, 200_000),
			currency: random.pick(CURRENCIES),
			expectedCloseAt: random.chance(0.1) ? null : START + random.int(0, 3 * 365) * DAY,
			ownerId: random.chance(0.05) ? null : random.pick(OWNERS),
			forecastCategory: random.chance(0.1) ? random.pick(['commit', 'omitted']) : null,
			updatedAt: START + random.int(0, 700) * DAY,
			organizationId: `org-${random.int(0, 4000)}`,
			personId: null
		});
	}
	const activities: GoalActivity[] = [];
	for (let i = 0; i < 30_000; i++)
		activities.push({
			occurredAt: START + random.int(0, 3 * 365) * DAY,
			memberIds: [random.pick(OWNERS)]
		});
	return { deals, rates, activities };
}

function timed(fn: () => void): number {
	const t = performance.now();
	fn();
	return performance.now() - t;
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const { deals, rates, activities } = workspace(20_000, 42);
	const random = new Random(7);
	const runs = quick ? 15 : 60;
	const now = Date.UTC(2026, 5, 15);
	let rows: ForecastDeal[] = deals;
	let sink = 0;
	// An edit: one row replaced (a move to another stage), the list a new array as live rows give.
	const edit = () => {
		const i = random.int(0, rows.length - 1);
		const next = rows.slice();
		next[i] = { ...rows[i], stage: random.pick(DEFAULT_PIPELINE.stages).id, updatedAt: now };
		rows = next;
	};
	const forecast = () => {
		const rateIndex = new RateIndex('EUR', rates);
		const f = computeForecast(rows, { pipelines: PIPELINES, rates: rateIndex, now });
		sink += figuresOf(f, '2026-Q2').weighted;
	};
	const goals = () => {
		const ledger = goalLedger(
			rows as GoalDeal[],
			activities,
			PIPELINES,
			new RateIndex('EUR', rates)
		);
		sink += ledger.wonAmount.size;
	};
	for (let i = 0; i < 10; i++) forecast(); // warm-up: the JIT, as a page that has shown it once
	const forecastSamples: number[] = [];
	const goalSamples: number[] = [];
	for (let i = 0; i < runs; i++) {
		edit();
		forecastSamples.push(timed(forecast));
	}
	for (let i = 0; i < 5; i++) goals();
	for (let i = 0; i < runs; i++) {
		edit();
		goalSamples.push(timed(goals));
	}
	if (!Number.isFinite(sink)) throw new Error('no figures');
	return [
		summarize(
			'forecast.20k.recompute_after_edit',
			'ms',
			'lower',
			forecastSamples,
			FRAME_MS,
			undefined,
			'20k deals, 2 pipelines, 4 currencies (108 dated rates), 10 owners: every month and quarter, per owner and team'
		),
		summarize(
			'goals.20k.ledger_after_edit',
			'ms',
			'lower',
			goalSamples,
			FRAME_MS,
			undefined,
			'won amount, deals won, first-won customers of 20k deals and 30k interactions, per month and member'
		)
	];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	for (const r of await run({ quick: process.argv.includes('--quick') }))
		console.log(
			`${r.id}: median ${r.median} ${r.unit} (min ${r.min}, max ${r.max}, ${r.runs} runs; budget ${r.budget} ${r.unit})`
		);
}
