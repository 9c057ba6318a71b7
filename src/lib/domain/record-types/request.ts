/**
 * The service request: a customer asks for help; support answers, waits on them, resolves and
 * closes. Declared once here; the data layer, the queue, history, undo, backup and duplicates
 * derive from it. Its messages and internal notes are interactions linking to it (their
 * requestId), so they show on the request's timeline and on the customer's beside sales'.
 * Hash-sharded, not placed by month: the queue needs every open request, however old.
 */
import { pairsBySameKey, type DuplicatePair } from '../duplicates';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { describeRaw } from '../describe-raw';
import { fold } from '../fold';
import { isEmpty } from '../history';
import { moment, oneOf, optionalId, text } from '../coerce';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { declareRecordType } from './declaration';
import { ASSIGNEE_FIELD, ASSIGNEE_FILTER } from './shared-fields';

export const REQUEST_STATUSES = ['new', 'open', 'waiting', 'resolved', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
	new: 'New',
	open: 'Open',
	waiting: 'Waiting on customer',
	resolved: 'Resolved',
	closed: 'Closed'
};

/** Lowest first; each has its own service level (hours to answer) per workspace. */
export const REQUEST_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];
export const REQUEST_PRIORITY_LABELS: Record<RequestPriority, string> = {
	low: 'Low',
	normal: 'Normal',
	high: 'High',
	urgent: 'Urgent'
};

export const REQUEST_CHANNELS = ['email', 'phone', 'chat', 'web', 'in-person', 'other'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export const REQUEST_CHANNEL_LABELS: Record<RequestChannel, string> = {
	email: 'Email',
	phone: 'Phone',
	chat: 'Chat',
	web: 'Web form',
	'in-person': 'In person',
	other: 'Other'
};

export interface RequestFields {
	subject: string;
	/** The person asking. */
	requesterId: string | null;
	organizationId: string | null;
	channel: RequestChannel;
	priority: RequestPriority;
	status: RequestStatus;
	/** The member working on it. */
	assigneeId: string | null;
	/** Times in ms since the epoch, or null. dueAt is openedAt plus the workspace's service
	 * level for the priority, written when the request is created and when its priority changes. */
	openedAt: number | null;
	dueAt: number | null;
	/** The first outgoing reply (not an internal note) logged on it. */
	firstResponseAt: number | null;
	resolvedAt: number | null;
	closedAt: number | null;
	/** The customer's rating once resolved: 1 (poor) to 5 (very good), or null. */
	satisfaction: number | null;
	satisfactionComment: string;
	/** The product and the order it is about (links), when it is about them. */
	productId: string | null;
	orderId: string | null;
	/** What it is about in words (a serial number, a model, an order a shop never sent us). */
	productOrOrder: string;
}

/** One row of the queue: what it shows, sorts, searches and filters. */
export interface RequestRow {
	id: string;
	name: string;
	requesterId: string | null;
	organizationId: string | null;
	organizationName: string;
	channel: RequestChannel;
	priority: RequestPriority;
	status: RequestStatus;
	assigneeId: string | null;
	openedAt: number | null;
	dueAt: number | null;
	firstResponseAt: number | null;
	resolvedAt: number | null;
	satisfaction: number | null;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const REQUEST_FIELD_LABELS: Record<keyof RequestFields, string> = {
	subject: 'Subject',
	requesterId: 'Requester',
	organizationId: 'Organization',
	channel: 'Channel',
	priority: 'Priority',
	status: 'Status',
	assigneeId: 'Assignee',
	openedAt: 'Opened',
	dueAt: 'Due',
	firstResponseAt: 'First response',
	resolvedAt: 'Resolved',
	closedAt: 'Closed',
	satisfaction: 'Satisfaction',
	satisfactionComment: 'Satisfaction comment',
	productId: 'Product',
	orderId: 'Order',
	productOrOrder: 'Product or order details'
};

export function emptyRequest(): RequestFields {
	return {
		subject: '',
		requesterId: null,
		organizationId: null,
		channel: 'email',
		priority: 'normal',
		status: 'new',
		assigneeId: null,
		openedAt: null,
		dueAt: null,
		firstResponseAt: null,
		resolvedAt: null,
		closedAt: null,
		satisfaction: null,
		satisfactionComment: '',
		productId: null,
		orderId: null,
		productOrOrder: ''
	};
}

const STATUS_ALIASES: Record<string, RequestStatus> = {
	'waiting on customer': 'waiting',
	pending: 'waiting',
	solved: 'resolved',
	done: 'closed'
};
const CHANNEL_ALIASES: Record<string, RequestChannel> = {
	'web form': 'web',
	'in person': 'in-person',
	'e-mail': 'email'
};

/** A rating from 1 to 5; anything else shows as none, with an issue. */
function rating(raw: unknown, issues: RecordIssue[]): number | null {
	if (raw === undefined || raw === null || raw === '') return null;
	const n = typeof raw === 'string' ? Number(raw) : raw;
	const ok = typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5;
	if (ok && typeof raw === 'number') return raw;
	issues.push({
		field: 'satisfaction',
		message: `${REQUEST_FIELD_LABELS.satisfaction}: expected a whole number from 1 to 5, found ${describeRaw(raw)}; ${ok ? `showing ${n}` : 'showing none'}.`,
		raw
	});
	return ok ? (n as number) : null;
}

/** Validation on read: whatever a peer stored, a complete request and every problem found. */
export function validateRequest(raw: unknown): Validated<RequestFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The service request is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty one.`,
			raw
		});
	const L = REQUEST_FIELD_LABELS;
	const value: RequestFields = {
		subject: text(r.subject, 'subject', L.subject, issues),
		requesterId: optionalId(r.requesterId, 'requesterId', L.requesterId, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		channel: oneOf(
			r.channel,
			REQUEST_CHANNELS,
			'email',
			'other',
			'channel',
			L.channel,
			issues,
			CHANNEL_ALIASES
		),
		priority: oneOf(
			r.priority,
			REQUEST_PRIORITIES,
			'normal',
			'normal',
			'priority',
			L.priority,
			issues
		),
		status: oneOf(
			r.status,
			REQUEST_STATUSES,
			'new',
			'open',
			'status',
			L.status,
			issues,
			STATUS_ALIASES
		),
		assigneeId: optionalId(r.assigneeId, 'assigneeId', L.assigneeId, issues),
		openedAt: moment(r.openedAt, 'openedAt', L.openedAt, issues),
		dueAt: moment(r.dueAt, 'dueAt', L.dueAt, issues),
		firstResponseAt: moment(r.firstResponseAt, 'firstResponseAt', L.firstResponseAt, issues),
		resolvedAt: moment(r.resolvedAt, 'resolvedAt', L.resolvedAt, issues),
		closedAt: moment(r.closedAt, 'closedAt', L.closedAt, issues),
		satisfaction: rating(r.satisfaction, issues),
		satisfactionComment: text(
			r.satisfactionComment,
			'satisfactionComment',
			L.satisfactionComment,
			issues
		),
		productId: optionalId(r.productId, 'productId', L.productId, issues),
		orderId: optionalId(r.orderId, 'orderId', L.orderId, issues),
		productOrOrder: text(r.productOrOrder, 'productOrOrder', L.productOrOrder, issues)
	};
	return { value, issues };
}

/** Times a merge settles itself rather than listing them as conflicts. */
const TIMES = new Set<keyof RequestFields>([
	'openedAt',
	'dueAt',
	'firstResponseAt',
	'resolvedAt',
	'closedAt'
]);

/** Keeps every value: an empty field takes the other's; of two first responses, the earlier. */
export function mergeRequests(
	keep: RequestFields,
	other: RequestFields
): MergeResult<RequestFields> {
	const conflicts: MergeConflict[] = [];
	const merged = { ...keep };
	for (const field of Object.keys(keep) as (keyof RequestFields)[]) {
		const kept = keep[field];
		const theirs = other[field];
		if (isEmpty(kept) && !isEmpty(theirs)) (merged as Record<string, unknown>)[field] = theirs;
		else if (!isEmpty(theirs) && theirs !== kept && !TIMES.has(field))
			conflicts.push({ field, kept, other: theirs });
	}
	// The customer asked first and was answered first in whichever of the two came sooner.
	for (const field of ['openedAt', 'firstResponseAt'] as const)
		if (keep[field] !== null && other[field] !== null)
			merged[field] = Math.min(keep[field], other[field]);
	return { merged, conflicts };
}

/** Requests still open from the same person with the same subject (sent twice, by two channels). */
export function findDuplicateRequests(
	rows: readonly Pick<RequestRow, 'id' | 'name' | 'status' | 'requesterId'>[]
): DuplicatePair[] {
	return pairsBySameKey(
		rows,
		(r) => {
			const subject = fold(r.name).replace(/\s+/g, ' ').trim();
			return r.requesterId && subject && r.status !== 'closed'
				? `${r.requesterId}\u0000${subject}`
				: null;
		},
		'same subject, same requester'
	);
}

export const request = declareRecordType<RequestFields, RequestRow, 'request', 'requests'>({
	name: 'request',
	collection: 'requests',
	nouns: ['service request', 'service requests'],
	labels: REQUEST_FIELD_LABELS,
	empty: emptyRequest,
	validate: validateRequest,
	textFields: ['notes'],
	displayName: (r) => r.subject,
	row(id, r, updatedAt, hasIssues, _defs, lookup) {
		const organizationName = lookup.related('organizationId', r.organizationId);
		return {
			id,
			name: r.subject,
			requesterId: r.requesterId,
			organizationId: lookup.intern(r.organizationId),
			organizationName: lookup.intern(organizationName),
			channel: lookup.intern(r.channel),
			priority: lookup.intern(r.priority),
			status: lookup.intern(r.status),
			assigneeId: lookup.intern(r.assigneeId),
			openedAt: r.openedAt,
			dueAt: r.dueAt,
			firstResponseAt: r.firstResponseAt,
			resolvedAt: r.resolvedAt,
			satisfaction: r.satisfaction,
			updatedAt,
			hasIssues,
			search: searchText([
				r.subject,
				organizationName,
				REQUEST_STATUS_LABELS[r.status],
				REQUEST_PRIORITY_LABELS[r.priority],
				r.productOrOrder
			])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		status: { type: 'choice', label: 'Status' },
		priority: { type: 'choice', label: 'Priority' },
		channel: { type: 'choice', label: 'Channel' },
		assigneeId: ASSIGNEE_FIELD,
		organizationName: { type: 'text', label: 'Organization' },
		openedAt: { type: 'date', label: 'Opened' },
		dueAt: { type: 'date', label: 'Due' },
		satisfaction: { type: 'number', label: 'Satisfaction' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		filters: [
			{ field: 'status', label: 'Status', values: REQUEST_STATUSES },
			{ field: 'priority', label: 'Priority', values: REQUEST_PRIORITIES },
			ASSIGNEE_FILTER
		]
	},
	relations: [
		{
			field: 'requesterId',
			to: 'person',
			reverse: 'requests',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'organizationId',
			to: 'organization',
			reverse: 'requests',
			shows: 'name',
			shownAs: 'organizationName',
			countedAs: null
		},
		{
			field: 'productId',
			to: 'product',
			reverse: 'requests',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'orderId',
			to: 'order',
			reverse: 'requests',
			shows: null,
			shownAs: null,
			countedAs: null
		}
	],
	merge: mergeRequests,
	duplicates: {
		from: 'rows',
		find: (rows) => findDuplicateRequests(rows as readonly RequestRow[]),
		details: (r) => [
			{ label: 'Status', values: [REQUEST_STATUS_LABELS[r.status]] },
			{ label: 'Priority', values: [REQUEST_PRIORITY_LABELS[r.priority]] }
		]
	}
});
