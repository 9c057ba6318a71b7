/**
 * The interaction: a call, e-mail, meeting, visit, offer, presentation, message, letter or note
 * — what was said and sent, by whom and when. Placed by month (placedByMonth): a workspace
 * gathers millions of these, and only the recent months open with it. Its body is the record's
 * text (merging character by character as two people write it).
 */
import { pairsBySameKey, type DuplicatePair } from '../duplicates';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { moment, nonNegative, oneOf, optionalId, stringList, text } from '../coerce';
import { describeRaw } from '../describe-raw';
import { isEmpty } from '../history';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { isTimeZone } from '../time-zones';
import { declareRecordType } from './declaration';

export const INTERACTION_KINDS = [
	'call',
	'email',
	'meeting',
	'visit',
	'offer',
	'presentation',
	'message',
	'letter',
	'note'
] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const KIND_LABELS: Record<InteractionKind, string> = {
	call: 'Call',
	email: 'Email',
	meeting: 'Meeting',
	visit: 'Visit',
	offer: 'Offer or quote',
	presentation: 'Presentation',
	message: 'Message',
	letter: 'Letter',
	note: 'Note'
};

export const DIRECTIONS = ['out', 'in'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface InteractionFields {
	kind: InteractionKind;
	/** Out: we called, wrote, visited. In: they did. */
	direction: Direction;
	/** When it happened: ms since the epoch. */
	occurredAt: number;
	/** The IANA time zone it happened in ('Europe/Berlin'), or '' when not known. */
	timeZone: string;
	durationMinutes: number | null;
	subject: string;
	outcome: string;
	nextStep: string;
	personIds: string[];
	organizationId: string | null;
	dealId: string | null;
	/** The service request it answers or notes on (a 'note' is internal, never a reply). */
	requestId: string | null;
	/** The team members who took part (member ids). */
	memberIds: string[];
	/** An e-mail's Message-ID (also what made its id), its sender and recipients. */
	messageId: string | null;
	emailFrom: string;
	emailTo: string[];
	emailCc: string[];
}

/** One row of the timeline: what it shows, sorts, searches and filters. */
export interface InteractionRow {
	id: string;
	name: string;
	kind: InteractionKind;
	direction: Direction;
	occurredAt: number;
	timeZone: string;
	durationMinutes: number | null;
	subject: string;
	outcome: string;
	nextStep: string;
	personIds: string[];
	organizationId: string | null;
	organizationName: string;
	dealId: string | null;
	requestId: string | null;
	memberIds: string[];
	emailFrom: string;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const INTERACTION_FIELD_LABELS: Record<keyof InteractionFields, string> = {
	kind: 'Type',
	direction: 'Direction',
	occurredAt: 'Date and time',
	timeZone: 'Time zone',
	durationMinutes: 'Duration (minutes)',
	subject: 'Subject',
	outcome: 'Outcome',
	nextStep: 'Next step',
	personIds: 'People',
	organizationId: 'Organization',
	dealId: 'Deal',
	requestId: 'Service request',
	memberIds: 'Team members',
	messageId: 'Message-ID',
	emailFrom: 'From',
	emailTo: 'To',
	emailCc: 'Cc'
};

export function emptyInteraction(): InteractionFields {
	return {
		kind: 'call',
		direction: 'out',
		occurredAt: 0,
		timeZone: '',
		durationMinutes: null,
		subject: '',
		outcome: '',
		nextStep: '',
		personIds: [],
		organizationId: null,
		dealId: null,
		requestId: null,
		memberIds: [],
		messageId: null,
		emailFrom: '',
		emailTo: [],
		emailCc: []
	};
}

/** What the timeline calls an entry: its subject, else its type ("Call"). */
export function interactionTitle(i: Pick<InteractionFields, 'subject' | 'kind'>): string {
	return i.subject.trim() || KIND_LABELS[i.kind];
}

function timeZone(raw: unknown, issues: RecordIssue[]): string {
	if (raw === undefined || raw === null || raw === '') return '';
	if (typeof raw === 'string' && isTimeZone(raw)) return raw;
	issues.push({
		field: 'timeZone',
		message: `${INTERACTION_FIELD_LABELS.timeZone}: expected a time zone such as "Europe/Berlin", found ${describeRaw(raw)}; showing none.`,
		raw
	});
	return '';
}

/** Validation on read: whatever a peer stored, a complete interaction and every problem found. */
export function validateInteraction(raw: unknown): Validated<InteractionFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The interaction is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty one.`,
			raw
		});
	const L = INTERACTION_FIELD_LABELS;
	const value: InteractionFields = {
		kind: oneOf(r.kind, INTERACTION_KINDS, 'note', 'note', 'kind', L.kind, issues),
		direction: oneOf(r.direction, DIRECTIONS, 'out', 'out', 'direction', L.direction, issues),
		occurredAt:
			moment(r.occurredAt, 'occurredAt', L.occurredAt, issues) ??
			(typeof r.createdAt === 'number' ? r.createdAt : 0),
		timeZone: timeZone(r.timeZone, issues),
		durationMinutes: nonNegative(r.durationMinutes, 'durationMinutes', L.durationMinutes, issues),
		subject: text(r.subject, 'subject', L.subject, issues),
		outcome: text(r.outcome, 'outcome', L.outcome, issues),
		nextStep: text(r.nextStep, 'nextStep', L.nextStep, issues),
		personIds: stringList(r.personIds, 'personIds', L.personIds, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		dealId: optionalId(r.dealId, 'dealId', L.dealId, issues),
		requestId: optionalId(r.requestId, 'requestId', L.requestId, issues),
		memberIds: stringList(r.memberIds, 'memberIds', L.memberIds, issues),
		messageId: optionalId(r.messageId, 'messageId', L.messageId, issues),
		emailFrom: text(r.emailFrom, 'emailFrom', L.emailFrom, issues),
		emailTo: stringList(r.emailTo, 'emailTo', L.emailTo, issues),
		emailCc: stringList(r.emailCc, 'emailCc', L.emailCc, issues)
	};
	return { value, issues };
}

/** Keeps every value: lists united, an empty field takes the other's, differing text noted. */
export function mergeInteractions(
	keep: InteractionFields,
	other: InteractionFields
): MergeResult<InteractionFields> {
	const conflicts: MergeConflict[] = [];
	const pick = <K extends keyof InteractionFields>(field: K) => {
		const kept = keep[field];
		const theirs = other[field];
		if (isEmpty(kept)) return theirs;
		if (!isEmpty(theirs) && theirs !== kept) conflicts.push({ field, kept, other: theirs });
		return kept;
	};
	const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
	const merged: InteractionFields = {
		...keep,
		durationMinutes: pick('durationMinutes'),
		subject: pick('subject'),
		outcome: pick('outcome'),
		nextStep: pick('nextStep'),
		organizationId: pick('organizationId'),
		dealId: pick('dealId'),
		requestId: pick('requestId'),
		messageId: pick('messageId'),
		emailFrom: pick('emailFrom'),
		personIds: union(keep.personIds, other.personIds),
		memberIds: union(keep.memberIds, other.memberIds),
		emailTo: union(keep.emailTo, other.emailTo),
		emailCc: union(keep.emailCc, other.emailCc)
	};
	return { merged, conflicts };
}

/** Two members logging the same call: same type, same minute, same people and subject. */
export function findDuplicateInteractions(
	rows: readonly Pick<InteractionRow, 'id' | 'kind' | 'occurredAt' | 'personIds' | 'subject'>[]
): DuplicatePair[] {
	return pairsBySameKey(
		rows,
		(r) =>
			r.personIds.length === 0
				? null
				: [
						r.kind,
						Math.floor(r.occurredAt / 60_000),
						[...r.personIds].sort().join(','),
						r.subject.trim()
					].join('\u0000'),
		'same time and people'
	);
}

export const interaction = declareRecordType<
	InteractionFields,
	InteractionRow,
	'interaction',
	'interactions'
>({
	name: 'interaction',
	collection: 'interactions',
	nouns: ['interaction', 'interactions'],
	placedByMonth: 'occurredAt',
	labels: INTERACTION_FIELD_LABELS,
	empty: emptyInteraction,
	validate: validateInteraction,
	textFields: ['notes'],
	displayName: interactionTitle,
	row(id, i, updatedAt, hasIssues, _defs, lookup) {
		const organizationName = lookup.related('organizationId', i.organizationId);
		return {
			id,
			name: interactionTitle(i),
			kind: lookup.intern(i.kind),
			direction: lookup.intern(i.direction),
			occurredAt: i.occurredAt,
			timeZone: lookup.intern(i.timeZone),
			durationMinutes: i.durationMinutes,
			subject: i.subject,
			outcome: i.outcome,
			nextStep: i.nextStep,
			personIds: i.personIds,
			organizationId: lookup.intern(i.organizationId),
			organizationName: lookup.intern(organizationName),
			dealId: i.dealId,
			requestId: i.requestId,
			memberIds: lookup.internAll(i.memberIds),
			emailFrom: i.emailFrom,
			updatedAt,
			hasIssues,
			search: searchText([
				i.subject,
				KIND_LABELS[i.kind],
				i.outcome,
				i.nextStep,
				organizationName,
				i.emailFrom,
				i.emailTo
			])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		kind: { type: 'choice', label: 'Type' },
		direction: { type: 'choice', label: 'Direction' },
		occurredAt: { type: 'date', label: 'Date' },
		organizationName: { type: 'text', label: 'Organization' },
		memberIds: { type: 'multi-choice', label: 'Team members' },
		outcome: { type: 'text', label: 'Outcome' },
		nextStep: { type: 'text', label: 'Next step' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		sort: { field: 'occurredAt', dir: 'desc' },
		filters: [
			{ field: 'kind', label: 'Type', values: INTERACTION_KINDS },
			{ field: 'memberIds', label: 'Member', values: 'members', any: 'Anyone' }
		]
	},
	relations: [
		{
			field: 'personIds',
			many: true,
			to: 'person',
			reverse: 'interactions',
			shows: null,
			shownAs: null,
			countedAs: null,
			lastContact: true
		},
		{
			field: 'organizationId',
			to: 'organization',
			reverse: 'interactions',
			shows: 'name',
			shownAs: 'organizationName',
			countedAs: null,
			lastContact: true
		},
		{
			field: 'dealId',
			to: 'deal',
			reverse: 'interactions',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'requestId',
			to: 'request',
			reverse: 'interactions',
			shows: null,
			shownAs: null,
			countedAs: null
		}
	],
	merge: mergeInteractions,
	duplicates: {
		from: 'rows',
		find: (rows) => findDuplicateInteractions(rows as readonly InteractionRow[]),
		details: (i) => [
			{ label: 'Type', values: [KIND_LABELS[i.kind]] },
			{
				label: 'When (UTC)',
				values: [new Date(i.occurredAt).toISOString().slice(0, 16).replace('T', ' ')]
			},
			{ label: 'Outcome', values: i.outcome ? [i.outcome] : [] }
		]
	}
});
