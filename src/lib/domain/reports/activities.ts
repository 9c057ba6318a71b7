/**
 * Who is doing what: calls, meetings and e-mails per member and per week (Monday to Sunday in
 * the reader's zone), from the interactions the member took part in — as the goals count
 * "activities logged", an interaction with two members counts for each of them. The chart
 * stacks the kinds per member over the period; the table has a row per member and week.
 * Interactions are placed by month and only recent months open with the workspace: the session
 * opens the months the period needs (`reads: interaction`).
 */
import type { InteractionKind } from '../record-types/interaction';
import { bucketIndex, weeksIn } from './period';
import type { Report, ReportFilters, ReportInput, ReportResult, Span, TableRow } from './report';
import { interactionInScope } from './scope';
import { COUNT, drillOf, lazyDrill } from './tally';

export const ACTIVITY_KINDS = ['call', 'meeting', 'email'] as const satisfies InteractionKind[];
const KIND_LABELS = { call: 'Calls', meeting: 'Meetings', email: 'E-mails' } as const;
type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Per member, kind and week, the interaction ids; and every interaction counted, once. */
interface Counted {
	members: string[];
	/** member → kind → week index → ids */
	cells: Map<string, Map<ActivityKind, string[][]>>;
	/** Each interaction counted, once however many members it has. */
	all: string[];
}

function count(
	input: ReportInput,
	filters: ReportFilters,
	span: Span,
	weeks: readonly Span[]
): Counted {
	const cells = new Map<string, Map<ActivityKind, string[][]>>();
	const all: string[] = [];
	for (const it of input.rows.interaction ?? []) {
		const kind = it.kind as ActivityKind;
		if (kind !== 'call' && kind !== 'meeting' && kind !== 'email') continue;
		if (it.occurredAt < span.from || it.occurredAt >= span.to) continue;
		if (!interactionInScope(it, filters)) continue;
		const w = bucketIndex(weeks, it.occurredAt);
		if (w < 0) continue;
		const members = it.memberIds;
		let counted = false;
		for (let k = 0; k < members.length; k++) {
			const m = members[k];
			if (members.indexOf(m) !== k) continue; // a member named twice counts once
			if (filters.ownerId !== null && m !== filters.ownerId) continue;
			let byKind = cells.get(m);
			if (!byKind) {
				byKind = new Map(ACTIVITY_KINDS.map((k) => [k, weeks.map(() => [])]));
				cells.set(m, byKind);
			}
			byKind.get(kind)![w].push(it.id);
			counted = true;
		}
		if (counted) all.push(it.id);
	}
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	const members = [...cells.keys()].sort((a, b) =>
		(names.get(a) ?? a).localeCompare(names.get(b) ?? b)
	);
	return { members, cells, all };
}

/** A member's figure of one kind over the period: how many, and (lazily) which. */
function perKind(c: Counted | null, member: string, kind: ActivityKind): string[][] {
	return c?.cells.get(member)?.get(kind) ?? [];
}

const sum = (weeks: readonly (readonly string[])[]) => weeks.reduce((n, w) => n + w.length, 0);

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const weeks = weeksIn(filters.period, input.timeZone);
	const now = count(input, filters, filters.period, weeks);
	const prevWeeks = filters.previous ? weeksIn(filters.previous, input.timeZone) : null;
	const before =
		filters.previous && prevWeeks ? count(input, filters, filters.previous, prevWeeks) : null;
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	const nameOf = (m: string) => names.get(m) ?? 'Unknown member';
	const rows: TableRow[] = [];
	for (const m of now.members) {
		const byKind = now.cells.get(m)!;
		weeks.forEach((w, wi) => {
			const ids = ACTIVITY_KINDS.map((k) => byKind.get(k)![wi]);
			const total = ids.reduce((n, x) => n + x.length, 0);
			if (total === 0) return;
			const all = lazyDrill('interaction', () => ids.flat());
			rows.push({
				key: `${m}/${w.key}`,
				cells: [nameOf(m), w.label, ...ids.map((x) => x.length), total],
				drill: all,
				drills: [null, null, ...ids.map((x) => drillOf('interaction', x)), all]
			});
		});
	}
	return {
		kind: 'stacked',
		unit: COUNT,
		series: ACTIVITY_KINDS.map((k) => ({
			key: k,
			label: KIND_LABELS[k],
			points: now.members.map((m) => {
				const mine = perKind(now, m, k);
				return {
					key: m,
					label: nameOf(m),
					value: sum(mine),
					...(before ? { previous: sum(perKind(before, m, k)) } : {}),
					drill: lazyDrill('interaction', () => mine.flat())
				};
			})
		})),
		table: {
			columns: [
				{ key: 'member', label: 'Member' },
				{ key: 'week', label: 'Week' },
				...ACTIVITY_KINDS.map((k) => ({ key: k, label: KIND_LABELS[k], unit: COUNT })),
				{ key: 'total', label: 'Total', unit: COUNT }
			],
			rows
		},
		total: {
			key: 'activities',
			label: 'Activities',
			value: now.all.length,
			...(before ? { previous: before.all.length } : {}),
			drill: drillOf('interaction', now.all)
		}
	};
}

export const activitiesPerMember: Report = {
	id: 'activities-per-member',
	title: 'Activities per member',
	description:
		'Calls, meetings and e-mails each member took part in, per week of the period (an activity with two members counts for both).',
	reads: ['interaction'],
	honours: ['period', 'compare', 'owner', 'segment'],
	kind: 'stacked',
	compute
};
