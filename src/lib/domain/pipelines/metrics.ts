/**
 * Pipeline metrics, in one pass over the deal rows of one pipeline, for a period and the team or
 * one owner, in the workspace currency. Read from each deal's stage trail (trail.ts: when it
 * entered each stage, kept on the deal), never from the history log, whose older months are not
 * open: the metrics over two years of closed deals need no history.
 *
 * - A deal is **closed** when its stage is won or lost; it closed (`closedAt`) when it last
 *   entered a won or lost stage in its trail (a deal with no recorded move: when it was created).
 *   "Closed in the period": closedAt in [start, end).
 * - **Win rate**: won ÷ (won + lost), of the deals closed in the period.
 * - **Average deal size**: the mean amount of the deals won in the period, converted with the
 *   rate valid on the day each closed (forecast/rates.ts); a deal with no rate yet is counted in
 *   `unconverted` and left out of the mean; a deal with no amount counts as 0.
 * - **Sales cycle**: days from creation to close of the deals won in the period; median and mean.
 * - **Time in stage**: per stage, the median days of the stays in it that ended in the period
 *   (a stay ends when the deal enters its next stage).
 * - **Conversion**: per open stage, of the deals that entered it in the period, the share that
 *   entered a later open stage or a won stage after (at any time since), and the share won.
 *   A deal counts once per stage, whatever times it came back.
 * - **Velocity**: open deals now × win rate × average deal size ÷ mean cycle days — the amount
 *   the pipeline is expected to win per day.
 */
import { monthIndex } from '../forecast/periods';
import type { RateIndex } from '../forecast/rates';
import { StageLookup } from '../forecast/stage-lookup';
import { pipelineOf, type Pipeline, type StageKind } from './pipeline';
import type { TrailStep } from './trail';

export const DAY = 86_400_000;

/** Everyone's deals; '' is the deals nobody owns (as the forecast's TEAM). */
export const ALL_OWNERS = '*';

/** What the metrics read of a deal (a deals list row has it). */
export interface MetricsDeal {
	pipelineId: string | null;
	stage: string;
	amount: number | null;
	currency: string;
	ownerId: string | null;
	updatedAt: number;
	/** Left out (a row cached before trails): created at updatedAt, at its stage since. */
	createdAt?: number;
	stageTrail?: readonly TrailStep[];
}

export interface Period {
	/** First moment (ms, UTC). */
	start: number;
	/** The moment after it. */
	end: number;
}

export interface MetricsOptions {
	pipelines: readonly Pipeline[];
	rates: RateIndex;
	/** The pipeline measured; null or left out: the default one. */
	pipelineId?: string | null;
	period: Period;
	/** One owner's deals ('' nobody's); ALL_OWNERS or left out: the team's. */
	owner?: string;
}

export interface StageMetrics {
	stageId: string;
	name: string;
	kind: StageKind;
	/** Deals that entered it in the period. */
	entered: number;
	/** Of those, the deals that entered a later open stage or a won one after. */
	advanced: number;
	/** Of those, the deals that entered a won stage after. */
	wonAfter: number;
	/** Stays in it that ended in the period, and their days summed. */
	stays: number;
	stayDays: number;
	medianStayDays: number | null;
	/** advanced ÷ entered; null when none entered. */
	conversion: number | null;
	/** wonAfter ÷ entered. */
	winShare: number | null;
}

export interface PipelineMetrics {
	currency: string;
	won: number;
	lost: number;
	winRate: number | null;
	/** The won deals' amounts summed, converted, and how many were converted. */
	wonAmount: number;
	wonConverted: number;
	/** Won deals left out of the amounts: no rate for their currency on their day. */
	unconverted: number;
	averageDealSize: number | null;
	/** Won deals' cycles: how many, their days summed, median and mean. */
	cycles: number;
	cycleDays: number;
	medianCycleDays: number | null;
	meanCycleDays: number | null;
	/** Deals at an open stage now (or one their pipeline does not know). */
	openDeals: number;
	/** Expected won amount per day; null when a factor is unknown or the cycle is 0 days. */
	velocity: number | null;
	/** Per stage of the pipeline, in order. */
	stages: StageMetrics[];
}

/** The period a metrics screen offers, holding `now` (UTC). */
export type PeriodChoice = 'month' | 'quarter' | 'year' | 'last 12 months';

export function periodOf(choice: PeriodChoice, now: number): Period {
	const m = monthIndex(now);
	const y = Math.floor(m / 12);
	const month = m - y * 12;
	const at = (i: number) => Date.UTC(1970, i, 1);
	switch (choice) {
		case 'month':
			return { start: at(m), end: at(m + 1) };
		case 'quarter': {
			const first = m - (month % 3);
			return { start: at(first), end: at(first + 3) };
		}
		case 'year':
			return { start: at(y * 12), end: at(y * 12 + 12) };
		default:
			return { start: at(m - 11), end: at(m + 1) };
	}
}

export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	// A typed array sorts numerically with no comparator call per pair (several times faster).
	const sorted = Float64Array.from(values).sort();
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function computeMetrics(
	deals: Iterable<MetricsDeal>,
	options: MetricsOptions
): PipelineMetrics {
	const { rates, period } = options;
	const pipeline = pipelineOf(options.pipelines, options.pipelineId ?? null);
	const lookup = new StageLookup(options.pipelines);
	const owner = options.owner ?? ALL_OWNERS;
	const stages = pipeline.stages;
	const index = new Map(stages.map((s, i) => [s.id, i]));
	// How far along a stage is: open stages by their order, won beyond every one, lost nowhere.
	const rank = stages.map((s) =>
		s.kind === 'won' ? Infinity : s.kind === 'lost' ? -Infinity : s.order
	);
	const closing = stages.map((s) => s.kind !== 'open');
	const entered = new Array<number>(stages.length).fill(0);
	const advanced = new Array<number>(stages.length).fill(0);
	const wonAfter = new Array<number>(stages.length).fill(0);
	const stayDays: number[][] = stages.map(() => []);
	// Per deal: the stage flags seen (entered in the period), made once and cleared by a mark.
	const seenBy = new Array<number>(stages.length).fill(-1);
	const seenAdvanced = new Array<boolean>(stages.length).fill(false);
	const seenWon = new Array<boolean>(stages.length).fill(false);
	const cycleDays: number[] = [];
	let won = 0;
	let lost = 0;
	let wonAmount = 0;
	let wonConverted = 0;
	let unconverted = 0;
	let openDeals = 0;
	let n = 0;
	const inPeriod = (t: number) => t >= period.start && t < period.end;
	const laterRank: number[] = [];
	const laterWon: boolean[] = [];

	for (const d of deals) {
		if (lookup.pipelineOf(d.pipelineId) !== pipeline.id) continue;
		if (owner !== ALL_OWNERS && (d.ownerId ?? '') !== owner) continue;
		const deal = n++;
		const kind = lookup.stageOf(pipeline.id, d.stage)?.kind ?? 'open';
		const trail = d.stageTrail?.length
			? d.stageTrail
			: [[d.createdAt ?? d.updatedAt, d.stage] as const];
		const createdAt = trail[0][0];
		if (kind === 'open') openDeals++;
		else {
			let closedAt = createdAt;
			for (let j = trail.length - 1; j >= 0; j--) {
				const i = index.get(trail[j][1]);
				if (i !== undefined && closing[i]) {
					closedAt = trail[j][0];
					break;
				}
			}
			if (inPeriod(closedAt)) {
				if (kind === 'lost') lost++;
				else {
					won++;
					cycleDays.push((closedAt - createdAt) / DAY);
					const rate = rates.rateAt(d.currency, closedAt);
					if (rate === null) unconverted++;
					else {
						wonAmount += (d.amount ?? 0) * rate;
						wonConverted++;
					}
				}
			}
		}
		// Stays that ended in the period; the best rank and any won stage after each step.
		let best = -Infinity;
		let wonLater = false;
		for (let j = trail.length - 1; j >= 0; j--) {
			laterRank[j] = best;
			laterWon[j] = wonLater;
			const i = index.get(trail[j][1]);
			if (i === undefined) continue;
			if (j + 1 < trail.length && inPeriod(trail[j + 1][0]))
				stayDays[i].push((trail[j + 1][0] - trail[j][0]) / DAY);
			if (rank[i] > best) best = rank[i];
			if (stages[i].kind === 'won') wonLater = true;
		}
		for (let j = 0; j < trail.length; j++) {
			const i = index.get(trail[j][1]);
			if (i === undefined || closing[i] || !inPeriod(trail[j][0])) continue;
			if (seenBy[i] !== deal) {
				seenBy[i] = deal;
				seenAdvanced[i] = false;
				seenWon[i] = false;
				entered[i]++;
			}
			if (!seenAdvanced[i] && laterRank[j] > rank[i]) {
				seenAdvanced[i] = true;
				advanced[i]++;
			}
			if (!seenWon[i] && laterWon[j]) {
				seenWon[i] = true;
				wonAfter[i]++;
			}
		}
	}

	const winRate = won + lost > 0 ? won / (won + lost) : null;
	const averageDealSize = wonConverted > 0 ? wonAmount / wonConverted : null;
	const cycleSum = cycleDays.reduce((a, b) => a + b, 0);
	const meanCycleDays = cycleDays.length > 0 ? cycleSum / cycleDays.length : null;
	const velocity =
		winRate !== null && averageDealSize !== null && meanCycleDays !== null && meanCycleDays > 0
			? (openDeals * winRate * averageDealSize) / meanCycleDays
			: null;
	return {
		currency: rates.currency,
		won,
		lost,
		winRate,
		wonAmount,
		wonConverted,
		unconverted,
		averageDealSize,
		cycles: cycleDays.length,
		cycleDays: cycleSum,
		medianCycleDays: median(cycleDays),
		meanCycleDays,
		openDeals,
		velocity,
		stages: stages.map((s, i) => ({
			stageId: s.id,
			name: s.name,
			kind: s.kind,
			entered: entered[i],
			advanced: advanced[i],
			wonAfter: wonAfter[i],
			stays: stayDays[i].length,
			stayDays: stayDays[i].reduce((a, b) => a + b, 0),
			medianStayDays: median(stayDays[i]),
			conversion: entered[i] > 0 ? advanced[i] / entered[i] : null,
			winShare: entered[i] > 0 ? wonAfter[i] / entered[i] : null
		}))
	};
}
