/**
 * Segment sizes over time as a report: one line per saved segment, its size at the end of each
 * month from the daily size log (segment-sizes.ts says why a log). A month nobody logged has no
 * point and a dash in the table; only the current month's point opens people — today's members
 * — since who was in a segment before is not known.
 */
import { notYet, type CustomerReportInput } from './customer-input';
import type { Report, ReportFilters, ReportInput, ReportResult, ReportUnit } from './report';
import { sizesPerMonth } from './segment-sizes';

const COUNT: ReportUnit = { kind: 'count' };

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const x = input as CustomerReportInput;
	if (!x.segments || !x.segmentSizes) return notYet('line', 'Saved segments are still loading.', x);
	const zone = input.timeZone;
	const lines = x.segments.map((s) => ({
		segment: s,
		months: sizesPerMonth(x.segmentSizes!.get(s.id) ?? [], filters.period, zone)
	}));
	const months = lines[0]?.months.map((m) => m.bucket) ?? [];
	// The month holding now, when the period reaches it: its points open today's members.
	const nowKey = months.find((b) => b.from <= input.now && input.now < b.to)?.key ?? null;
	const members = (s: (typeof lines)[number]['segment'], key: string) =>
		key === nowKey && s.members ? [...s.members].sort() : [];
	return {
		kind: 'line',
		unit: COUNT,
		series: lines.map(({ segment, months: ms }) => ({
			key: segment.id,
			label: segment.name,
			points: ms
				.filter((m) => m.size !== null)
				.map((m) => ({
					key: m.bucket.key,
					label: m.bucket.label,
					value: m.size!,
					drill: { type: 'person' as const, ids: members(segment, m.bucket.key) }
				}))
		})),
		table: {
			columns: [
				{ key: 'segment', label: 'Segment' },
				...months.map((b) => ({ key: b.key, label: b.label, unit: COUNT }))
			],
			rows: lines.map(({ segment, months: ms }) => ({
				key: segment.id,
				cells: [segment.name, ...ms.map((m) => m.size)],
				drills: [
					null,
					...ms.map((m) =>
						m.bucket.key === nowKey && segment.members
							? { type: 'person' as const, ids: members(segment, m.bucket.key) }
							: null
					)
				]
			}))
		},
		notes: x.segments.length
			? ['A month’s size is the last one logged in it; a month with none shows no point.']
			: ['No saved segments yet.']
	};
}

export const segmentSizesReport: Report = {
	id: 'segment-sizes',
	title: 'Segment sizes over time',
	description:
		'Each saved segment’s size at the end of each month, as devices logged it once a day (past members are not known, so only today’s can be listed). The log keeps sizes, not whose the members are: it covers every owner and team.',
	reads: [],
	honours: ['period'],
	kind: 'line',
	compute
};
