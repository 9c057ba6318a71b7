/**
 * Every report, by id: a dashboard card names its report by id, /reports/<id> shows it whole.
 * A new report is one module and one line here (report.ts says what a report holds).
 */
import { activitiesPerMember } from './activities';
import { acquisitionRetentionReport, campaignRoiReport } from './campaign-reports';
import { newCustomersReport, retentionReport } from './customer-reports';
import { forecastTarget } from './forecast-target';
import { goalProgressReport } from './goal-progress';
import { lossReasons } from './loss-reasons';
import { pipelineByStage } from './pipeline-by-stage';
import type { Report } from './report';
import { requestsFlow, responseTimesReport, satisfactionReport } from './requests';
import { revenueByCategoryReport, revenueByTierReport } from './revenue-reports';
import { rfmGridReport } from './rfm-grid-report';
import { segmentSizesReport } from './segment-sizes-report';
import { wonLost } from './won-lost';

export type * from './report';

export const REPORTS: readonly Report[] = [
	pipelineByStage,
	forecastTarget,
	wonLost,
	lossReasons,
	activitiesPerMember,
	goalProgressReport,
	requestsFlow,
	responseTimesReport,
	satisfactionReport,
	revenueByCategoryReport,
	revenueByTierReport,
	rfmGridReport,
	segmentSizesReport,
	newCustomersReport,
	retentionReport,
	campaignRoiReport,
	acquisitionRetentionReport
];

const byId = new Map<string, Report>(REPORTS.map((r) => [r.id, r]));

/** The report of that id, or undefined (a newer peer's report this build does not know). */
export function reportOf(id: string): Report | undefined {
	return byId.get(id);
}

/** Checks the registry: ids unique and URL-safe; the registry's test runs it. */
export function reportProblems(reports: readonly Report[] = REPORTS): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const r of reports) {
		if (seen.has(r.id)) problems.push(`two reports are "${r.id}"`);
		if (!/^[a-z0-9-]+$/.test(r.id)) problems.push(`"${r.id}" is not a lower-case slug`);
		seen.add(r.id);
	}
	return problems;
}
