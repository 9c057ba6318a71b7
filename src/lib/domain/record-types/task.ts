/**
 * The task: who does what next, by when, about which record. Declared once here; the data
 * layer, lists, history, undo, backup and duplicates derive from it. Tasks are hash-sharded
 * like people, not placed by month: My day needs every open task, however old.
 */
import { pairsBySameKey, type DuplicatePair } from '../duplicates';
import type { RecordIssue, Validated } from '../issues';
import type { MergeConflict, MergeResult } from '../merge';
import { describeRaw } from '../describe-raw';
import { fold } from '../fold';
import { isEmpty } from '../history';
import { moment, oneOf, optionalId, text, type Issues } from '../coerce';
import { searchText } from '../search';
import { BUILTIN_FIELDS } from '../segments/definition';
import { WHOLE_RECORD } from '../validate';
import { isTimeZone } from '../time-zones';
import { dueInstant, isClockTime, isDay } from '../tasks/due';
import { isRepeatRule } from '../tasks/recurrence';
import { declareRecordType } from './declaration';
import { ASSIGNEE_FIELD, ASSIGNEE_FILTER } from './shared-fields';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const PRIORITY_LABELS: Record<TaskPriority, string> = {
	low: 'Low',
	normal: 'Normal',
	high: 'High',
	urgent: 'Urgent'
};

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const STATUS_LABELS: Record<TaskStatus, string> = {
	open: 'Open',
	done: 'Done',
	cancelled: 'Cancelled'
};

export interface TaskFields {
	title: string;
	/** The calendar day it is due ('2026-12-01'), or null: no date. */
	dueDate: string | null;
	/** The clock time on that day ('09:30') in `timeZone`, or null: all day. */
	dueTime: string | null;
	/** The IANA zone of `dueTime` ('' when not known: the reader's own). */
	timeZone: string;
	/** When the assignee is reminded: ms since the epoch, or null. */
	reminderAt: number | null;
	/** When a device of the assignee showed the reminder as a system notification (ms): one
	 * device does, the others see it done. */
	remindedAt: number | null;
	/** When the assignee dismissed the reminder (ms): no tab or device shows it again. */
	reminderDismissedAt: number | null;
	/** The member who does it; reminders are theirs. */
	assigneeId: string | null;
	priority: TaskPriority;
	status: TaskStatus;
	/** When it was done or cancelled (ms), and by whom. */
	completedAt: number | null;
	completedBy: string | null;
	/** The record it is about (a person, an organization, a deal or a request); a person's
	 * task also names their organization, so it shows on the organization's page too. */
	personId: string | null;
	organizationId: string | null;
	dealId: string | null;
	requestId: string | null;
	createdBy: string | null;
	/** How it repeats: an RFC 5545 RRULE ('FREQ=WEEKLY;INTERVAL=2'), or null. */
	repeat: string | null;
	/** The next one comes `repeat` after the day this one is done ("2 weeks after done"),
	 * rather than after its due day. */
	repeatFromDone: boolean;
	/** The first task of its series; with `occurrence`, names the next one's id, so two devices
	 * completing the same task (offline) create one next task, not two. */
	seriesId: string | null;
	occurrence: number;
}

/** One row of a task list: what My day, Team and the record panels show, sort and filter. */
export interface TaskRow {
	id: string;
	name: string;
	dueDate: string | null;
	dueTime: string | null;
	timeZone: string;
	/** The instant a timed task is due; null for all day or no date. */
	dueAt: number | null;
	reminderAt: number | null;
	remindedAt: number | null;
	reminderDismissedAt: number | null;
	assigneeId: string | null;
	priority: TaskPriority;
	status: TaskStatus;
	completedAt: number | null;
	personId: string | null;
	organizationId: string | null;
	organizationName: string;
	dealId: string | null;
	requestId: string | null;
	createdBy: string | null;
	repeat: string | null;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

export const TASK_FIELD_LABELS: Record<keyof TaskFields, string> = {
	title: 'Title',
	dueDate: 'Due date',
	dueTime: 'Due time',
	timeZone: 'Time zone',
	reminderAt: 'Reminder',
	remindedAt: 'Reminder shown',
	reminderDismissedAt: 'Reminder dismissed',
	assigneeId: 'Assignee',
	priority: 'Priority',
	status: 'Status',
	completedAt: 'Completed',
	completedBy: 'Completed by',
	personId: 'Person',
	organizationId: 'Organization',
	dealId: 'Deal',
	requestId: 'Service request',
	createdBy: 'Created by',
	repeat: 'Repeats',
	repeatFromDone: 'Repeats after done',
	seriesId: 'Series',
	occurrence: 'Occurrence'
};

export function emptyTask(): TaskFields {
	return {
		title: '',
		dueDate: null,
		dueTime: null,
		timeZone: '',
		reminderAt: null,
		remindedAt: null,
		reminderDismissedAt: null,
		assigneeId: null,
		priority: 'normal',
		status: 'open',
		completedAt: null,
		completedBy: null,
		personId: null,
		organizationId: null,
		dealId: null,
		requestId: null,
		createdBy: null,
		repeat: null,
		repeatFromDone: false,
		seriesId: null,
		occurrence: 0
	};
}

function optional(
	raw: unknown,
	accepts: (v: unknown) => boolean,
	expected: string,
	field: string,
	issues: Issues
): string | null {
	if (raw === undefined || raw === null || raw === '') return null;
	if (accepts(raw)) return raw as string;
	const label = TASK_FIELD_LABELS[field as keyof TaskFields];
	issues.push({
		field,
		message: `${label}: expected ${expected}, found ${describeRaw(raw)}; showing none.`,
		raw
	});
	return null;
}

/** Validation on read: whatever a peer stored, a complete task and every problem found. */
export function validateTask(raw: unknown): Validated<TaskFields> {
	const issues: RecordIssue[] = [];
	let r: Record<string, unknown> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw))
		r = raw as Record<string, unknown>;
	else
		issues.push({
			field: WHOLE_RECORD,
			message: `The task is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty task.`,
			raw
		});
	const L = TASK_FIELD_LABELS;
	const dueDate = optional(r.dueDate, isDay, 'a date such as "2026-12-01"', 'dueDate', issues);
	const value: TaskFields = {
		title: text(r.title, 'title', L.title, issues),
		dueDate,
		// A time without a day means nothing: the task is shown without either.
		dueTime:
			dueDate === null
				? null
				: optional(r.dueTime, isClockTime, 'a time such as "09:30"', 'dueTime', issues),
		timeZone:
			optional(
				r.timeZone,
				(v) => typeof v === 'string' && isTimeZone(v),
				'a time zone such as "Europe/Berlin"',
				'timeZone',
				issues
			) ?? '',
		reminderAt: moment(r.reminderAt, 'reminderAt', L.reminderAt, issues),
		remindedAt: moment(r.remindedAt, 'remindedAt', L.remindedAt, issues),
		reminderDismissedAt: moment(
			r.reminderDismissedAt,
			'reminderDismissedAt',
			L.reminderDismissedAt,
			issues
		),
		assigneeId: optionalId(r.assigneeId, 'assigneeId', L.assigneeId, issues),
		priority: oneOf(
			r.priority,
			TASK_PRIORITIES,
			'normal',
			'normal',
			'priority',
			L.priority,
			issues
		),
		status: oneOf(r.status, TASK_STATUSES, 'open', 'open', 'status', L.status, issues),
		completedAt: moment(r.completedAt, 'completedAt', L.completedAt, issues),
		completedBy: optionalId(r.completedBy, 'completedBy', L.completedBy, issues),
		personId: optionalId(r.personId, 'personId', L.personId, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		dealId: optionalId(r.dealId, 'dealId', L.dealId, issues),
		requestId: optionalId(r.requestId, 'requestId', L.requestId, issues),
		createdBy: optionalId(r.createdBy, 'createdBy', L.createdBy, issues),
		repeat: optional(
			r.repeat,
			isRepeatRule,
			'a repeat rule such as "FREQ=WEEKLY"',
			'repeat',
			issues
		),
		repeatFromDone: r.repeatFromDone === true,
		seriesId: optionalId(r.seriesId, 'seriesId', L.seriesId, issues),
		occurrence:
			typeof r.occurrence === 'number' && Number.isInteger(r.occurrence) && r.occurrence >= 0
				? r.occurrence
				: 0
	};
	return { value, issues };
}

/** Keeps every value: an empty field takes the other's, differing values noted. */
export function mergeTasks(keep: TaskFields, other: TaskFields): MergeResult<TaskFields> {
	const conflicts: MergeConflict[] = [];
	const merged = { ...keep };
	for (const field of Object.keys(keep) as (keyof TaskFields)[]) {
		const kept = keep[field];
		const theirs = other[field];
		if (isEmpty(kept) && !isEmpty(theirs)) (merged as Record<string, unknown>)[field] = theirs;
		else if (!isEmpty(theirs) && theirs !== kept && field !== 'occurrence')
			conflicts.push({ field, kept, other: theirs });
	}
	return { merged, conflicts };
}

/** Open tasks with the same title about the same record, for the same person to do. */
export function findDuplicateTasks(
	rows: readonly Pick<
		TaskRow,
		'id' | 'name' | 'status' | 'assigneeId' | 'personId' | 'organizationId' | 'dealId'
	>[]
): DuplicatePair[] {
	return pairsBySameKey(
		rows,
		(r) => {
			const about = r.personId ?? r.organizationId ?? r.dealId;
			const title = fold(r.name).replace(/\s+/g, ' ').trim();
			return r.status === 'open' && about && title
				? `${about}\u0000${r.assigneeId}\u0000${title}`
				: null;
		},
		'same title, same record'
	);
}

export const task = declareRecordType<TaskFields, TaskRow, 'task', 'tasks'>({
	name: 'task',
	collection: 'tasks',
	nouns: ['task', 'tasks'],
	labels: TASK_FIELD_LABELS,
	empty: emptyTask,
	validate: validateTask,
	textFields: ['notes'],
	displayName: (t) => t.title,
	row(id, t, updatedAt, hasIssues, _defs, lookup) {
		const organizationName = lookup.related('organizationId', t.organizationId);
		return {
			id,
			name: t.title,
			dueDate: t.dueDate,
			dueTime: t.dueTime,
			timeZone: lookup.intern(t.timeZone),
			dueAt:
				t.dueDate !== null && t.dueTime !== null
					? dueInstant(t.dueDate, t.dueTime, t.timeZone)
					: null,
			reminderAt: t.reminderAt,
			remindedAt: t.remindedAt,
			reminderDismissedAt: t.reminderDismissedAt,
			assigneeId: lookup.intern(t.assigneeId),
			priority: lookup.intern(t.priority),
			status: lookup.intern(t.status),
			completedAt: t.completedAt,
			personId: t.personId,
			organizationId: lookup.intern(t.organizationId),
			organizationName: lookup.intern(organizationName),
			dealId: t.dealId,
			requestId: t.requestId,
			createdBy: lookup.intern(t.createdBy),
			repeat: t.repeat,
			updatedAt,
			hasIssues,
			search: searchText([t.title, organizationName, PRIORITY_LABELS[t.priority]])
		};
	},
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		status: { type: 'choice', label: 'Status' },
		priority: { type: 'choice', label: 'Priority' },
		assigneeId: ASSIGNEE_FIELD,
		dueDate: { type: 'text', label: 'Due date' },
		organizationName: { type: 'text', label: 'Organization' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: {
		filters: [
			{ field: 'status', label: 'Status', values: TASK_STATUSES },
			{ field: 'priority', label: 'Priority', values: TASK_PRIORITIES },
			ASSIGNEE_FILTER
		]
	},
	relations: [
		{
			field: 'personId',
			to: 'person',
			reverse: 'tasks',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'organizationId',
			to: 'organization',
			reverse: 'tasks',
			shows: 'name',
			shownAs: 'organizationName',
			countedAs: null
		},
		{
			field: 'dealId',
			to: 'deal',
			reverse: 'tasks',
			shows: null,
			shownAs: null,
			countedAs: null
		},
		{
			field: 'requestId',
			to: 'request',
			reverse: 'tasks',
			shows: null,
			shownAs: null,
			countedAs: null
		}
	],
	merge: mergeTasks,
	duplicates: {
		from: 'rows',
		find: (rows) => findDuplicateTasks(rows as readonly TaskRow[]),
		details: (t) => [
			{ label: 'Due', values: t.dueDate ? [[t.dueDate, t.dueTime].filter(Boolean).join(' ')] : [] },
			{ label: 'Status', values: [STATUS_LABELS[t.status]] }
		]
	}
});
