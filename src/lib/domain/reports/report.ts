/**
 * A report: one pure function from the workspace's live rows and a dashboard's filters to what
 * a card draws (chart, number or table), the table a screen reader reads, the CSV and the
 * records behind every bar. For the engineer adding reports (issue #17):
 *
 * - write `domain/reports/<id>.ts` exporting a `Report` and add it to `index.ts`; nothing
 *   else: cards, full pages (/reports/<id>), tables, CSV, PNG and click-through derive from it;
 * - `reads` names the record types `compute` reads: the session feeds exactly those rows
 *   (and opens the months of interactions the period needs), so say every type you read;
 * - `honours` names the filters that change the result; the card offers only those;
 * - `compute` is pure and quick (no Date.now(), no I/O): time comes as `input.now` and the
 *   period as ms in the user's zone (`filters.period`), already resolved (period.ts);
 * - every point carries `drill`: the records behind it (type + ids), so a click lists exactly
 *   them; a point with nothing behind it has empty ids, never a made-up list;
 * - amounts are in the workspace currency (`input.currency`), converted with the dated rates
 *   (`input.rates`, forecast/rates.ts) as the forecast does; say the unit in `unit`;
 * - `table` is the same figures as rows (one per point, or richer): it is the screen readers'
 *   view, the full page's table and the CSV, so put every number of the chart in it.
 *
 * - a report that honours 'owner' honours the team too (`teamMembers`): the records whose
 *   owner is one of the team's members (scope.ts says it once per record type).
 */
import type { RateIndex } from '../forecast/rates';
import type { Pipeline } from '../pipelines/pipeline';
import type { Member } from '../records';
import type {
	DealRow,
	GoalRow,
	InteractionRow,
	OrderRow,
	PersonRow,
	OrganizationRow,
	ProductRow,
	RequestRow,
	RecordTypeName,
	TaskRow
} from '../record-types';

/** How a card draws the result ('number': the first point of the first series, big). */
export const REPORT_KINDS = ['bar', 'line', 'stacked', 'number', 'table', 'doughnut'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What the values count: an amount in a currency, things, days, hours or a share (0–100). */
export type ReportUnit =
	| { kind: 'currency'; currency: string }
	| { kind: 'count' }
	| { kind: 'days' }
	| { kind: 'hours' }
	| { kind: 'percent' };

/** The records behind a figure: a list of that type showing exactly these ids. */
export interface Drill {
	type: RecordTypeName;
	ids: readonly string[];
}

/** One bar, slice, point or number. */
export interface ReportPoint {
	/** Stable within its series ('2026-12', a stage id, a member id): a chart updates in place. */
	key: string;
	label: string;
	value: number;
	/** The same figure in the comparison period, when the filters ask for one. */
	previous?: number;
	drill: Drill;
	/** Another unit than its series' or result's (a total amount over bars of counts). */
	unit?: ReportUnit;
}

/** One set of points over the same keys (a 'stacked' or 'line' chart has several). */
export interface ReportSeries {
	key: string;
	label: string;
	points: ReportPoint[];
	/** Another unit than the result's (a line of counts over bars of amounts). */
	unit?: ReportUnit;
	/** Drawn as a line over the bars (a target). */
	line?: boolean;
}

export interface TableColumn {
	key: string;
	label: string;
	/** Numbers are formatted with it; absent: the cell is text. */
	unit?: ReportUnit;
}

/** One row of the table; `drill` makes its first cell a link to its records, `drills` (one per
 * cell, null for none) each figure a link to its own (the won cell opens the won deals). */
export interface TableRow {
	key: string;
	cells: readonly (string | number | null)[];
	drill?: Drill;
	drills?: readonly (Drill | null)[];
}

export interface ReportTable {
	columns: readonly TableColumn[];
	rows: readonly TableRow[];
}

export interface ReportResult {
	kind: ReportKind;
	unit: ReportUnit;
	series: ReportSeries[];
	table: ReportTable;
	/** The one figure a 'number' card shows (won this period, median response time), with its
	 * previous value and drill; left out, the report is not offered as a number card. */
	total?: ReportPoint;
	/** Said under the chart: what was left out and why ('2 deals in USD have no rate'). */
	notes?: string[];
	/**
	 * No figures yet: they are being computed elsewhere (the reports worker reading every month
	 * of orders on the device). A card says so — with how many of the documents to read are
	 * read, when known — instead of drawing an empty chart; its notes say what is awaited.
	 */
	pending?: { done: number; total: number } | null;
}

/** The filters a report may honour. */
export const FILTER_NAMES = ['period', 'compare', 'owner', 'pipeline', 'segment'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** A span of time, [from, to) in ms. */
export interface Span {
	from: number;
	to: number;
}

/** A dashboard's filters as `compute` gets them: resolved (period.ts resolves presets). */
export interface ReportFilters {
	/** The period, [from, to) in ms, its edges at midnight in `input.timeZone`. */
	period: Span;
	/** The previous period of the same length (a month before a month), when comparing. */
	previous: Span | null;
	/** One member's records (owner, assignee or participant); null: everyone's. */
	ownerId: string | null;
	/** A team's records: those whose owner (assignee, participant) is one of these members;
	 * null or absent: everyone's. */
	teamMembers?: ReadonlySet<string> | null;
	/** The customers the owner and team filters keep (customer-scope.ts), worked out by the page
	 * for the reports worker, which reads no owners; absent: worked out from the input. */
	ownedCustomers?: ReadonlySet<string> | null;
	/** One pipeline's deals; null: every pipeline. */
	pipelineId: string | null;
	/** Only records about these people (a saved segment's members); null: everyone. */
	segmentPeople: ReadonlySet<string> | null;
}

/** The live rows a report may read, by type; only the types it `reads` are filled. */
export interface ReportRows {
	person?: readonly PersonRow[];
	organization?: readonly OrganizationRow[];
	product?: readonly ProductRow[];
	deal?: readonly DealRow[];
	order?: readonly OrderRow[];
	request?: readonly RequestRow[];
	interaction?: readonly InteractionRow[];
	task?: readonly TaskRow[];
	goal?: readonly GoalRow[];
}

/** Everything a report may read besides the filters. */
export interface ReportInput {
	rows: ReportRows;
	pipelines: readonly Pipeline[];
	/** The workspace currency and its dated rates. */
	currency: string;
	rates: RateIndex;
	members: readonly Member[];
	now: number;
	/** The user's IANA zone: months and weeks are cut at its midnights. */
	timeZone: string;
}

export interface Report {
	id: string;
	title: string;
	/** One sentence: what it shows and how it counts. */
	description: string;
	reads: readonly RecordTypeName[];
	honours: readonly FilterName[];
	/** How a card draws it unless the card says otherwise. */
	kind: ReportKind;
	compute(input: ReportInput, filters: ReportFilters): ReportResult;
	/**
	 * Optional: a compute of its own (one per dashboard) that keeps its figures between calls
	 * and counts again only the rows whose objects changed (contributions.ts), for a teammate's
	 * one edit over 20,000 deals. It gives what `compute` gives (the same figures to the cent,
	 * the same records behind each; the ids of a figure may come in another order).
	 */
	live?(): (input: ReportInput, filters: ReportFilters) => ReportResult;
}
