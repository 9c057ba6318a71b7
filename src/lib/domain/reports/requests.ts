/**
 * Service requests over the period, by month (by week for a period of two months or less), in
 * the reader's zone: opened and resolved (each counted in the bucket of that moment); the
 * median time to the first response and to resolution (of the requests answered or resolved
 * in the bucket, as domain/requests measures them); and satisfaction, the mean rating (1–5) of
 * the requests resolved in the bucket that were rated — its trend is the comparison period.
 */
import { timeToFirstResponse, timeToResolution } from '../requests/service-level';
import type { RequestRow } from '../record-types';
import { bucketIndex, monthsIn, weeksIn, type Bucket } from './period';
import type {
	Report,
	ReportFilters,
	ReportInput,
	ReportPoint,
	ReportResult,
	ReportUnit,
	Span
} from './report';
import { requestInScope } from './scope';
import { COUNT, Tally, drillOf, median, pointsOf, round2 } from './tally';

const HOUR = 3_600_000;
const HOURS: ReportUnit = { kind: 'hours' };

/** Weeks for a period of up to about two months, months beyond. */
export function bucketsFor(span: Span, zone: string): Bucket[] {
	return span.to - span.from <= 63 * 86_400_000 ? weeksIn(span, zone) : monthsIn(span, zone);
}

function scoped(input: ReportInput, filters: ReportFilters): RequestRow[] {
	return (input.rows.request ?? []).filter((r) => requestInScope(r, filters));
}

/** Puts each request in the bucket of `at(r)`, when it falls in the span. */
function place(
	requests: readonly RequestRow[],
	buckets: readonly Span[],
	at: (r: RequestRow) => number | null,
	value: (r: RequestRow) => number = () => 1
): Tally {
	const t = new Tally(buckets.length);
	for (const r of requests) {
		const ms = at(r);
		if (ms === null) continue;
		const i = bucketIndex(buckets, ms);
		if (i >= 0) t.add(i, r.id, value(r));
	}
	return t;
}

function previousBuckets(input: ReportInput, filters: ReportFilters): Bucket[] | null {
	return filters.previous ? bucketsFor(filters.previous, input.timeZone) : null;
}

function totalOf(
	key: string,
	label: string,
	t: Tally,
	before: Tally | null,
	unit?: ReportUnit
): ReportPoint {
	return {
		key,
		label,
		value: t.sum,
		...(before ? { previous: before.sum } : {}),
		drill: drillOf('request', t.allIds()),
		...(unit ? { unit } : {})
	};
}

function flow(input: ReportInput, filters: ReportFilters): ReportResult {
	const rs = scoped(input, filters);
	const buckets = bucketsFor(filters.period, input.timeZone);
	const prev = previousBuckets(input, filters);
	const opened = place(rs, buckets, (r) => r.openedAt);
	const resolved = place(rs, buckets, (r) => r.resolvedAt);
	const openedBefore = prev ? place(rs, prev, (r) => r.openedAt) : null;
	const resolvedBefore = prev ? place(rs, prev, (r) => r.resolvedAt) : null;
	return {
		kind: 'bar',
		unit: COUNT,
		series: [
			{
				key: 'opened',
				label: 'Opened',
				points: pointsOf(buckets, opened, 'request', openedBefore)
			},
			{
				key: 'resolved',
				label: 'Resolved',
				points: pointsOf(buckets, resolved, 'request', resolvedBefore)
			}
		],
		table: {
			columns: [
				{ key: 'period', label: 'Period' },
				{ key: 'opened', label: 'Opened', unit: COUNT },
				{ key: 'resolved', label: 'Resolved', unit: COUNT }
			],
			rows: buckets.map((b, i) => ({
				key: b.key,
				cells: [b.label, opened.values[i], resolved.values[i]],
				drill: drillOf('request', [...new Set([...opened.ids[i], ...resolved.ids[i]])]),
				drills: [null, drillOf('request', opened.ids[i]), drillOf('request', resolved.ids[i])]
			}))
		},
		total: totalOf('opened', 'Opened', opened, openedBefore)
	};
}

/** Per bucket, the median of `measure` (hours) over the requests placed there. */
function medians(
	rs: readonly RequestRow[],
	buckets: readonly Span[],
	at: (r: RequestRow) => number | null,
	measure: (r: RequestRow) => number | null
): { tally: Tally; values: number[][] } {
	const tally = new Tally(buckets.length);
	const values: number[][] = buckets.map(() => []);
	for (const r of rs) {
		const ms = at(r);
		const m = measure(r);
		if (ms === null || m === null) continue;
		const i = bucketIndex(buckets, ms);
		if (i < 0) continue;
		tally.ids[i].push(r.id);
		values[i].push(m / HOUR);
	}
	values.forEach((v, i) => (tally.values[i] = round2(median(v) ?? 0)));
	return { tally, values };
}

function overall(values: number[][]): number {
	return round2(median(values.flat()) ?? 0);
}

function responseTimes(input: ReportInput, filters: ReportFilters): ReportResult {
	const rs = scoped(input, filters);
	const buckets = bucketsFor(filters.period, input.timeZone);
	const prev = previousBuckets(input, filters);
	const first = medians(rs, buckets, (r) => r.firstResponseAt, timeToFirstResponse);
	const resolution = medians(rs, buckets, (r) => r.resolvedAt, timeToResolution);
	const firstBefore = prev
		? medians(rs, prev, (r) => r.firstResponseAt, timeToFirstResponse)
		: null;
	const resBefore = prev ? medians(rs, prev, (r) => r.resolvedAt, timeToResolution) : null;
	return {
		kind: 'line',
		unit: HOURS,
		series: [
			{
				key: 'first-response',
				label: 'First response (median)',
				points: pointsOf(buckets, first.tally, 'request', firstBefore?.tally)
			},
			{
				key: 'resolution',
				label: 'Resolution (median)',
				points: pointsOf(buckets, resolution.tally, 'request', resBefore?.tally)
			}
		],
		table: {
			columns: [
				{ key: 'period', label: 'Period' },
				{ key: 'answered', label: 'Answered', unit: COUNT },
				{ key: 'first', label: 'First response, median', unit: HOURS },
				{ key: 'resolved', label: 'Resolved', unit: COUNT },
				{ key: 'resolution', label: 'Resolution, median', unit: HOURS }
			],
			rows: buckets.map((b, i) => {
				const a = drillOf('request', first.tally.ids[i]);
				const r = drillOf('request', resolution.tally.ids[i]);
				return {
					key: b.key,
					cells: [
						b.label,
						first.values[i].length,
						first.values[i].length ? first.tally.values[i] : null,
						resolution.values[i].length,
						resolution.values[i].length ? resolution.tally.values[i] : null
					],
					drills: [null, a, a, r, r]
				};
			})
		},
		total: {
			key: 'first-response',
			label: 'First response (median)',
			value: overall(first.values),
			...(firstBefore ? { previous: overall(firstBefore.values) } : {}),
			drill: drillOf('request', first.tally.allIds()),
			unit: HOURS
		}
	};
}

function satisfaction(input: ReportInput, filters: ReportFilters): ReportResult {
	const rs = scoped(input, filters).filter((r) => r.satisfaction !== null);
	const buckets = bucketsFor(filters.period, input.timeZone);
	const prev = previousBuckets(input, filters);
	const mean = (bs: readonly Span[]) => {
		const sum = place(
			rs,
			bs,
			(r) => r.resolvedAt,
			(r) => r.satisfaction ?? 0
		);
		const n = sum.ids.map((ids) => ids.length);
		const t = new Tally(bs.length);
		sum.ids.forEach((ids, i) => {
			t.ids[i].push(...ids);
			t.values[i] = n[i] ? round2(sum.values[i] / n[i]) : 0;
		});
		const all = n.reduce((a, b) => a + b, 0);
		return { t, n, overall: all ? round2(sum.sum / all) : 0 };
	};
	const now = mean(buckets);
	const before = prev ? mean(prev) : null;
	const scale: ReportUnit = { kind: 'count' };
	return {
		kind: 'line',
		unit: scale,
		series: [
			{
				key: 'satisfaction',
				label: 'Satisfaction (mean, 1–5)',
				points: pointsOf(buckets, now.t, 'request', before?.t)
			}
		],
		table: {
			columns: [
				{ key: 'period', label: 'Period' },
				{ key: 'rated', label: 'Rated', unit: COUNT },
				{ key: 'mean', label: 'Satisfaction, mean (1–5)', unit: scale }
			],
			rows: buckets.map((b, i) => {
				const d = drillOf('request', now.t.ids[i]);
				return {
					key: b.key,
					cells: [b.label, now.n[i], now.n[i] ? now.t.values[i] : null],
					drills: [null, d, d]
				};
			})
		},
		total: {
			key: 'satisfaction',
			label: 'Satisfaction (mean)',
			value: now.overall,
			...(before ? { previous: before.overall } : {}),
			drill: drillOf('request', now.t.allIds())
		}
	};
}

const HONOURS = ['period', 'compare', 'owner', 'segment'] as const;

export const requestsFlow: Report = {
	id: 'requests-flow',
	title: 'Service requests opened and resolved',
	description: 'Service requests opened and resolved in each week or month of the period.',
	reads: ['request'],
	honours: HONOURS,
	kind: 'bar',
	compute: flow
};

export const responseTimesReport: Report = {
	id: 'response-times',
	title: 'Response and resolution times',
	description:
		'The median hours from opening to the first response, and to resolution, of the requests answered or resolved in each week or month.',
	reads: ['request'],
	honours: HONOURS,
	kind: 'line',
	compute: responseTimes
};

export const satisfactionReport: Report = {
	id: 'satisfaction',
	title: 'Customer satisfaction',
	description:
		'The mean rating (1 to 5) of the requests resolved in each week or month that were rated; compare with the previous period for the trend.',
	reads: ['request'],
	honours: HONOURS,
	kind: 'line',
	compute: satisfaction
};
