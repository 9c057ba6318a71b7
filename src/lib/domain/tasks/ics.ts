/**
 * Open tasks as an iCalendar file (RFC 5545) for a phone's or desktop's calendar: the
 * downloaded .ics and the relay's subscription feed are both built here, so they agree.
 *
 * Each task is a VEVENT, not a VTODO: Google and Apple calendars ignore VTODO in a
 * subscription. An all-day task is a DATE event of one day; a timed one starts at its instant
 * (in UTC, so no VTIMEZONE is needed) and lasts 30 minutes. ical.js writes the text: escaping,
 * folding, CRLF.
 */
import ICAL from 'ical.js';
import type { TaskFields, TaskPriority } from '../record-types/task';
import { addDays, dueInstant } from './due';

/** One task as the calendar needs it. */
export interface CalendarTask {
	id: string;
	fields: TaskFields;
	/** When it last changed (ms): LAST-MODIFIED, and DTSTAMP. */
	updatedAt: number;
	/** The name of the record it is about ('Acme Ltd'), or '' when none or unknown. */
	about?: string;
	notes?: string;
}

export interface CalendarOptions {
	/** What the calendar app lists it as (X-WR-CALNAME). */
	name: string;
	/** The task's page in the app ('https://crm.example/tasks/<id>'): the event's URL. */
	taskUrl?: (id: string) => string;
}

export const ICS_MIME = 'text/calendar; charset=utf-8';
export const PRODID = '-//Local-first CRM//Tasks//EN';
/** Task ids are random UUIDs: this suffix only makes the UID look like one (RFC 5545 3.8.4.7). */
export const UID_DOMAIN = 'tasks.local-first-crm';
/** How often a subscribed calendar should look again. */
export const REFRESH = 'PT15M';
const TIMED_LENGTH = 'PT30M';

/** RFC 5545 PRIORITY: 1 is the highest, 9 the lowest. */
export const ICS_PRIORITY: Record<TaskPriority, number> = {
	urgent: 1,
	high: 3,
	normal: 5,
	low: 9
};

/** Whether a task belongs in a calendar: open and due on some day. */
export function isCalendarTask(fields: TaskFields): boolean {
	return fields.status === 'open' && fields.dueDate !== null;
}

/** The calendar of `tasks` that are open and dated; the rest are left out. */
export function tasksCalendar(tasks: Iterable<CalendarTask>, options: CalendarOptions): string {
	const calendar = new ICAL.Component(['vcalendar', [], []]);
	calendar.addPropertyWithValue('prodid', PRODID);
	calendar.addPropertyWithValue('version', '2.0');
	calendar.addPropertyWithValue('calscale', 'GREGORIAN');
	calendar.addPropertyWithValue('x-wr-calname', plain(options.name));
	calendar.addPropertyWithValue('refresh-interval', ICAL.Duration.fromString(REFRESH));
	calendar.addPropertyWithValue('x-published-ttl', REFRESH);
	for (const task of tasks) {
		if (isCalendarTask(task.fields)) calendar.addSubcomponent(taskEvent(task, options));
	}
	// Every content line ends with CRLF (RFC 5545 3.1), the last one too.
	return folded(() => calendar.toString()) + '\r\n';
}

/**
 * ical.js folds a line after `foldLength` octets and starts the next with a space, so a
 * continuation line would be 76 octets; RFC 5545 3.1 asks for 75 at most. Set for this
 * synchronous call only: other ical.js users (vCard) keep the default.
 */
function folded(write: () => string): string {
	const saved = ICAL.foldLength;
	ICAL.foldLength = 74;
	try {
		return write();
	} finally {
		ICAL.foldLength = saved;
	}
}

function taskEvent(task: CalendarTask, options: CalendarOptions): ICAL.Component {
	const { fields } = task;
	const event = new ICAL.Component('vevent');
	event.addPropertyWithValue('uid', `${task.id}@${UID_DOMAIN}`);
	// Without METHOD, DTSTAMP is when the event last changed (RFC 5545 3.8.7.2); it also keeps
	// the feed's bytes, and so its ETag, the same until a task changes.
	event.addPropertyWithValue('dtstamp', utc(task.updatedAt));
	event.addPropertyWithValue('last-modified', utc(task.updatedAt));
	const day = fields.dueDate!;
	if (fields.dueTime === null) {
		event.addPropertyWithValue('dtstart', ICAL.Time.fromDateString(day));
		event.addPropertyWithValue('dtend', ICAL.Time.fromDateString(addDays(day, 1)));
	} else {
		event.addPropertyWithValue('dtstart', utc(dueInstant(day, fields.dueTime, fields.timeZone)));
		event.addPropertyWithValue('duration', ICAL.Duration.fromString(TIMED_LENGTH));
	}
	event.addPropertyWithValue('summary', plain(fields.title) || 'Task');
	const description = [task.about ? `About: ${plain(task.about)}` : '', plain(task.notes ?? '')]
		.filter(Boolean)
		.join('\n\n');
	if (description) event.addPropertyWithValue('description', description);
	if (options.taskUrl) event.addPropertyWithValue('url', options.taskUrl(task.id));
	event.addPropertyWithValue('priority', ICS_PRIORITY[fields.priority]);
	// A task is a reminder of work, not a meeting: it does not make its owner look busy.
	event.addPropertyWithValue('transp', 'TRANSPARENT');
	if (fields.reminderAt !== null) event.addSubcomponent(reminder(fields.title, fields.reminderAt));
	return event;
}

function reminder(title: string, at: number): ICAL.Component {
	const alarm = new ICAL.Component('valarm');
	alarm.addPropertyWithValue('action', 'DISPLAY');
	// A DISPLAY alarm must say something (RFC 5545 3.6.6).
	alarm.addPropertyWithValue('description', plain(title) || 'Task');
	alarm.addPropertyWithValue('trigger', utc(at));
	return alarm;
}

/**
 * Text as a content line may hold it: ical.js escapes LF, but a CR or another control
 * character would go out raw and break the line (RFC 5545 3.3.11 allows none but TAB).
 */
function plain(text: string): string {
	return (
		text
			.replace(/\r\n?/g, '\n')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
			.trim()
	);
}

function utc(ms: number): ICAL.Time {
	return ICAL.Time.fromJSDate(new Date(ms), true);
}
