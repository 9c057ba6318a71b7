/**
 * Who is doing what: calls, meetings and e-mails per member and per week (Monday to Sunday in
 * the reader's zone), from the interactions the member took part in — as the goals count
 * "activities logged", an interaction with two members counts for each of them. The chart
 * stacks the kinds per member over the period; the table has a row per member and week.
 * Interactions are placed by month and only recent months open with the workspace: the session
 * opens the months the period needs (`reads: interaction`). On a page the figures are counted
 * from the session's kept times (activity-times.ts), so a call logged costs no pass over the
 * rows; the ids behind a figure are gathered from the rows when it is opened.
 */
import type { InteractionKind } from '../record-types/interaction';
import { ACTIVITY_KIND_INDEX as KIND_INDEX, type ActivityInput } from './activity-times';
import { bucketIndex, weeksIn, type Bucket } from './period';
import type { Report, ReportFilters, ReportInput, ReportResult, Span, TableRow } from './report';
import { inTeam, interactionInScope } from './scope';
import { COUNT, lazyDrill } from './tally';

export const ACTIVITY_KINDS = ['call', 'meeting', 'email'] as const satisfies InteractionKind[];
const KIND_LABELS = { call: 'Calls', meeting: 'Meetings', email: 'E-mails' } as const;

/**
 * Calls `visit` with each activity of `span` in the filters' scope, its kind's index and week,
 * and its members the filters count (a member named twice once; the owner only, if filtered).
 */
function eachActivity(
	input: ReportInput,
	filters: ReportFilters,
	span: Span,
	weeks: readonly Span[],
	visit: (id: string, kind: number, week: number, member: string) => boolean | void
): void {
	const owner = filters.ownerId;
	for (const it of input.rows.interaction ?? []) {
		const kind = KIND_INDEX[it.kind];
		if (kind === undefined) continue;
		const at = it.occurredAt;
		if (at < span.from || at >= span.to || !interactionInScope(it, filters)) continue;
		const w = bucketIndex(weeks, at);
		if (w < 0) continue;
		const members = it.memberIds;
		for (let k = 0; k < members.length; k++) {
			const m = members[k];
			if (k > 0 && members.indexOf(m) !== k) continue;
			if ((owner !== null && m !== owner) || !inTeam(filters, m)) continue;
			if (visit(it.id, kind, w, m) === false) break;
		}
	}
}

/**
 * Per member, how many of each kind per week (kind × weeks + week), and how many activities
 * counted at all (once however many members). Counts only: the ids behind a figure are
 * gathered again when it is opened — pushing 250,000 ids into 1,500 arrays at every call
 * logged was most of this report's time and garbage.
 */
interface Counted {
	members: string[];
	counts: Map<string, Int32Array>;
	total: number;
}

function count(
	input: ReportInput,
	filters: ReportFilters,
	span: Span,
	weeks: readonly Span[]
): Counted {
	const kept = (input as ActivityInput).activityTimes;
	// The kept times know members and kinds, not people or teams: those filters count the rows.
	const team = (filters as { teamMembers?: ReadonlySet<string> | null }).teamMembers;
	if (kept && filters.segmentPeople === null && !team)
		return countKept(kept, input, filters, span, weeks);
	const n = weeks.length;
	const counts = new Map<string, Int32Array>();
	let total = 0;
	let last = '';
	eachActivity(input, filters, span, weeks, (id, kind, w, m) => {
		let c = counts.get(m);
		if (!c) counts.set(m, (c = new Int32Array(ACTIVITY_KINDS.length * n)));
		c[kind * n + w]++;
		if (id !== last) total++; // several members of one activity come one after another
		last = id;
	});
	return { members: byName(input, counts), counts, total };
}

/** The same counts from the kept times: two binary searches per member, kind and week. */
function countKept(
	kept: NonNullable<ActivityInput['activityTimes']>,
	input: ReportInput,
	filters: ReportFilters,
	span: Span,
	weeks: readonly Span[]
): Counted {
	const n = weeks.length;
	const owner = filters.ownerId;
	const counts = new Map<string, Int32Array>();
	let mine = 0;
	for (const m of kept.members()) {
		if (owner !== null && m !== owner) continue;
		const c = new Int32Array(ACTIVITY_KINDS.length * n);
		let sum = 0;
		for (let k = 0; k < ACTIVITY_KINDS.length; k++)
			for (let w = 0; w < n; w++) sum += c[k * n + w] = kept.count(m, k, weeks[w]);
		if (sum > 0) counts.set(m, c);
		mine += sum;
	}
	// With an owner, each of their activities once; else every activity with a member once.
	const total = owner !== null ? mine : n > 0 ? kept.total(span) : 0;
	return { members: byName(input, counts), counts, total };
}

function byName(input: ReportInput, counts: ReadonlyMap<string, unknown>): string[] {
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	return [...counts.keys()].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b));
}

/** The weeks of the last spans asked for: cutting 53 weeks at a zone's midnights is a few ms
 * of date-fns-tz, more than counting them from the kept times. */
const cutWeeks = new Map<string, Bucket[]>();

function weeksOf(span: Span, zone: string): Bucket[] {
	const key = `${span.from}/${span.to}/${zone}`;
	let weeks = cutWeeks.get(key);
	if (!weeks) {
		if (cutWeeks.size >= 8) cutWeeks.clear();
		cutWeeks.set(key, (weeks = weeksIn(span, zone)));
	}
	return weeks;
}

function compute(input: ReportInput, filters: ReportFilters): ReportResult {
	const weeks = weeksOf(filters.period, input.timeZone);
	const n = weeks.length;
	const now = count(input, filters, filters.period, weeks);
	const before = filters.previous
		? count(input, filters, filters.previous, weeksOf(filters.previous, input.timeZone))
		: null;
	// A member's ids per kind and week, gathered in one pass when one of their figures is opened.
	const gathered = new Map<string, string[][]>();
	const idsOf = (member: string): string[][] => {
		let cells = gathered.get(member);
		if (!cells) {
			const mine: string[][] = Array.from({ length: ACTIVITY_KINDS.length * n }, () => []);
			eachActivity(input, filters, filters.period, weeks, (id, kind, w, m) => {
				if (m !== member) return;
				mine[kind * n + w].push(id);
				return false;
			});
			gathered.set(member, (cells = mine));
		}
		return cells;
	};
	const names = new Map(input.members.map((m) => [m.id, m.name]));
	const nameOf = (m: string) => names.get(m) ?? 'Unknown member';
	const sumOf = (c: Int32Array | undefined, kind: number, weeks: number) => {
		let total = 0;
		for (let w = 0; w < weeks; w++) total += c?.[kind * weeks + w] ?? 0;
		return total;
	};
	const rows: TableRow[] = [];
	for (const m of now.members) {
		const c = now.counts.get(m)!;
		weeks.forEach((w, wi) => {
			const figures = ACTIVITY_KINDS.map((_, k) => c[k * n + wi]);
			const total = figures.reduce((a, b) => a + b, 0);
			if (total === 0) return;
			const cell = (k: number) => idsOf(m)[k * n + wi];
			const all = lazyDrill('interaction', () => ACTIVITY_KINDS.flatMap((_, k) => cell(k)));
			rows.push({
				key: `${m}/${w.key}`,
				cells: [nameOf(m), w.label, ...figures, total],
				drill: all,
				drills: [
					null,
					null,
					...ACTIVITY_KINDS.map((_, k) => lazyDrill('interaction', () => cell(k))),
					all
				]
			});
		});
	}
	const prevWeeks = before ? weeksOf(filters.previous!, input.timeZone).length : 0;
	return {
		kind: 'stacked',
		unit: COUNT,
		series: ACTIVITY_KINDS.map((key, k) => ({
			key,
			label: KIND_LABELS[key],
			points: now.members.map((m) => ({
				key: m,
				label: nameOf(m),
				value: sumOf(now.counts.get(m), k, n),
				...(before ? { previous: sumOf(before.counts.get(m), k, prevWeeks) } : {}),
				drill: lazyDrill('interaction', () =>
					idsOf(m)
						.slice(k * n, (k + 1) * n)
						.flat()
				)
			}))
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
			value: now.total,
			...(before ? { previous: before.total } : {}),
			drill: lazyDrill('interaction', () => {
				const ids: string[] = [];
				eachActivity(input, filters, filters.period, weeks, (id) => {
					ids.push(id);
					return false;
				});
				return ids;
			})
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
