/**
 * Why deals were lost in the period: the lost deals (placed as won-lost.ts places them) by
 * their loss reason, compared case- and accent-blind and shown as first written; deals with no
 * reason are "No reason given". Most first.
 */
import { fold } from '../fold';
import { StageLookup } from '../forecast/stage-lookup';
import { closedDay, daySpan } from './days';
import type { Report, ReportFilters, ReportInput, ReportPoint, ReportResult, Span } from './report';
import { dealInScope } from './scope';
import { COUNT, drillOf } from './tally';

export const NO_REASON = 'No reason given';

interface Reason {
	label: string;
	ids: string[];
}

function lostByReason(input: ReportInput, filters: ReportFilters, span: Span): Map<string, Reason> {
	const stages = new StageLookup(input.pipelines);
	const days = daySpan(span, input.timeZone);
	const reasons = new Map<string, Reason>();
	for (const d of input.rows.deal ?? []) {
		if (stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage)?.kind !== 'lost') continue;
		if (!dealInScope(d, filters, stages)) continue;
		const day = closedDay(d, input.timeZone);
		if (day < days.from || day >= days.to) continue;
		const written = d.lostReason.trim();
		const key = fold(written);
		let r = reasons.get(key);
		if (!r) reasons.set(key, (r = { label: key ? written : NO_REASON, ids: [] }));
		r.ids.push(d.id);
	}
	return reasons;
}

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const now = lostByReason(input, filters, filters.period);
	const before = filters.previous ? lostByReason(input, filters, filters.previous) : null;
	const points: ReportPoint[] = [...now.entries()]
		.sort(
			([ka, a], [kb, b]) =>
				Number(ka === '') - Number(kb === '') ||
				b.ids.length - a.ids.length ||
				a.label.localeCompare(b.label)
		)
		.map(([key, r]) => ({
			key: key || '-',
			label: r.label,
			value: r.ids.length,
			...(before ? { previous: before.get(key)?.ids.length ?? 0 } : {}),
			drill: drillOf('deal', r.ids)
		}));
	const all = points.flatMap((p) => p.drill.ids);
	return {
		kind: 'doughnut',
		unit: COUNT,
		series: [{ key: 'lost', label: 'Lost deals', points }],
		table: {
			columns: [
				{ key: 'reason', label: 'Loss reason' },
				{ key: 'lost', label: 'Lost deals', unit: COUNT }
			],
			rows: points.map((p) => ({
				key: p.key,
				cells: [p.label, p.value],
				drill: p.drill,
				drills: [null, p.drill]
			}))
		},
		total: {
			key: 'lost',
			label: 'Lost deals',
			value: all.length,
			...(before ? { previous: [...before.values()].reduce((s, r) => s + r.ids.length, 0) } : {}),
			drill: drillOf('deal', all)
		}
	};
}

export const lossReasons: Report = {
	id: 'loss-reasons',
	title: 'Loss reasons',
	description: 'The deals lost in the period, by the reason given for losing them.',
	reads: ['deal'],
	honours: ['period', 'compare', 'owner', 'pipeline', 'segment'],
	kind: 'doughnut',
	compute
};
