/**
 * The dashboard: a named set of report cards and the filters they share (period, comparison,
 * owner, team, pipeline, segment), shared with the team. Declared here once, so history, undo,
 * "Recently deleted" and the backup come with it. Each filter is a field, so its own merge
 * unit; the cards are keys of their own (dashboards/cards.ts says why and how), read into
 * `cards` on read and never written as one list.
 */
import { describeRaw } from '../describe-raw';
import { oneOf, optionalId, text, type Issues } from '../coerce';
import type { RecordIssue, Validated } from '../issues';
import type { MergeResult } from '../merge';
import { readCards, type DashboardCard } from '../dashboards/cards';
import { TEMPLATE_IDS, type TemplateId } from '../dashboards/templates';
import { isPeriodChoice, type PeriodChoice } from '../reports/period-choice';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { declareRecordType } from './declaration';

export interface DashboardFields {
	name: string;
	/** The template it was made from (its id is the template's); null: made by hand. */
	template: TemplateId | null;
	period: PeriodChoice;
	/** Show the previous period beside each figure. */
	compare: boolean;
	/** One member's figures; null: everyone's. */
	ownerId: string | null;
	/** One team's figures (domain/teams.ts); null: every team's. */
	teamId: string | null;
	/** One pipeline's deals; null: every pipeline. */
	pipelineId: string | null;
	/** A saved segment: only records about its people; null: everyone. */
	segmentId: string | null;
	/** Read from the card keys (cards.ts); never written as a field. */
	cards: DashboardCard[];
}

export interface DashboardRow {
	id: string;
	name: string;
	template: TemplateId | null;
	ownerId: string | null;
	cardCount: number;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const DASHBOARD_FIELD_LABELS: Record<keyof DashboardFields, string> = {
	name: 'Name',
	template: 'Template',
	period: 'Period',
	compare: 'Compare with the previous period',
	ownerId: 'Owner',
	teamId: 'Team',
	pipelineId: 'Pipeline',
	segmentId: 'Segment',
	cards: 'Cards'
};

export function emptyDashboard(): DashboardFields {
	return {
		name: '',
		template: null,
		period: 'this-quarter',
		compare: false,
		ownerId: null,
		teamId: null,
		pipelineId: null,
		segmentId: null,
		cards: []
	};
}

function period(raw: unknown, issues: Issues): PeriodChoice {
	if (isPeriodChoice(raw)) return raw;
	if (raw !== undefined && raw !== null)
		issues.push({
			field: 'period',
			message: `${DASHBOARD_FIELD_LABELS.period}: expected this month, quarter, year, the last 12 months or two days, found ${describeRaw(raw)}; showing this quarter.`,
			raw
		});
	return 'this-quarter';
}

export function validateDashboard(raw: unknown): Validated<DashboardFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The dashboard is unreadable: expected a set of fields, found ${describeRaw(raw)}.`,
			raw
		});
	const L = DASHBOARD_FIELD_LABELS;
	const template =
		r.template === null || r.template === undefined
			? null
			: oneOf(r.template, TEMPLATE_IDS, 'default', 'default', 'template', L.template, issues);
	const value: DashboardFields = {
		name: text(r.name, 'name', L.name, issues),
		template,
		period: period(r.period, issues),
		compare: r.compare === true,
		ownerId: optionalId(r.ownerId, 'ownerId', L.ownerId, issues),
		teamId: optionalId(r.teamId, 'teamId', L.teamId, issues),
		pipelineId: optionalId(r.pipelineId, 'pipelineId', L.pipelineId, issues),
		segmentId: optionalId(r.segmentId, 'segmentId', L.segmentId, issues),
		cards: readCards(r)
	};
	return { value, issues };
}

/** Two dashboards merged: the kept one stays as it is (a dashboard is a layout, not a sum). */
function mergeDashboards(keep: DashboardFields): MergeResult<DashboardFields> {
	return { merged: { ...keep }, conflicts: [] };
}

export const dashboard = declareRecordType<
	DashboardFields,
	DashboardRow,
	'dashboard',
	'dashboards'
>({
	name: 'dashboard',
	collection: 'dashboards',
	nouns: ['dashboard', 'dashboards'],
	labels: DASHBOARD_FIELD_LABELS,
	empty: emptyDashboard,
	validate: validateDashboard,
	textFields: ['notes'],
	displayName: (d) => d.name || 'Untitled dashboard',
	row(id, d, updatedAt, hasIssues, _defs, lookup) {
		return {
			id,
			name: d.name || 'Untitled dashboard',
			template: d.template,
			ownerId: lookup.intern(d.ownerId),
			cardCount: d.cards.length,
			updatedAt,
			hasIssues,
			search: searchText([d.name])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	relations: [],
	merge: mergeDashboards,
	// Two dashboards of the same name are a team's choice, not a mistake.
	duplicates: { from: 'rows', find: () => [] }
});
