import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayBuckets } from './day-buckets';
import { addDays, dueInstant, todayOf } from './due';
import { BUCKETS, myDay, type TaskViewRow } from './my-day';

const MINUTE = 60_000;

const spec = fc.record({
	id: fc.integer({ min: 0, max: 30 }).map((n) => `t${n}`),
	day: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
	minutes: fc.option(fc.integer({ min: 0, max: 24 * 60 - 1 }), { nil: null }),
	priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
	name: fc.constantFrom('Call', 'call', 'Ábc', 'Zed', ''),
	status: fc.constantFrom('open', 'open', 'done', 'cancelled'),
	assigneeId: fc.constantFrom('m1', 'm1', 'm2', null)
});

type Spec = typeof spec extends fc.Arbitrary<infer S> ? S : never;

function rowOf(s: Spec, today: string, zone: string): TaskViewRow {
	const dueDate = s.day === null ? null : addDays(today, s.day);
	const dueTime =
		dueDate && s.minutes !== null
			? `${String(Math.floor(s.minutes / 60)).padStart(2, '0')}:${String(s.minutes % 60).padStart(2, '0')}`
			: null;
	return {
		id: s.id,
		name: s.name,
		status: s.status,
		priority: s.priority,
		assigneeId: s.assigneeId,
		completedAt: null,
		dueDate,
		dueTime,
		dueAt: dueDate && dueTime ? dueInstant(dueDate, dueTime, zone) : null
	};
}

const ids = (groups: Record<string, TaskViewRow[]>) =>
	Object.fromEntries(BUCKETS.map((b) => [b, groups[b].map((t) => t.id)]));

describe('My day kept from changes', () => {
	it('equals My day built from every task after any edits, deletions and minutes passing', () => {
		const zones = ['Europe/Warsaw', 'America/New_York', 'Pacific/Apia'];
		fc.assert(
			fc.property(
				fc.array(spec, { maxLength: 40 }),
				fc.array(
					fc.oneof(
						spec.map((s) => ({ put: s })),
						fc.integer({ min: 0, max: 30 }).map((n) => ({ remove: `t${n}` })),
						fc.integer({ min: 1, max: 600 }).map((minutes) => ({ minutes }))
					),
					{ maxLength: 30 }
				),
				fc.constantFrom(...zones),
				fc.integer({ min: 0, max: 86_400_000 * 365 }),
				(initial, edits, zone, offset) => {
					let now = Date.UTC(2026, 0, 1) + offset;
					const today = todayOf(now, zone);
					const rows = new Map(initial.map((s) => [s.id, rowOf(s, today, zone)]));
					let day = new DayBuckets('m1', rows.values(), now, today, zone);
					for (const edit of edits) {
						if ('put' in edit) {
							const row = rowOf(edit.put, today, zone);
							rows.set(row.id, row);
							day.put(row.id, row);
						} else if ('remove' in edit) {
							rows.delete(edit.remove);
							day.put(edit.remove, undefined);
						} else {
							now += edit.minutes * MINUTE;
							const nowToday = todayOf(now, zone);
							if (!day.advance(now, nowToday)) {
								expect(nowToday).not.toBe(today);
								day = new DayBuckets('m1', rows.values(), now, nowToday, zone);
							}
						}
						const reference = myDay([...rows.values()], 'm1', now, todayOf(now, zone), zone);
						expect(ids(day.groups)).toEqual(ids(reference));
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('keeps the array of a bucket none of whose tasks changed', () => {
		const now = Date.parse('2026-12-01T10:00:00Z');
		const zone = 'Europe/Warsaw';
		const today = todayOf(now, zone);
		const base = { priority: 'normal', assigneeId: 'm1', completedAt: null, dueTime: null };
		const rows: TaskViewRow[] = [
			{ ...base, id: 'o', name: 'Old', status: 'open', dueDate: '2026-11-20', dueAt: null },
			{ ...base, id: 'n', name: 'Any time', status: 'open', dueDate: null, dueAt: null }
		];
		const day = new DayBuckets('m1', rows, now, today, zone);
		const before = day.groups;
		day.put('o', { ...rows[0], status: 'done' });
		const after = day.groups;
		expect(after.overdue).toEqual([]);
		expect(after.none).toBe(before.none);
		expect(day.groups).toBe(after);
	});
});
