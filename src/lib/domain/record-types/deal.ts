/**
 * The deal: a sale in the pipeline, with a stage, an amount and an expected close date, for an
 * organization and a contact person. Declared here once; the data layer, the lists, segments,
 * "Recently deleted", history, undo, backup and duplicates derive from this declaration.
 */
import { describeRaw } from '../describe-raw';
import type { DuplicatePair } from '../duplicates';
import { fold } from '../fold';
import { isEmpty } from '../history';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { moment, nonNegative, oneOf, optionalId, stringList, text, type Issues } from '../coerce';
export { parseAmount } from '../coerce';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { declareRecordType } from './declaration';
import { OWNER_FIELD, OWNER_FILTER, TAGS_FIELD, TAG_FILTER } from './shared-fields';

export const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

export const DEFAULT_CURRENCY = 'EUR';

export interface DealFields {
	name: string;
	stage: DealStage;
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
}

/** One row of the deals list: what it shows, sorts, searches and filters. */
export interface DealRow {
	id: string;
	name: string;
	stage: DealStage;
	amount: number | null;
	currency: string;
	expectedCloseAt: number | null;
	organizationId: string | null;
	organizationName: string;
	personId: string | null;
	ownerId: string | null;
	tags: string[];
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const DEAL_FIELD_LABELS: Record<keyof DealFields, string> = {
	name: 'Name',
	stage: 'Stage',
	amount: 'Amount',
	currency: 'Currency',
	expectedCloseAt: 'Expected close',
	organizationId: 'Organization',
	personId: 'Contact',
	ownerId: 'Owner',
	tags: 'Tags'
};

export function emptyDeal(): DealFields {
	return {
		name: '',
		stage: 'lead',
		amount: null,
		currency: DEFAULT_CURRENCY,
		expectedCloseAt: null,
		organizationId: null,
		personId: null,
		ownerId: null,
		tags: []
	};
}

const CURRENCY = /^[A-Z]{3}$/;
const STAGE_ALIASES: Record<string, DealStage> = {
	new: 'lead',
	negotiating: 'negotiation',
	'closed won': 'won',
	'closed lost': 'lost'
};

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
		stage: oneOf(r.stage, DEAL_STAGES, 'lead', 'lead', 'stage', L.stage, issues, STAGE_ALIASES),
		amount: nonNegative(r.amount, 'amount', L.amount, issues),
		currency: currency(r.currency, issues),
		expectedCloseAt: moment(r.expectedCloseAt, 'expectedCloseAt', L.expectedCloseAt, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		personId: optionalId(r.personId, 'personId', L.personId, issues),
		ownerId: optionalId(r.ownerId, 'ownerId', L.ownerId, issues),
		tags: stringList(r.tags, 'tags', L.tags, issues)
	};
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
	const merged: DealFields = {
		name: pick('name'),
		stage: pick('stage', 'lead'),
		amount: pick('amount'),
		currency: keep.amount === null && other.amount !== null ? other.currency : keep.currency,
		expectedCloseAt: pick('expectedCloseAt'),
		organizationId: pick('organizationId'),
		personId: pick('personId'),
		ownerId: pick('ownerId'),
		tags: [...new Set([...keep.tags, ...other.tags])]
	};
	return { merged, conflicts };
}

/** A block this large is no evidence (a hundred "Renewal" deals of one customer). */
const MAX_BLOCK = 50;

/** Deals of one organization with the same name (case, accents and spacing aside). */
export function findDuplicateDeals(
	rows: readonly Pick<DealRow, 'id' | 'name' | 'organizationId'>[]
): DuplicatePair[] {
	const blocks = new Map<string, string[]>();
	for (const r of rows) {
		const name = fold(r.name).replace(/\s+/g, ' ').trim();
		if (!name || !r.organizationId) continue;
		const key = `${r.organizationId}\u0000${name}`;
		const block = blocks.get(key);
		if (block) block.push(r.id);
		else blocks.set(key, [r.id]);
	}
	const pairs: DuplicatePair[] = [];
	for (const ids of blocks.values()) {
		if (ids.length < 2 || ids.length > MAX_BLOCK) continue;
		for (let i = 0; i < ids.length; i++)
			for (let j = i + 1; j < ids.length; j++)
				pairs.push({ a: ids[i], b: ids[j], reasons: ['similar name'], score: 0.9 });
	}
	return pairs;
}

export const deal = declareRecordType<DealFields, DealRow, 'deal', 'deals'>({
	name: 'deal',
	collection: 'deals',
	nouns: ['deal', 'deals'],
	labels: DEAL_FIELD_LABELS,
	empty: emptyDeal,
	validate: validateDeal,
	textFields: ['notes'],
	displayName: (d) => d.name,
	row(id, d, updatedAt, hasIssues, _defs, lookup) {
		const organizationName = lookup.related('organizationId', d.organizationId);
		return {
			id,
			name: d.name,
			stage: lookup.intern(d.stage),
			amount: d.amount,
			currency: lookup.intern(d.currency),
			expectedCloseAt: d.expectedCloseAt,
			organizationId: lookup.intern(d.organizationId),
			organizationName: lookup.intern(organizationName),
			personId: d.personId,
			ownerId: lookup.intern(d.ownerId),
			tags: lookup.internAll(d.tags),
			updatedAt,
			hasIssues,
			search: searchText([d.name, d.stage, organizationName, d.amount, d.currency, d.tags])
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
