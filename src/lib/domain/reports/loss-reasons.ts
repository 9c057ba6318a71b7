/**
 * Why deals were lost in the period: the lost deals (placed as won-lost.ts places them) by
 * their loss reason, compared case- and accent-blind and shown as first written; deals with no
 * reason are "No reason given". Most first.
 */
import { fold } from '../fold';
import { StageLookup } from '../forecast/stage-lookup';
import { closedDay, daySpan } from './days';
import type { Report, ReportFilters, ReportInput, ReportPoint, ReportResult, Span } from './report';
import type { DealRow } from '../record-types';
import { Contributions, NOTHING, type Entry } from './contributions';
import { dealInScope, scopeContext } from './scope';
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
	return resultOf(now, before);
}

/**
 * The same figures kept between edits (contributions.ts): only changed deals are read again.
 * A reason is shown as the first deal in the rows' order wrote it, as the full pass shows it.
 */
function live(): (input: ReportInput, filters: ReportFilters) => ReportResult {
	let read: (d: DealRow) => readonly Entry[] = () => NOTHING;
	const kept = new Contributions<DealRow>((d) => read(d));
	return (input, filters) => {
		const stages = new StageLookup(input.pipelines);
		const spans = [filters.period, filters.previous];
		const days = spans.map((s) => (s ? daySpan(s, input.timeZone) : null));
		// Each span's bucket name per reason, made once (not a string per deal).
		const names = spans.map(() => new Map<string, string>());
		read = (d) => {
			if (stages.stageOf(stages.pipelineOf(d.pipelineId), d.stage)?.kind !== 'lost') return NOTHING;
			if (!dealInScope(d, filters, stages)) return NOTHING;
			const day = closedDay(d, input.timeZone);
			const key = fold(d.lostReason.trim());
			let out: Entry[] | null = null;
			days.forEach((span, s) => {
				if (!span || day < span.from || day >= span.to) return;
				let name = names[s].get(key);
				if (name === undefined) names[s].set(key, (name = `${s}:${key}`));
				(out ??= []).push([name, 0]);
			});
			return out ?? NOTHING;
		};
		const deals = input.rows.deal ?? [];
		kept.sync(deals, [
			input.pipelines,
			input.timeZone,
			...scopeContext(filters),
			...days.flatMap((d) => (d ? [d.from, d.to] : [null]))
		]);
		// A reason is shown as its first deal wrote it: one pass over the deals finds every
		// bucket's first (a search per bucket was up to 20,000 lookups each, 14 ms of an edit).
		const shown = [...kept.names('0:'), ...(filters.previous ? kept.names('1:') : [])];
		const written = new Map<string, string>();
		for (const d of deals) {
			if (written.size === shown.length) break;
			for (const [name] of kept.entriesOf(d.id))
				if (!written.has(name)) written.set(name, d.lostReason.trim());
		}
		const reasons = (s: number): Map<string, Reason> => {
			const out = new Map<string, Reason>();
			for (const name of shown) {
				if (!name.startsWith(`${s}:`)) continue;
				const key = name.slice(`${s}:`.length);
				const label = key ? (written.get(name) ?? '') : NO_REASON;
				out.set(key, { label, ids: kept.ids(name) as string[] });
			}
			return out;
		};
		return resultOf(reasons(0), filters.previous ? reasons(1) : null);
	};
}

function resultOf(now: Map<string, Reason>, before: Map<string, Reason> | null): ReportResult {
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
	compute,
	live
};
