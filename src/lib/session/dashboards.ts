/**
 * Dashboards for ui/ and routes/: the dashboard records (domain/record-types/dashboard.ts) and
 * their card keys (domain/dashboards/cards.ts) written as one undoable edit each, the templates
 * made on demand with their fixed ids, and what a report computes from: the session's live rows
 * of the types it reads, the workspace currency and rates, the pipelines, the members, and the
 * dashboard's filters resolved in the user's zone (a saved segment becomes its live members).
 * Interactions are placed by month; `holdReportMonths` opens the closed months a period needs,
 * as a timeline scrolled back does.
 */
import { dashboard, interaction, type RecordTypeName } from '$lib/domain/record-types';
import type { DashboardFields } from '$lib/domain/record-types/dashboard';
import {
	addCardKeys,
	cardKey,
	goneKey,
	moveCardKeys,
	positionKey,
	type CardSpec,
	type DashboardCard
} from '$lib/domain/dashboards/cards';
import {
	TEMPLATES,
	templateCardId,
	templateDashboardId,
	type TemplateId
} from '$lib/domain/dashboards/templates';
import {
	monthsIn,
	previousPeriod,
	resolvePeriod,
	type PeriodChoice
} from '$lib/domain/reports/period';
import type { ReportFilters, ReportInput, ReportRows, Span } from '$lib/domain/reports/report';
import { RECORD_TYPES, type AnyRecordType } from '$lib/domain/record-types';
import { localTimeZone } from '$lib/domain/time-zones';
import { pipelinesOf } from '$lib/data/pipelines';
import type { Workspace } from '$lib/data/workspace.svelte';
import { rateIndexOf, currencyOf } from './forecast';
import { segmentMembers } from './segments';
import { teamMembersOf } from './teams';

export type { DashboardFields };

type Patch = Partial<DashboardFields>;
/** Card keys are fields the declaration reads but does not name: written through update. */
const keys = (k: Record<string, unknown>) => k as Patch;

/** Makes a template's dashboard unless it exists (restored if deleted); returns its id. */
export function addTemplateDashboard(ws: Workspace, template: TemplateId): string {
	const t = TEMPLATES[template];
	const id = templateDashboardId(template, ws.me);
	const repo = ws.repo(dashboard);
	const view = repo.get(id);
	if (view) {
		if (view.deleted) repo.restore(id);
		return id;
	}
	const fields: Record<string, unknown> = {
		name: t.own ? `${t.name} (${ws.members.nameOf(ws.me) || 'me'})` : t.name,
		template,
		period: t.period,
		compare: false,
		ownerId: t.own ? ws.me : null
	};
	t.cards.forEach((c, i) =>
		Object.assign(fields, addCardKeysAt(templateCardId(template, i), c, i))
	);
	repo.createWithId(id, fields as Patch);
	return id;
}

function addCardKeysAt(id: string, spec: CardSpec, position: number): Record<string, unknown> {
	return { [cardKey(id)]: { ...spec }, [positionKey(id)]: position };
}

/** A new, empty dashboard; returns its id. */
export function createDashboard(ws: Workspace, name: string): string {
	const trimmed = name.trim();
	if (!trimmed) throw new Error('Name the dashboard.');
	return ws.repo(dashboard).create({ name: trimmed });
}

export function updateDashboard(ws: Workspace, id: string, patch: Patch): void {
	ws.repo(dashboard).update(id, patch);
}

export function addCard(
	ws: Workspace,
	id: string,
	cards: readonly DashboardCard[],
	spec: CardSpec
): string {
	const cardId = crypto.randomUUID().slice(0, 8);
	ws.repo(dashboard).update(id, keys(addCardKeys(cards, cardId, spec)));
	return cardId;
}

export function moveCard(
	ws: Workspace,
	id: string,
	cards: readonly DashboardCard[],
	cardId: string,
	to: number
): void {
	const patch = moveCardKeys(cards, cardId, to);
	if (Object.keys(patch).length) ws.repo(dashboard).update(id, keys(patch));
}

export function removeCard(ws: Workspace, id: string, cardId: string): void {
	ws.repo(dashboard).update(id, keys({ [goneKey(cardId)]: true }));
}

export function changeCard(
	ws: Workspace,
	id: string,
	card: DashboardCard,
	change: Partial<CardSpec>
): void {
	const { reportId, kind, size, chart, title } = { ...card, ...change };
	ws.repo(dashboard).update(
		id,
		keys({ [cardKey(card.id)]: { reportId, kind, size, chart, title } })
	);
}

/** The filters as a dashboard holds them. */
export type DashboardFilters = Pick<
	DashboardFields,
	'period' | 'compare' | 'ownerId' | 'teamId' | 'pipelineId' | 'segmentId'
>;

/** The period and its comparison in the user's zone. */
export function spansOf(period: PeriodChoice, compare: boolean, now: number, zone: string) {
	const span = resolvePeriod(period, now, zone);
	return { span, previous: compare ? previousPeriod(span, zone) : null };
}

/** The filters a report computes with (reactive: a segment's members follow its people). */
export function reportFiltersOf(
	ws: Workspace,
	f: DashboardFilters,
	now: number,
	zone: string = localTimeZone()
): ReportFilters {
	const { span, previous } = spansOf(f.period, f.compare, now, zone);
	return {
		period: span,
		previous,
		ownerId: f.ownerId,
		teamMembers: f.teamId ? teamMembersOf(ws, f.teamId) : null,
		pipelineId: f.pipelineId,
		segmentPeople: f.segmentId ? segmentMembers(ws, f.segmentId).ids : null
	};
}

/** What every report reads besides rows: pipelines, currency and rates, members (reactive). */
export function reportSettingsOf(ws: Workspace): Omit<ReportInput, 'rows' | 'now' | 'timeZone'> {
	return {
		pipelines: pipelinesOf(ws).list,
		currency: currencyOf(ws).currency,
		rates: rateIndexOf(ws),
		members: ws.members.list
	};
}

/** The live rows of the types asked for (reactive). */
export function reportRowsOf(ws: Workspace, reads: Iterable<RecordTypeName>): ReportRows {
	const rows: Record<string, unknown> = {};
	const wanted = new Set(reads);
	for (const type of RECORD_TYPES as readonly AnyRecordType[])
		if (wanted.has(type.name as RecordTypeName)) rows[type.name] = ws.live(type).rows;
	return rows as ReportRows;
}

/** Everything a report computes from (reactive). */
export function reportInputOf(
	ws: Workspace,
	reads: Iterable<RecordTypeName>,
	now: number,
	zone: string = localTimeZone()
): ReportInput {
	return { ...reportSettingsOf(ws), rows: reportRowsOf(ws, reads), now, timeZone: zone };
}

/**
 * Opens the months of interactions that the spans cover and are closed (older than the last
 * three); returns the function that lets them go again.
 */
export function holdReportMonths(
	ws: Workspace,
	reads: Iterable<RecordTypeName>,
	spans: readonly (Span | null)[]
): () => void {
	if (![...reads].includes(interaction.name)) return () => {};
	const closed = new Set(ws.closedMonths(interaction));
	const wanted = new Set<string>();
	for (const span of spans) {
		if (!span) continue;
		// Records are placed by the UTC month of their time, and a span is instants: the UTC
		// months it touches hold all of it, in any zone (a day's margin opened a closed month of
		// 20,000 interactions for "this quarter" at the hot window's edge).
		for (const m of monthsIn(span, 'UTC')) {
			const name = `${interaction.collection}.${m.key}`;
			if (closed.has(name)) wanted.add(name);
		}
	}
	return wanted.size === 0 ? () => {} : ws.holdMonths([...wanted]);
}
