/** Addresses of report pages and their click-through lists, with the app's base path. */
import { hrefOf } from '../paths/href';
import type { DashboardFilters } from '$lib/session/dashboards';
import { drillQuery, filtersQuery, type DrillTarget } from './filters-url';

export function reportHref(reportId: string, f: DashboardFilters, target?: DrillTarget): string {
	const q = filtersQuery(f);
	if (target) for (const [k, v] of drillQuery(target)) q.set(k, v);
	return `${hrefOf(`/reports/${encodeURIComponent(reportId)}`)}?${q}`;
}
