/**
 * A goal: a target for a member (or the whole team) over a month or a quarter, on won amount,
 * deals won, new customers or activities logged. A record type rather than a workspace setting:
 * goals are few and edited by managers, who want to see who changed a target and undo a slip —
 * as a record it gets history, undo, "Recently deleted" and the backup from this declaration.
 * Progress is derived from the deals and interactions (domain/goals/progress.ts), never stored.
 */
import type { RecordIssue, Validated } from '../issues';
import { keepAsIs } from '../merge';
import { describeRaw } from '../describe-raw';
import { nonNegative, oneOf, optionalId, type Issues } from '../coerce';
import { isPeriod, periodLabel } from '../forecast/periods';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { asRecord } from '../validate';
import { declareRecordType } from './declaration';

export const GOAL_METRICS = [
	'won amount',
	'deals won',
	'new customers',
	'activities logged'
] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export const METRIC_LABELS: Record<GoalMetric, string> = {
	'won amount': 'Won amount',
	'deals won': 'Deals won',
	'new customers': 'New customers',
	'activities logged': 'Activities logged'
};

export interface GoalFields {
	/** The member it is for; null: the whole team. */
	memberId: string | null;
	/** '2026-12' (a month) or '2026-Q4' (a quarter), in UTC. */
	period: string;
	metric: GoalMetric;
	/** ≥ 0: an amount in the workspace currency, or a number of deals, customers, activities. */
	target: number;
}

export interface GoalRow {
	id: string;
	name: string;
	memberId: string | null;
	period: string;
	metric: GoalMetric;
	target: number;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const GOAL_FIELD_LABELS: Record<keyof GoalFields, string> = {
	memberId: 'Member',
	period: 'Period',
	metric: 'Measure',
	target: 'Target'
};

export function emptyGoal(): GoalFields {
	return { memberId: null, period: '', metric: 'won amount', target: 0 };
}

/** 'Won amount, Q4 2026'. */
export function goalName(g: Pick<GoalFields, 'metric' | 'period'>): string {
	return `${METRIC_LABELS[g.metric]}, ${g.period ? periodLabel(g.period) : 'no period'}`;
}

function period(raw: unknown, issues: Issues): string {
	if (isPeriod(raw)) return raw;
	if (raw === undefined || raw === null || raw === '') return '';
	issues.push({
		field: 'period',
		message: `${GOAL_FIELD_LABELS.period}: expected a month (2026-12) or a quarter (2026-Q4), found ${describeRaw(raw)}; showing none.`,
		raw
	});
	return '';
}

export function validateGoal(raw: unknown): Validated<GoalFields> {
	const issues: RecordIssue[] = [];
	const r = asRecord(raw, 'goal', issues);
	const L = GOAL_FIELD_LABELS;
	const value: GoalFields = {
		memberId: optionalId(r.memberId, 'memberId', L.memberId, issues),
		period: period(r.period, issues),
		metric: oneOf(r.metric, GOAL_METRICS, 'won amount', 'won amount', 'metric', L.metric, issues),
		target: nonNegative(r.target, 'target', L.target, issues) ?? 0
	};
	return { value, issues };
}

export const goal = declareRecordType<GoalFields, GoalRow, 'goal', 'goals'>({
	name: 'goal',
	collection: 'goals',
	nouns: ['goal', 'goals'],
	labels: GOAL_FIELD_LABELS,
	empty: emptyGoal,
	validate: validateGoal,
	textFields: ['notes'],
	displayName: goalName,
	row(id, g, updatedAt, hasIssues, _defs, lookup) {
		const name = goalName(g);
		return {
			id,
			name,
			memberId: lookup.intern(g.memberId),
			period: lookup.intern(g.period),
			metric: g.metric,
			target: g.target,
			updatedAt,
			hasIssues,
			search: searchText([name, g.period])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		metric: { type: 'choice', label: 'Measure' },
		period: { type: 'text', label: 'Period' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	relations: [],
	// Two goals merged: the kept one's values stay (a goal is its four values, not a sum).
	merge: keepAsIs,
	// Two goals for the same member, period and measure are the manager's to tidy: not offered
	// as duplicates (the goals screen shows both).
	duplicates: { from: 'rows', find: () => [] }
});
