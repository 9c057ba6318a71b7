/**
 * Which of a dashboard's filters the reports shown honour: a filter none of them honours is not
 * offered (unless it is set, so it can be cleared), and one that is set while some of them
 * ignore it is said in words — "Segment sizes over time covers every owner and team" — so no
 * figure reads as filtered when it is not. The team rides with the owner (report.ts).
 */
import type { FilterName } from '$lib/domain/reports/report';
import type { DashboardFilters } from '$lib/session/dashboards';

type Offered = 'owner' | 'pipeline' | 'segment';

export interface IgnoredFilters {
	offered: Record<Offered, boolean>;
	/** One sentence per set filter that some reports cover everyone for. */
	notes: string[];
}

const WHAT: Record<Offered, string> = {
	owner: 'every owner and team',
	pipeline: 'every pipeline',
	segment: 'all people, whatever the segment'
};

function titles(list: readonly string[]): string {
	return list.length <= 1
		? (list[0] ?? '')
		: `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

export function ignoredFilters(
	reports: readonly { title: string; honours: readonly FilterName[] }[],
	f: Pick<DashboardFilters, 'ownerId' | 'teamId' | 'pipelineId' | 'segmentId'>
): IgnoredFilters {
	const set: Record<Offered, boolean> = {
		owner: f.ownerId !== null || f.teamId !== null,
		pipeline: f.pipelineId !== null,
		segment: f.segmentId !== null
	};
	const offered = {} as Record<Offered, boolean>;
	const notes: string[] = [];
	for (const name of ['owner', 'pipeline', 'segment'] as const) {
		const ignoring = [
			...new Set(reports.filter((r) => !r.honours.includes(name)).map((r) => r.title))
		];
		offered[name] = reports.length === 0 || ignoring.length < reports.length || set[name];
		if (set[name] && ignoring.length > 0)
			notes.push(
				`${ignoring.length === reports.length && reports.length === 1 ? 'This report' : titles(ignoring)} ${ignoring.length === 1 ? 'covers' : 'cover'} ${WHAT[name]}.`
			);
	}
	return { offered, notes };
}
