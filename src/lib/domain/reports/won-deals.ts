/**
 * The won deals, with when each was won as an instant: where the dashboards place a closed
 * deal (days.ts: its expected close day, else the day it was last edited), the day's first
 * moment in the reader's zone, so a deal won on 31 January is January's there too. Each row's
 * answer is kept with it (a deal edit makes a new row for that deal alone), so the list after
 * one edit cuts one close date, not 7,000; the zone's midnights come from its calendar
 * (zone-calendar.ts), not one date-fns-tz call per deal (~120 ms for 7,000 on a first render).
 */
import { StageLookup } from '../forecast/stage-lookup';
import type { Pipeline } from '../pipelines/pipeline';
import type { DealRow } from '../record-types';
import type { WonDeal } from './customer-events';
import { zoneCalendar } from './zone-calendar';

const DAY = 86_400_000;

type DealFields = Pick<
	DealRow,
	'id' | 'pipelineId' | 'stage' | 'personId' | 'organizationId' | 'expectedCloseAt' | 'updatedAt'
>;

/** Per row: the won deal it makes (null: not won) for these pipelines and that zone. */
const kept = new WeakMap<
	DealFields,
	{ pipelines: readonly Pipeline[]; zone: string; won: WonDeal | null }
>();

export function wonDealsOf(
	deals: readonly DealFields[],
	pipelines: readonly Pipeline[],
	zone: string
): WonDeal[] {
	const stages = new StageLookup(pipelines);
	const calendar = zoneCalendar(zone);
	const out: WonDeal[] = [];
	for (const d of deals) {
		const hit = kept.get(d);
		if (hit && hit.pipelines === pipelines && hit.zone === zone) {
			if (hit.won) out.push(hit.won);
			continue;
		}
		const won = wonDealOf(d, stages, calendar);
		kept.set(d, { pipelines, zone, won });
		if (won) out.push(won);
	}
	return out;
}

function wonDealOf(
	d: DealFields,
	stages: StageLookup,
	calendar: ReturnType<typeof zoneCalendar>
): WonDeal | null {
	if (stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage)?.kind !== 'won') return null;
	// The close day's first moment in the zone (a close date is its day's UTC midnight).
	const wonAt =
		d.expectedCloseAt === null
			? d.updatedAt
			: calendar.midnight(Math.floor(d.expectedCloseAt / DAY) * DAY);
	return { id: d.id, personId: d.personId, organizationId: d.organizationId, wonAt };
}
