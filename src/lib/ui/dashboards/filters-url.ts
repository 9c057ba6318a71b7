/**
 * A dashboard's filters in a report page's address (?period=this-month&compare=1&owner=…), so
 * a card's "Open" view and its click-through list show the same figures as the card, and a
 * link can be shared or bookmarked. Anything unreadable falls back to the default.
 */
import { isPeriodChoice, type PeriodChoice } from '$lib/domain/reports/period';
import type { DashboardFilters } from '$lib/session/dashboards';

export const DEFAULT_FILTERS: DashboardFilters = {
	period: 'this-quarter',
	compare: false,
	ownerId: null,
	teamId: null,
	pipelineId: null,
	segmentId: null
};

export function filtersQuery(f: DashboardFilters): URLSearchParams {
	const q = new URLSearchParams();
	if (typeof f.period === 'string') q.set('period', f.period);
	else q.set('period', `${f.period.from}..${f.period.to}`);
	if (f.compare) q.set('compare', '1');
	if (f.ownerId) q.set('owner', f.ownerId);
	if (f.teamId) q.set('team', f.teamId);
	if (f.pipelineId) q.set('pipeline', f.pipelineId);
	if (f.segmentId) q.set('segment', f.segmentId);
	return q;
}

export function filtersFromQuery(q: URLSearchParams): DashboardFilters {
	const raw = q.get('period') ?? '';
	const [from, to] = raw.split('..');
	const period: PeriodChoice | null = isPeriodChoice(raw)
		? raw
		: isPeriodChoice({ from, to })
			? { from, to }
			: null;
	return {
		period: period ?? DEFAULT_FILTERS.period,
		compare: q.get('compare') === '1',
		ownerId: q.get('owner') || null,
		teamId: q.get('team') || null,
		pipelineId: q.get('pipeline') || null,
		segmentId: q.get('segment') || null
	};
}

/** Which figure a click-through opens: a point of a series, or a cell of the table. */
export type DrillTarget =
	{ series: string; point: string } | { row: string; column: number } | { total: true };

export function drillQuery(target: DrillTarget): [string, string][] {
	if ('total' in target) return [['drill', 'total']];
	if ('series' in target)
		return [
			['series', target.series],
			['point', target.point]
		];
	return [
		['row', target.row],
		['col', String(target.column)]
	];
}

export function drillFromQuery(q: URLSearchParams): DrillTarget | null {
	if (q.get('drill') === 'total') return { total: true };
	const series = q.get('series');
	const point = q.get('point');
	if (series !== null && point !== null) return { series, point };
	const row = q.get('row');
	const column = Number(q.get('col'));
	if (row !== null && Number.isInteger(column) && column >= 0) return { row, column };
	return null;
}
