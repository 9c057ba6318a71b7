import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { emptyTask, validateTask, type TaskFields } from '../record-types/task';
import { tasksCalendar, UID_DOMAIN, type CalendarTask } from './ics';

const UPDATED = Date.UTC(2026, 10, 20, 8, 15, 0);

function task(id: string, fields: Partial<TaskFields>, extra: Partial<CalendarTask> = {}) {
	return { id, fields: { ...emptyTask(), title: id, ...fields }, updatedAt: UPDATED, ...extra };
}

/** The calendar parsed back by ical.js, and its events by task id. */
function parsed(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const events = new Map<string, ICAL.Component>();
	for (const event of calendar.getAllSubcomponents('vevent')) {
		const uid = String(event.getFirstPropertyValue('uid'));
		events.set(uid.replace(`@${UID_DOMAIN}`, ''), event);
	}
	return { calendar, events };
}

function startOf(event: ICAL.Component): ICAL.Time {
	return event.getFirstPropertyValue('dtstart') as ICAL.Time;
}

describe('tasksCalendar', () => {
	it('describes the calendar for a subscription', () => {
		const { calendar } = parsed(tasksCalendar([], { name: 'Tasks of Dana' }));
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		expect(calendar.getFirstPropertyValue('prodid')).toMatch(/Local-first CRM/);
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Tasks of Dana');
		expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT15M');
		expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT15M');
	});

	it('writes an all-day task as a one-day DATE event with every property', () => {
		const text = tasksCalendar(
			[
				task(
					'a1',
					{ title: 'Send the offer', dueDate: '2026-12-31', priority: 'urgent' },
					{ about: 'Acme Ltd', notes: 'Ask for the PO number.' }
				)
			],
			{ name: 'Tasks', taskUrl: (id) => `https://crm.example/tasks/${id}` }
		);
		const event = parsed(text).events.get('a1')!;
		expect(event.getFirstPropertyValue('url')).toBe('https://crm.example/tasks/a1');
		expect(event.getFirstProperty('url')!.type).toBe('uri');
		const start = startOf(event);
		expect(start.isDate).toBe(true);
		expect(start.toString()).toBe('2026-12-31');
		expect(event.getFirstPropertyValue('dtend')!.toString()).toBe('2027-01-01');
		expect(event.getFirstPropertyValue('uid')).toBe(`a1@${UID_DOMAIN}`);
		expect(event.getFirstPropertyValue('summary')).toBe('Send the offer');
		expect(event.getFirstPropertyValue('description')).toBe(
			'About: Acme Ltd\n\nAsk for the PO number.'
		);
		expect(event.getFirstPropertyValue('priority')).toBe(1);
		const modified = event.getFirstPropertyValue('last-modified') as ICAL.Time;
		expect(modified.toJSDate().getTime()).toBe(UPDATED);
		expect((event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime()).toBe(
			UPDATED
		);
		expect(text).toContain('DTSTART;VALUE=DATE:20261231\r\n');
		expect(event.getFirstSubcomponent('valarm')).toBeNull();
	});

	it('maps priorities to RFC 5545 numbers', () => {
		const tasks = (['urgent', 'high', 'normal', 'low'] as const).map((priority) =>
			task(priority, { dueDate: '2026-12-01', priority })
		);
		const { events } = parsed(tasksCalendar(tasks, { name: 'Tasks' }));
		expect([...events.values()].map((e) => e.getFirstPropertyValue('priority'))).toEqual([
			1, 3, 5, 9
		]);
	});

	it('starts a timed task at its instant in UTC, for 30 minutes, with its reminder', () => {
		const reminderAt = Date.UTC(2026, 11, 1, 8, 0);
		const text = tasksCalendar(
			[
				task('t1', {
					dueDate: '2026-12-01',
					dueTime: '09:30',
					timeZone: 'Europe/Warsaw',
					reminderAt
				})
			],
			{ name: 'Tasks' }
		);
		const event = parsed(text).events.get('t1')!;
		expect(startOf(event).toJSDate().getTime()).toBe(Date.UTC(2026, 11, 1, 8, 30));
		expect(text).toContain('DTSTART:20261201T083000Z\r\n');
		expect(String(event.getFirstPropertyValue('duration'))).toBe('PT30M');
		const alarm = event.getFirstSubcomponent('valarm')!;
		expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
		expect(alarm.getFirstProperty('trigger')!.type).toBe('date-time');
		expect((alarm.getFirstPropertyValue('trigger') as ICAL.Time).toJSDate().getTime()).toBe(
			reminderAt
		);
		expect(alarm.getFirstPropertyValue('description')).toBe('t1');
	});

	it.each([
		// Warsaw springs forward on 29 March 2026 (CET +1 → CEST +2), falls back on 25 October.
		['Europe/Warsaw', '2026-03-28', '09:00', Date.UTC(2026, 2, 28, 8, 0)],
		['Europe/Warsaw', '2026-03-30', '09:00', Date.UTC(2026, 2, 30, 7, 0)],
		['Europe/Warsaw', '2026-10-24', '09:00', Date.UTC(2026, 9, 24, 7, 0)],
		['Europe/Warsaw', '2026-10-26', '09:00', Date.UTC(2026, 9, 26, 8, 0)],
		// New York springs forward on 8 March 2026 (EST −5 → EDT −4), falls back on 1 November.
		['America/New_York', '2026-03-07', '09:00', Date.UTC(2026, 2, 7, 14, 0)],
		['America/New_York', '2026-03-09', '09:00', Date.UTC(2026, 2, 9, 13, 0)],
		['America/New_York', '2026-10-31', '09:00', Date.UTC(2026, 9, 31, 13, 0)],
		['America/New_York', '2026-11-02', '09:00', Date.UTC(2026, 10, 2, 14, 0)]
	])('keeps %s %s %s on its instant across the DST change', (zone, day, time, instant) => {
		const text = tasksCalendar([task('d', { dueDate: day, dueTime: time, timeZone: zone })], {
			name: 'Tasks'
		});
		const start = startOf(parsed(text).events.get('d')!);
		expect(start.zone?.tzid).toBe('UTC');
		expect(start.toJSDate().getTime()).toBe(instant);
	});

	it('escapes commas, semicolons, backslashes, newlines and keeps unicode', () => {
		const title = 'Call Zoë, Ann; re: "Q4" \\ plan — 日本 😀';
		const notes = 'Line one,\nline two; ✓\r\nend\u0007';
		const text = tasksCalendar([task('e', { title, dueDate: '2026-12-01' }, { notes })], {
			name: 'Zażółć; gęślą, jaźń'
		});
		expect(text).toContain('SUMMARY:Call Zoë\\, Ann\\; re: "Q4" \\\\ plan — 日本 😀');
		const { calendar, events } = parsed(text);
		const event = events.get('e')!;
		expect(event.getFirstPropertyValue('summary')).toBe(title);
		// A CR or another control character would break the line it is on: newlines become LF.
		expect(event.getFirstPropertyValue('description')).toBe('Line one,\nline two; ✓\nend');
		// eslint-disable-next-line no-control-regex
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Zażółć; gęślą, jaźń');
	});

	it('folds long lines at 75 octets with CRLF, never inside a character', () => {
		const title = 'Ünïcödé and emoji 😀 '.repeat(20);
		const text = tasksCalendar([task('f', { title, dueDate: '2026-12-01' })], { name: 'Tasks' });
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		const lines = text.split('\r\n').slice(0, -1);
		for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
		expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
		// No line is cut in the middle of a UTF-8 sequence or a surrogate pair.
		expect(text).not.toContain('\uFFFD');
		expect(lines.every((l) => !/[\uD800-\uDBFF]$/.test(l))).toBe(true);
		expect(parsed(text).events.get('f')!.getFirstPropertyValue('summary')).toBe(title.trim());
	});

	it('leaves out tasks that are done, cancelled or without a date', () => {
		const text = tasksCalendar(
			[
				task('open', { dueDate: '2026-12-01' }),
				task('done', { dueDate: '2026-12-01', status: 'done' }),
				task('cancelled', { dueDate: '2026-12-01', status: 'cancelled' }),
				task('undated', {})
			],
			{ name: 'Tasks' }
		);
		expect([...parsed(text).events.keys()]).toEqual(['open']);
	});

	it('leaves out a task whose date a buggy peer garbled, without throwing', () => {
		const garbled = validateTask({ title: 'Broken', dueDate: '2026-02-30', dueTime: 'noon' });
		expect(garbled.value.dueDate).toBeNull();
		expect(garbled.issues.length).toBeGreaterThan(0);
		const unreadable = validateTask('not a task');
		const text = tasksCalendar(
			[
				{ id: 'broken', fields: garbled.value, updatedAt: UPDATED },
				{ id: 'unreadable', fields: unreadable.value, updatedAt: UPDATED },
				task('fine', { dueDate: '2026-12-01' })
			],
			{ name: 'Tasks' }
		);
		expect([...parsed(text).events.keys()]).toEqual(['fine']);
	});
});
