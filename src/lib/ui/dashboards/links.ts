/** Addresses of report pages and their click-through lists, with the app's base path. */
import { hrefOf } from '../paths/href';
import type { DashboardFilters } from '$lib/session/dashboards';
import { drillQuery, filtersQuery, type DrillTarget } from './filters-url';

/**
 * Each report's address under each filters object: a card's table asks for one per cell on
 * every update of its figures, and building the filters' query and resolving the path again
 * for each was part of a teammate's edit reaching a dashboard (traced).
 */
const pages = new WeakMap<DashboardFilters, Map<string, string>>();

function pageOf(reportId: string, f: DashboardFilters): string {
	let byReport = pages.get(f);
	if (!byReport) pages.set(f, (byReport = new Map()));
	let page = byReport.get(reportId);
	if (page === undefined) {
		page = `${hrefOf(`/reports/${encodeURIComponent(reportId)}`)}?${filtersQuery(f)}`;
		byReport.set(reportId, page);
	}
	return page;
}

export function reportHref(reportId: string, f: DashboardFilters, target?: DrillTarget): string {
	const page = pageOf(reportId, f);
	if (!target) return page;
	// The filters' query always names the period, so the target's parameters follow an '&'.
	return `${page}&${new URLSearchParams(drillQuery(target))}`;
}
