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
import { COUNT, Tally, drillOf, pointsOf } from './tally';

export const ACTIVITY_KINDS = ['call', 'meeting', 'email'] as const satisfies InteractionKind[];
const KIND_LABELS = { call: 'Calls', meeting: 'Meetings', email: 'E-mails' } as const;
type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Per member and kind, the interaction ids; per member, kind and week, too. */
interface Counted {
	members: string[];
	/** member → kind → week index → ids */
	cells: Map<string, Map<ActivityKind, string[][]>>;
}

function count(
	input: ReportInput,
	filters: ReportFilters,
	span: Span,
	weeks: readonly Span[]
): Counted {
	const cells = new Map<string, Map<ActivityKind, string[][]>>();
	for (const it of input.rows.interaction ?? []) {
		const kind = it.kind as ActivityKind;
		if (!(ACTIVITY_KINDS as readonly string[]).includes(kind)) continue;
		if (it.occurredAt < span.from || it.occurredAt >= span.to) continue;
		if (!interactionInScope(it, filters)) continue;
		const w = bucketIndex(weeks, it.occurredAt);
		if (w < 0) continue;
		for (const m of new Set(it.memberIds)) {
			if (filters.ownerId !== null && m !== filters.ownerId) continue;
			let byKind = cells.get(m);
			if (!byKind) {
				byKind = new Map(ACTIVITY_KINDS.map((k) => [k, weeks.map(() => [])]));
				cells.set(m, byKind);
			}
			byKind.get(kind)![w].push(it.id);
		}
	}
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	const members = [...cells.keys()].sort((a, b) =>
		(names.get(a) ?? a).localeCompare(names.get(b) ?? b)
	);
	return { members, cells };
}

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const weeks = weeksIn(filters.period, input.timeZone);
	const now = count(input, filters, filters.period, weeks);
	const prevWeeks = filters.previous ? weeksIn(filters.previous, input.timeZone) : null;
	const before =
		filters.previous && prevWeeks ? count(input, filters, filters.previous, prevWeeks) : null;
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	const keys = now.members.map((m) => ({ key: m, label: names.get(m) ?? 'Unknown member' }));
	const perKind = (c: Counted | null, kind: ActivityKind, members: readonly string[]) => {
		const t = new Tally(members.length);
		if (!c) return t;
		members.forEach((m, i) => {
			for (const ids of c.cells.get(m)?.get(kind) ?? []) for (const id of ids) t.add(i, id);
		});
		return t;
	};
	const rows: TableRow[] = [];
	for (const m of now.members) {
		const byKind = now.cells.get(m)!;
		weeks.forEach((w, wi) => {
			const ids = ACTIVITY_KINDS.map((k) => byKind.get(k)![wi]);
			const all = ids.flat();
			if (all.length === 0) return;
			rows.push({
				key: `${m}/${w.key}`,
				cells: [names.get(m) ?? 'Unknown member', w.label, ...ids.map((x) => x.length), all.length],
				drill: drillOf('interaction', all),
				drills: [
					null,
					null,
					...ids.map((x) => drillOf('interaction', x)),
					drillOf('interaction', all)
				]
			});
		});
	}
	const all = new Set<string>();
	for (const byKind of now.cells.values())
		for (const weeksIds of byKind.values())
			for (const ids of weeksIds) for (const id of ids) all.add(id);
	let previousTotal = 0;
	if (before) {
		const seen = new Set<string>();
		for (const byKind of before.cells.values())
			for (const weeksIds of byKind.values())
				for (const ids of weeksIds) for (const id of ids) seen.add(id);
		previousTotal = seen.size;
	}
	return {
		kind: 'stacked',
		unit: COUNT,
		series: ACTIVITY_KINDS.map((k) => ({
			key: k,
			label: KIND_LABELS[k],
			points: pointsOf(
				keys,
				perKind(now, k, now.members),
				'interaction',
				before ? perKind(before, k, now.members) : null
			)
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
			value: all.size,
			...(before ? { previous: previousTotal } : {}),
			drill: drillOf('interaction', [...all])
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
