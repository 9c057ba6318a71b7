/**
 * The deal: a sale in a pipeline, with a stage, an amount and an expected close date, for an
 * organization, a contact person and the other people involved (with their role). Declared here
 * once; the data layer, the lists, segments, "Recently deleted", history, undo, backup and
 * duplicates derive from this declaration.
 *
 * The stage is a stage id of the deal's pipeline (domain/pipelines); validation keeps any
 * well-formed id, since the pipelines are not known here: the screens show a stage their
 * pipeline does not have (a peer's newer stage) with a warning. The stage history is the
 * history log's stage changes (pipelines/stage-history.ts); every change of the stage also
 * leaves an entry on the deal itself (`trailed`, data/stage-trail.ts), which its row carries as
 * `stageTrail` for the pipeline metrics.
 */
import { describeRaw } from '../describe-raw';
import { pairsBySameKey, type DuplicatePair } from '../duplicates';
import { fold } from '../fold';
import { isEmpty } from '../history';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { moment, nonNegative, oneOf, optionalId, stringList, text, type Issues } from '../coerce';
import { validateLines, type OrderLine } from '../orders/lines';
import { DEFAULT_STAGE_IDS, isPipelineId, isProbability } from '../pipelines/pipeline';
import { compactTrail, type TrailStep } from '../pipelines/trail';
import { isForecastCategory, type ForecastCategory } from '../forecast/category';
export { parseAmount } from '../coerce';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { declareRecordType } from './declaration';
import { OWNER_FIELD, OWNER_FILTER, TAGS_FIELD, TAG_FILTER } from './shared-fields';

/** The default pipeline's stage ids: every deal's stage before pipelines existed. */
export const DEAL_STAGES = DEFAULT_STAGE_IDS;
/** A stage id of the deal's pipeline. */
export type DealStage = string;

/** What a person is to the deal. */
export const DEAL_ROLES = [
	'decision maker',
	'influencer',
	'user',
	'champion',
	'blocker',
	'other'
] as const;
export type DealRole = (typeof DEAL_ROLES)[number];

/** Someone involved in the deal besides (or as well as) the main contact. */
export interface DealPerson {
	personId: string;
	role: DealRole;
}

export const DEFAULT_CURRENCY = 'EUR';

export interface DealFields {
	name: string;
	/** The pipeline's id; null: the default pipeline. */
	pipelineId: string | null;
	stage: DealStage;
	/** Chance of winning, 0–100, set by hand; null: the stage's default. */
	probability: number | null;
	/** In `currency`, ≥ 0; null when not known yet. */
	amount: number | null;
	/** An ISO 4217 code: three capital letters. */
	currency: string;
	/** Ms since the epoch, or null. */
	expectedCloseAt: number | null;
	organizationId: string | null;
	/** The main contact. */
	personId: string | null;
	ownerId: string | null; // a member id
	tags: string[];
	/** The people involved, each once, with their role. */
	people: DealPerson[];
	/** Where the deal came from (referral, website, fair, …). */
	source: string;
	/** Why it was lost, when it was. */
	lostReason: string;
	/** What is being sold: product, quantity, price and discount, as an order's lines. */
	lines: OrderLine[];
	/** The forecast category chosen for it; null (and absent in older deals): the one its
	 * probability gives (forecast/category.ts). */
	forecastCategory: ForecastCategory | null;
	/** The ids of `people`, derived on read (never written): the relation a person's page
	 * lists the deals they are involved in by. */
	peopleIds: string[];
}

/** One row of the deals list: what it shows, sorts, searches and filters. */
export interface DealRow {
	id: string;
	name: string;
	pipelineId: string | null;
	stage: DealStage;
	probability: number | null;
	amount: number | null;
	currency: string;
	expectedCloseAt: number | null;
	organizationId: string | null;
	organizationName: string;
	personId: string | null;
	ownerId: string | null;
	tags: string[];
	forecastCategory: ForecastCategory | null;
	/** Why it was lost (the won/lost report groups by it). */
	lostReason: string;
	/** The people involved (the relation's flat list). */
	peopleIds: string[];
	/** When it was created (ms). */
	createdAt: number;
	/** [entered at, stage id][] in time order, from its creation (pipelines/trail.ts); read from
	 * the deal's own trail keys, so the pipeline metrics need no history log. */
	stageTrail: TrailStep[];
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const DEAL_FIELD_LABELS: Record<keyof DealFields, string> = {
	name: 'Name',
	pipelineId: 'Pipeline',
	stage: 'Stage',
	probability: 'Probability',
	amount: 'Amount',
	currency: 'Currency',
	expectedCloseAt: 'Expected close',
	organizationId: 'Organization',
	personId: 'Contact',
	ownerId: 'Owner',
	tags: 'Tags',
	people: 'People',
	source: 'Source',
	lostReason: 'Lost reason',
	lines: 'Line items',
	forecastCategory: 'Forecast category',
	peopleIds: 'People involved'
};

export function emptyDeal(): DealFields {
	return {
		name: '',
		pipelineId: null,
		stage: 'lead',
		probability: null,
		amount: null,
		currency: DEFAULT_CURRENCY,
		expectedCloseAt: null,
		organizationId: null,
		personId: null,
		ownerId: null,
		tags: [],
		people: [],
		source: '',
		lostReason: '',
		lines: [],
		forecastCategory: null,
		peopleIds: []
	};
}

const CURRENCY = /^[A-Z]{3}$/;
const STAGE_ALIASES: Record<string, DealStage> = {
	new: 'lead',
	negotiating: 'negotiation',
	'closed won': 'won',
	'closed lost': 'lost'
};

/** A stage id; a name an import or an older peer wrote ('Closed Won') is read as its id. */
function stage(raw: unknown, issues: Issues): DealStage {
	if (isPipelineId(raw)) return raw;
	return oneOf(
		raw,
		DEAL_STAGES,
		'lead',
		'lead',
		'stage',
		DEAL_FIELD_LABELS.stage,
		issues,
		STAGE_ALIASES
	);
}

function probability(raw: unknown, issues: Issues): number | null {
	if (raw === undefined || raw === null || isProbability(raw)) return raw ?? null;
	const n = typeof raw === 'number' ? Math.round(raw) : NaN;
	const shown = isProbability(n) ? n : null;
	issues.push({
		field: 'probability',
		message: `${DEAL_FIELD_LABELS.probability}: expected a whole number from 0 to 100, found ${describeRaw(raw)}; ${shown === null ? "showing the stage's" : `showing ${shown}`}.`,
		raw
	});
	return shown;
}

/** The people involved: each once, with a known role (an unknown one reads as 'other'). */
function dealPeople(raw: unknown, issues: Issues): DealPerson[] {
	if (raw === undefined || raw === null) return [];
	const out: DealPerson[] = [];
	let skipped = !Array.isArray(raw);
	for (const item of Array.isArray(raw) ? raw : []) {
		const v = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
		const personId = typeof v.personId === 'string' && v.personId ? v.personId : null;
		if (!personId || out.some((p) => p.personId === personId)) {
			skipped = true;
			continue;
		}
		const role = (DEAL_ROLES as readonly unknown[]).includes(v.role)
			? (v.role as DealRole)
			: 'other';
		if (role !== v.role) skipped = true;
		out.push({ personId, role });
	}
	if (skipped)
		issues.push({
			field: 'people',
			message: `${DEAL_FIELD_LABELS.people}: expected a list of people with their role, found ${describeRaw(raw)}; showing what could be read.`,
			raw
		});
	return out;
}

function forecastCategory(raw: unknown, issues: Issues): ForecastCategory | null {
	if (raw === undefined || raw === null || isForecastCategory(raw)) return raw ?? null;
	issues.push({
		field: 'forecastCategory',
		message: `${DEAL_FIELD_LABELS.forecastCategory}: expected pipeline, best case, commit or omitted, found ${describeRaw(raw)}; showing the one its probability gives.`,
		raw
	});
	return null;
}

function currency(raw: unknown, issues: Issues): string {
	if (typeof raw === 'string' && CURRENCY.test(raw)) return raw;
	if (raw === undefined || raw === null || raw === '') return DEFAULT_CURRENCY;
	const upper = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
	const shown = CURRENCY.test(upper) ? upper : DEFAULT_CURRENCY;
	issues.push({
		field: 'currency',
		message: `${DEAL_FIELD_LABELS.currency}: expected a three-letter code, found ${describeRaw(raw)}; showing "${shown}".`,
		raw
	});
	return shown;
}

/** Validation on read: whatever a peer stored, a complete deal and every problem found. */
export function validateDeal(raw: unknown): Validated<DealFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The deal is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty deal.`,
			raw
		});
	const L = DEAL_FIELD_LABELS;
	const value: DealFields = {
		name: text(r.name, 'name', L.name, issues),
		pipelineId: optionalId(r.pipelineId, 'pipelineId', L.pipelineId, issues),
		stage: stage(r.stage, issues),
		probability: probability(r.probability, issues),
		amount: nonNegative(r.amount, 'amount', L.amount, issues),
		currency: currency(r.currency, issues),
		expectedCloseAt: moment(r.expectedCloseAt, 'expectedCloseAt', L.expectedCloseAt, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		personId: optionalId(r.personId, 'personId', L.personId, issues),
		ownerId: optionalId(r.ownerId, 'ownerId', L.ownerId, issues),
		tags: stringList(r.tags, 'tags', L.tags, issues),
		people: dealPeople(r.people, issues),
		source: text(r.source, 'source', L.source, issues),
		lostReason: text(r.lostReason, 'lostReason', L.lostReason, issues),
		lines: validateLines(r.lines, L.lines, issues),
		forecastCategory: forecastCategory(r.forecastCategory, issues),
		peopleIds: []
	};
	value.peopleIds = value.people.map((p) => p.personId);
	return { value, issues };
}

/**
 * Merges `other` into `keep`: tags are united, an empty field takes the other's value, and
 * where both differ the kept value stays and the other's is a conflict (for the notes).
 */
export function mergeDeals(keep: DealFields, other: DealFields): MergeResult<DealFields> {
	const conflicts: MergeConflict[] = [];
	const pick = <K extends keyof DealFields>(field: K, emptyValue?: DealFields[K]) => {
		const kept = keep[field];
		const theirs = other[field];
		const keptEmpty = isEmpty(kept) || kept === emptyValue;
		if (keptEmpty) return isEmpty(theirs) ? kept : theirs;
		if (!isEmpty(theirs) && theirs !== emptyValue && theirs !== kept)
			conflicts.push({ field, kept, other: theirs });
		return kept;
	};
	const people = [...keep.people];
	for (const p of other.people) if (!people.some((k) => k.personId === p.personId)) people.push(p);
	const merged: DealFields = {
		name: pick('name'),
		pipelineId: pick('pipelineId'),
		stage: pick('stage', 'lead'),
		probability: pick('probability'),
		amount: pick('amount'),
		currency: keep.amount === null && other.amount !== null ? other.currency : keep.currency,
		expectedCloseAt: pick('expectedCloseAt'),
		organizationId: pick('organizationId'),
		personId: pick('personId'),
		ownerId: pick('ownerId'),
		tags: [...new Set([...keep.tags, ...other.tags])],
		people,
		source: pick('source'),
		lostReason: pick('lostReason'),
		// Lines are one list: the kept deal's, unless it has none.
		lines: keep.lines.length > 0 ? keep.lines : other.lines,
		forecastCategory: pick('forecastCategory'),
		peopleIds: people.map((p) => p.personId)
	};
	return { merged, conflicts };
}

/** A block this large is no evidence (a hundred "Renewal" deals of one customer). */
const MAX_BLOCK = 50;

/** Deals of one organization with the same name (case, accents and spacing aside). */
export function findDuplicateDeals(
	rows: readonly Pick<DealRow, 'id' | 'name' | 'organizationId'>[]
): DuplicatePair[] {
	return pairsBySameKey(
		rows,
		(r) => {
			const name = fold(r.name).replace(/\s+/g, ' ').trim();
			return name && r.organizationId ? `${r.organizationId}\u0000${name}` : null;
		},
		'similar name',
		{ maxBlock: MAX_BLOCK }
	);
}

export const deal = declareRecordType<DealFields, DealRow, 'deal', 'deals'>({
	name: 'deal',
	collection: 'deals',
	nouns: ['deal', 'deals'],
	labels: DEAL_FIELD_LABELS,
	trailed: 'stage',
	empty: emptyDeal,
	validate: validateDeal,
	textFields: ['notes'],
	displayName: (d) => d.name,
	row(id, d, updatedAt, hasIssues, _defs, lookup, side) {
		const organizationName = lookup.related('organizationId', d.organizationId);
		const createdAt = side?.createdAt || updatedAt;
		return {
			id,
			name: d.name,
			pipelineId: lookup.intern(d.pipelineId),
			stage: lookup.intern(d.stage),
			probability: d.probability,
			amount: d.amount,
			currency: lookup.intern(d.currency),
			expectedCloseAt: d.expectedCloseAt,
			organizationId: lookup.intern(d.organizationId),
			organizationName: lookup.intern(organizationName),
			personId: d.personId,
			ownerId: lookup.intern(d.ownerId),
			tags: lookup.internAll(d.tags),
			forecastCategory: d.forecastCategory,
			lostReason: lookup.intern(d.lostReason),
			peopleIds: d.peopleIds,
			createdAt,
			stageTrail: compactTrail(createdAt, d.stage, side?.trail ?? [], (s) => lookup.intern(s)),
			updatedAt,
			hasIssues,
			search: searchText([
				d.name,
				d.stage,
				organizationName,
				d.amount,
				d.currency,
				d.tags,
				d.source
			])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		stage: { type: 'choice', label: 'Stage' },
		amount: { type: 'number', label: 'Amount' },
		expectedCloseAt: { type: 'date', label: 'Expected close' },
		organizationName: { type: 'text', label: 'Organization' },
		ownerId: OWNER_FIELD,
		tags: TAGS_FIELD,
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		filters: [{ field: 'stage', label: 'Stage', values: DEAL_STAGES }, OWNER_FILTER, TAG_FILTER]
	},
	relations: [
		{
			field: 'organizationId',
			to: 'organization',
			reverse: 'deals',
			shows: 'name',
			shownAs: 'organizationName',
			countedAs: null
		},
		{
			field: 'personId',
			to: 'person',
			reverse: 'deals',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'peopleIds',
			many: true,
			to: 'person',
			reverse: 'involvedDeals',
			shows: null,
			shownAs: null,
			countedAs: null
		}
	],
	merge: mergeDeals,
	duplicates: {
		from: 'rows',
		find: (rows) => findDuplicateDeals(rows as readonly DealRow[]),
		details: (d) => [
			{ label: 'Stage', values: [d.stage] },
			{ label: 'Amount', values: d.amount === null ? [] : [`${d.amount} ${d.currency}`] }
		]
	}
});
