/**
 * The sales forecast, in one pass over the deals: per month and quarter of expected close, per
 * owner and for the team, in the workspace currency.
 *
 * - Open deals (an open stage, or one their pipeline does not know) make the forecast: the
 *   weighted forecast is amount × probability (the deal's own, else its stage's); the category
 *   totals nest as salespeople mean them — commit is the commit deals' amounts, best case adds
 *   the best-case deals to commit, pipeline adds the rest (omitted deals count in none).
 * - Won deals are closed business: their amount and number, in the period they closed (their
 *   expected close date, else when they were last edited — the move to won). Lost ones count
 *   nowhere.
 * - Amounts in another currency are converted with the rate valid on the close date
 *   (rates.ts); a deal with no rate yet is counted in `unconverted`, not summed as if 1:1.
 *   A deal with no amount counts as 0.
 * - Open deals with no expected close date are summed apart (`undated`), converted at `now`.
 */
import type { Pipeline } from '../pipelines/pipeline';
import { categoryOf } from './category';
import { monthIndex, monthName, quarterName } from './periods';
import type { RateIndex } from './rates';
import { StageLookup } from './stage-lookup';

/** The owner key of the whole team's figures; '' is the deals nobody owns. */
export const TEAM = '*';

/** What the forecast reads of a deal (a deals list row has it all). */
export interface ForecastDeal {
	pipelineId: string | null;
	stage: string;
	probability: number | null;
	amount: number | null;
	currency: string;
	expectedCloseAt: number | null;
	ownerId: string | null;
	forecastCategory?: string | null;
	updatedAt: number;
}

export interface ForecastFigures {
	weighted: number;
	commit: number;
	/** Commit and best case. */
	bestCase: number;
	/** Every open deal not omitted. */
	pipeline: number;
	won: number;
	wonCount: number;
	/** Open deals counted (not omitted). */
	openCount: number;
	/** Deals left out of the sums: no rate for their currency on their day. */
	unconverted: number;
}

export interface ForecastOptions {
	pipelines: readonly Pipeline[];
	rates: RateIndex;
	/** Only this pipeline's deals; null or left out: every pipeline. */
	pipelineId?: string | null;
	/** When undated open deals are converted. */
	now: number;
}

export interface Forecast {
	/** Period ('2026-12' or '2026-Q4') → owner id ('' nobody, TEAM everyone) → figures. */
	periods: Map<string, Map<string, ForecastFigures>>;
	/** Open deals with no expected close date, by owner (and TEAM). */
	undated: Map<string, ForecastFigures>;
	/** The workspace currency the figures are in. */
	currency: string;
}

export function emptyFigures(): ForecastFigures {
	return {
		weighted: 0,
		commit: 0,
		bestCase: 0,
		pipeline: 0,
		won: 0,
		wonCount: 0,
		openCount: 0,
		unconverted: 0
	};
}

const NONE: Readonly<ForecastFigures> = Object.freeze(emptyFigures());

/** The figures of a period (or of the undated deals with period null) for an owner or TEAM. */
export function figuresOf(
	forecast: Forecast,
	period: string | null,
	owner: string = TEAM
): Readonly<ForecastFigures> {
	const byOwner = period === null ? forecast.undated : forecast.periods.get(period);
	return byOwner?.get(owner) ?? NONE;
}

/** The periods with figures, of one kind, in order. */
export function periodsOf(forecast: Forecast, kind: 'month' | 'quarter'): string[] {
	return [...forecast.periods.keys()]
		.filter((p) => p.includes('Q') === (kind === 'quarter'))
		.sort();
}

/** Adds one cell's figures into another. */
function addInto(to: ForecastFigures, from: ForecastFigures): void {
	to.weighted += from.weighted;
	to.commit += from.commit;
	to.bestCase += from.bestCase;
	to.pipeline += from.pipeline;
	to.won += from.won;
	to.wonCount += from.wonCount;
	to.openCount += from.openCount;
	to.unconverted += from.unconverted;
}

/** Owners get small numbers, so a cell's key is one number (month × OWNER_SLOTS + owner). */
const OWNER_SLOTS = 1 << 16;
const UNDATED = -1;

export function computeForecast(deals: Iterable<ForecastDeal>, options: ForecastOptions): Forecast {
	const { rates, now } = options;
	const stages = new StageLookup(options.pipelines);
	const only = options.pipelineId ?? null;
	const ownerIds: string[] = [];
	const ownerSlot = new Map<string, number>();
	// One cell per month and owner in the loop; quarters and the team are summed from them after.
	const cells = new Map<number, ForecastFigures>();

	for (const d of deals) {
		const pipelineId = stages.pipelineOf(d.pipelineId);
		if (only !== null && pipelineId !== only) continue;
		const stage = stages.stageOf(pipelineId, d.stage);
		if (stage?.kind === 'lost') continue;
		const won = stage?.kind === 'won';
		const probability = d.probability ?? stage?.probability ?? 0;
		const category = won ? null : categoryOf(d.forecastCategory, probability);
		if (category === 'omitted') continue;

		const at = won ? (d.expectedCloseAt ?? d.updatedAt) : d.expectedCloseAt;
		const rate = rates.rateAt(d.currency, at ?? now);
		const amount = rate === null ? 0 : (d.amount ?? 0) * rate;
		const owner = d.ownerId ?? '';
		let slot = ownerSlot.get(owner);
		if (slot === undefined) {
			ownerSlot.set(owner, (slot = ownerIds.length));
			ownerIds.push(owner);
		}
		const key = (at === null ? UNDATED : monthIndex(at)) * OWNER_SLOTS + slot;
		let f = cells.get(key);
		if (!f) cells.set(key, (f = emptyFigures()));
		if (rate === null) f.unconverted++;
		if (won) {
			f.won += amount;
			f.wonCount++;
			continue;
		}
		f.openCount++;
		f.weighted += (amount * probability) / 100;
		f.pipeline += amount;
		if (category !== 'pipeline') f.bestCase += amount;
		if (category === 'commit') f.commit += amount;
	}

	const periods = new Map<string, Map<string, ForecastFigures>>();
	const undated = new Map<string, ForecastFigures>();
	const into = (byOwner: Map<string, ForecastFigures>, owner: string, from: ForecastFigures) => {
		let f = byOwner.get(owner);
		if (!f) byOwner.set(owner, (f = emptyFigures()));
		addInto(f, from);
	};
	const ofPeriod = (period: string) => {
		let byOwner = periods.get(period);
		if (!byOwner) periods.set(period, (byOwner = new Map()));
		return byOwner;
	};
	// In month order, so every device sums in the same order.
	for (const key of [...cells.keys()].sort((a, b) => a - b)) {
		const f = cells.get(key)!;
		const month = Math.floor(key / OWNER_SLOTS);
		const owner = ownerIds[key - month * OWNER_SLOTS];
		const targets =
			month === UNDATED ? [undated] : [ofPeriod(monthName(month)), ofPeriod(quarterName(month))];
		for (const byOwner of targets) {
			into(byOwner, owner, f);
			into(byOwner, TEAM, f);
		}
	}
	return { periods, undated, currency: rates.currency };
}
