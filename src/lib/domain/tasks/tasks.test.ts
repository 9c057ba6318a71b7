import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateTask } from '../record-types/task';
import { addDays, dueBucket, dueInstant, isDay, todayOf } from './due';
import {
	BUCKETS,
	compareTasks,
	myDay,
	snoozeDays,
	teamLoad,
	weekStartDay,
	type TaskViewRow
} from './my-day';
import { describeRepeat, isRepeatRule, nextDueDate, repeatParts, repeatRule } from './recurrence';
import { dueReminders, nextReminderAt, splitMissed, wasNotified } from './reminders';

const H = 3_600_000;

describe('due days and times', () => {
	it('knows a real calendar day', () => {
		expect(isDay('2026-12-01')).toBe(true);
		expect(isDay('2027-02-29')).toBe(false);
		expect(isDay('2028-02-29')).toBe(true);
		expect(isDay('2026-13-01')).toBe(false);
		expect(isDay(20261201)).toBe(false);
	});

	it('reads a due time in its zone across daylight-saving changes', () => {
		// Warsaw: 09:00 is 08:00 UTC in winter, 07:00 UTC in summer.
		expect(new Date(dueInstant('2027-03-27', '09:00', 'Europe/Warsaw')).toISOString()).toBe(
			'2027-03-27T08:00:00.000Z'
		);
		expect(new Date(dueInstant('2027-03-28', '09:00', 'Europe/Warsaw')).toISOString()).toBe(
			'2027-03-28T07:00:00.000Z'
		);
		// 02:30 does not exist on that night: shown as 01:30, before the jump (as zoned-time.ts).
		expect(new Date(dueInstant('2027-03-28', '02:30', 'Europe/Warsaw')).toISOString()).toBe(
			'2027-03-28T00:30:00.000Z'
		);
		// New York falls back on 2026-11-01.
		expect(new Date(dueInstant('2026-11-01', '12:00', 'America/New_York')).toISOString()).toBe(
			'2026-11-01T17:00:00.000Z'
		);
	});

	it('buckets an all-day task by the reader’s day and a timed one by its instant', () => {
		const now = Date.parse('2026-12-01T10:00:00Z');
		const today = todayOf(now, 'Europe/Warsaw');
		expect(today).toBe('2026-12-01');
		const allDay = (d: string) => ({ dueDate: d, dueTime: null, dueAt: null });
		expect(dueBucket(allDay('2026-11-30'), now, today, 'Europe/Warsaw')).toBe('overdue');
		expect(dueBucket(allDay('2026-12-01'), now, today, 'Europe/Warsaw')).toBe('today');
		expect(dueBucket(allDay('2026-12-02'), now, today, 'Europe/Warsaw')).toBe('upcoming');
		expect(dueBucket({ dueDate: null, dueTime: null, dueAt: null }, now, today)).toBe('none');
		const at = (iso: string) => ({
			dueDate: iso.slice(0, 10),
			dueTime: 'x',
			dueAt: Date.parse(iso)
		});
		expect(dueBucket(at('2026-12-01T09:59:00Z'), now, today, 'Europe/Warsaw')).toBe('overdue');
		// 23:30 UTC is already 2 December in Warsaw, still 1 December in New York.
		expect(dueBucket(at('2026-12-01T23:30:00Z'), now, today, 'Europe/Warsaw')).toBe('upcoming');
		expect(dueBucket(at('2026-12-01T23:30:00Z'), now, today, 'America/New_York')).toBe('today');
		// Tokyo's reader is already on 2 December at 10:00 UTC (19:00 there).
		expect(todayOf(Date.parse('2026-12-01T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-02');
	});

	it('adds calendar days across month and year ends', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
	});
});

describe('repeating tasks', () => {
	it('writes and reads rules', () => {
		expect(repeatRule(2, 'week')).toBe('FREQ=WEEKLY;INTERVAL=2');
		expect(repeatParts('FREQ=MONTHLY;INTERVAL=3')).toEqual({ every: 3, unit: 'month' });
		expect(isRepeatRule('FREQ=HOURLY')).toBe(false);
		expect(isRepeatRule('not a rule')).toBe(false);
		expect(describeRepeat('FREQ=WEEKLY;INTERVAL=2', false)).toBe('every 2 weeks');
		expect(describeRepeat('FREQ=WEEKLY;INTERVAL=2', true)).toBe('2 weeks after done');
		expect(describeRepeat('FREQ=DAILY', false)).toBe('every day');
	});

	it('comes back after the due day, skipping days gone by', () => {
		const weekly = { dueDate: '2026-11-30', repeat: 'FREQ=WEEKLY', repeatFromDone: false };
		expect(nextDueDate(weekly, '2026-11-30')).toBe('2026-12-07');
		// done two days late: still next Monday
		expect(nextDueDate(weekly, '2026-12-02')).toBe('2026-12-07');
		// done early: after the due day, not after today
		expect(nextDueDate(weekly, '2026-11-28')).toBe('2026-12-07');
		const monthly = { dueDate: '2027-01-15', repeat: 'FREQ=MONTHLY', repeatFromDone: false };
		expect(nextDueDate(monthly, '2027-01-15')).toBe('2027-02-15');
	});

	it('comes back an interval after done, or ends', () => {
		const afterDone = {
			dueDate: '2026-11-30',
			repeat: 'FREQ=WEEKLY;INTERVAL=2',
			repeatFromDone: true
		};
		expect(nextDueDate(afterDone, '2026-12-03')).toBe('2026-12-17');
		const ended = { dueDate: '2026-11-30', repeat: 'FREQ=DAILY;COUNT=1', repeatFromDone: false };
		expect(nextDueDate(ended, '2026-11-30')).toBeNull();
		expect(nextDueDate({ ...afterDone, repeat: null }, '2026-12-03')).toBeNull();
	});
});

const task = (over: Partial<TaskViewRow & Record<string, unknown>>) => ({
	id: 'a',
	name: 'Call',
	status: 'open',
	priority: 'normal',
	assigneeId: 'm1',
	completedAt: null,
	dueDate: null,
	dueTime: null,
	dueAt: null,
	reminderAt: null,
	remindedAt: null,
	reminderDismissedAt: null,
	...over
});

describe('reminders', () => {
	const now = Date.parse('2026-12-01T10:00:00Z');
	it('are the assignee’s, due at their time, until dismissed or done', () => {
		const rows = [
			task({ id: 'due', reminderAt: now - H }),
			task({ id: 'later', reminderAt: now + H }),
			task({ id: 'theirs', reminderAt: now - H, assigneeId: 'm2' }),
			task({ id: 'done', reminderAt: now - H, status: 'done' }),
			task({ id: 'dismissed', reminderAt: now - H, reminderDismissedAt: now - 1 }),
			// dismissed before it was moved later: due again
			task({ id: 'moved', reminderAt: now - 60_000, reminderDismissedAt: now - 2 * H })
		];
		expect(dueReminders(rows, 'm1', now).map((t) => t.id)).toEqual(['due', 'moved']);
		expect(nextReminderAt(rows, 'm1', now)).toBe(now + H);
		expect(nextReminderAt(rows, 'm2', now)).toBeNull();
	});

	it('tells the ones missed while the app was closed', () => {
		const rows = [
			task({ id: 'old', reminderAt: now - 5 * H }),
			task({ id: 'shown', reminderAt: now - 5 * H, remindedAt: now - 5 * H }),
			task({ id: 'new', reminderAt: now - 1 }),
			// shown by this tab after it started: still one it missed while closed
			task({ id: 'marked', reminderAt: now - 4 * H, remindedAt: now - 1 })
		];
		const { missed, current } = splitMissed(dueReminders(rows, 'm1', now), now - H);
		expect(missed.map((t) => t.id)).toEqual(['old', 'marked']);
		expect(current.map((t) => t.id)).toEqual(['shown', 'new']);
		expect(wasNotified(rows[1])).toBe(true);
	});
});

describe('My day and Team', () => {
	const now = Date.parse('2026-12-01T10:00:00Z');
	const rows = [
		task({ id: 'o', dueDate: '2026-11-30' }),
		task({ id: 't2', dueDate: '2026-12-01', priority: 'low' }),
		task({
			id: 't1',
			dueDate: '2026-12-01',
			dueTime: '15:00',
			dueAt: Date.parse('2026-12-01T14:00:00Z')
		}),
		task({ id: 'u', dueDate: '2026-12-05' }),
		task({ id: 'n' }),
		task({ id: 'x', dueDate: '2026-11-30', assigneeId: 'm2' }),
		task({ id: 'd', status: 'done', completedAt: now - H, dueDate: '2026-11-01' })
	];
	it('groups a member’s open tasks by when they are due', () => {
		const g = myDay(rows, 'm1', now, '2026-12-01', 'Europe/Warsaw');
		expect(g.overdue.map((t) => t.id)).toEqual(['o']);
		expect(g.today.map((t) => t.id)).toEqual(['t1', 't2']);
		expect(g.upcoming.map((t) => t.id)).toEqual(['u']);
		expect(g.none.map((t) => t.id)).toEqual(['n']);
	});

	it('counts open, overdue and done this week per member', () => {
		const week = Date.parse(`${weekStartDay('2026-12-01')}T00:00:00Z`);
		const load = teamLoad(rows, now, '2026-12-01', week);
		expect(load.get('m1')).toEqual({ open: 5, overdue: 1, doneThisWeek: 1 });
		expect(load.get('m2')).toEqual({ open: 1, overdue: 1, doneThisWeek: 0 });
	});

	it('snoozes to tomorrow and to next Monday', () => {
		expect(weekStartDay('2026-12-03')).toBe('2026-11-30');
		expect(snoozeDays('2026-12-01')).toEqual({ tomorrow: '2026-12-02', nextWeek: '2026-12-07' });
		expect(snoozeDays('2026-12-06')).toEqual({ tomorrow: '2026-12-07', nextWeek: '2026-12-07' });
		expect(snoozeDays('2026-12-07')).toEqual({ tomorrow: '2026-12-08', nextWeek: '2026-12-14' });
	});
});

describe('a task from a buggy peer', () => {
	it('is shown with warnings, never breaking a view', () => {
		const { value, issues } = validateTask({
			title: 'Call',
			dueDate: '31/12/2026',
			dueTime: '25:00',
			reminderAt: 'soon',
			repeat: 'FREQ=SECONDLY',
			priority: 'whenever',
			status: 7
		});
		expect(value).toMatchObject({
			title: 'Call',
			dueDate: null,
			dueTime: null,
			reminderAt: null,
			repeat: null,
			priority: 'normal',
			status: 'open'
		});
		expect(issues.map((i) => i.field).sort()).toEqual(
			['dueDate', 'priority', 'reminderAt', 'repeat', 'status'].sort()
		);
		const timeOnly = validateTask({ title: 'x', dueDate: '2026-12-01', dueTime: '9am' });
		expect(timeOnly.value.dueTime).toBeNull();
		expect(timeOnly.issues[0].message).toMatch(/Due time: expected a time such as "09:30"/);
	});
});

describe('My day at scale', () => {
	it('buckets and orders as the plain reference does, in any zone', () => {
		const zones = ['Europe/Warsaw', 'America/New_York', 'Asia/Tokyo', 'Pacific/Apia'];
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						day: fc.integer({ min: -40, max: 40 }),
						minutes: fc.option(fc.integer({ min: 0, max: 24 * 60 - 1 }), { nil: null }),
						dated: fc.boolean(),
						priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
						name: fc.constantFrom('Call', 'call', 'Ábc', 'Zed', '')
					}),
					{ maxLength: 60 }
				),
				fc.constantFrom(...zones),
				fc.integer({ min: 0, max: 86_400_000 * 365 }),
				(specs, zone, offset) => {
					const now = Date.UTC(2026, 0, 1) + offset;
					const today = todayOf(now, zone);
					const rows = specs.map((s, i) => {
						const dueDate = s.dated ? addDays(today, s.day) : null;
						const dueTime =
							dueDate && s.minutes !== null
								? `${String(Math.floor(s.minutes / 60)).padStart(2, '0')}:${String(s.minutes % 60).padStart(2, '0')}`
								: null;
						return task({
							id: `t${i}`,
							name: s.name,
							priority: s.priority,
							dueDate,
							dueTime,
							dueAt: dueDate && dueTime ? dueInstant(dueDate, dueTime, zone) : null
						});
					});
					const groups = myDay(rows, 'm1', now, today, zone);
					for (const b of BUCKETS) {
						const reference = rows
							.filter((r) => dueBucket(r, now, today, zone) === b)
							.sort(compareTasks);
						expect(groups[b].map((r) => r.id)).toEqual(reference.map((r) => r.id));
					}
				}
			),
			{ numRuns: 200 }
		);
	});
});
