/**
 * The won deals, with when each was won as an instant: where the dashboards place a closed
 * deal (days.ts: its expected close day, else the day it was last edited), the day's first
 * moment in the reader's zone, so a deal won on 31 January is January's there too.
 */
import { fromZonedTime } from 'date-fns-tz';
import { StageLookup } from '../forecast/stage-lookup';
import type { Pipeline } from '../pipelines/pipeline';
import type { DealRow } from '../record-types';
import type { WonDeal } from './customer-events';

export function wonDealsOf(
	deals: readonly Pick<
		DealRow,
		'id' | 'pipelineId' | 'stage' | 'personId' | 'organizationId' | 'expectedCloseAt' | 'updatedAt'
	>[],
	pipelines: readonly Pipeline[],
	zone: string
): WonDeal[] {
	const stages = new StageLookup(pipelines);
	const out: WonDeal[] = [];
	for (const d of deals) {
		if (stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage)?.kind !== 'won') continue;
		const wonAt =
			d.expectedCloseAt === null
				? d.updatedAt
				: fromZonedTime(
						`${new Date(d.expectedCloseAt).toISOString().slice(0, 10)}T00:00:00`,
						zone
					).getTime();
		out.push({ id: d.id, personId: d.personId, organizationId: d.organizationId, wonAt });
	}
	return out;
}
