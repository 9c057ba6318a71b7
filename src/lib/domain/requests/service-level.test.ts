import { formatInTimeZone } from 'date-fns-tz';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SERVICE_LEVELS,
	dueText,
	dueTime,
	formatDuration,
	isOverdue,
	isServiceHours,
	readServiceLevels,
	timeToFirstResponse,
	timeToResolution
} from './service-level';

const H = 3_600_000;
const MIN = 60_000;
const berlin = (ms: number) => formatInTimeZone(ms, 'Europe/Berlin', 'yyyy-MM-dd HH:mm');

describe('service-level due times', () => {
	const opened = Date.UTC(2026, 5, 1, 8, 0); // 10:00 in Berlin

	it('adds the priority’s hours to the opening time', () => {
		expect(dueTime(opened, 'urgent', DEFAULT_SERVICE_LEVELS)).toBe(opened + 4 * H);
		expect(dueTime(opened, 'high', DEFAULT_SERVICE_LEVELS)).toBe(opened + 8 * H);
		expect(dueTime(opened, 'normal', DEFAULT_SERVICE_LEVELS)).toBe(opened + 24 * H);
		expect(dueTime(opened, 'low', DEFAULT_SERVICE_LEVELS)).toBe(opened + 72 * H);
	});

	it('takes the workspace’s own levels, fractions of an hour too', () => {
		const levels = { ...DEFAULT_SERVICE_LEVELS, urgent: 1.5 };
		expect(dueTime(opened, 'urgent', levels)).toBe(opened + 90 * MIN);
	});

	it('counts hours as they pass across the night clocks spring forward', () => {
		// 28 March 2026, 10:00 in Berlin (CET); clocks go 02:00 → 03:00 on the 29th.
		const before = Date.UTC(2026, 2, 28, 9, 0);
		expect(berlin(before)).toBe('2026-03-28 10:00');
		const due = dueTime(before, 'normal', DEFAULT_SERVICE_LEVELS);
		expect(due - before).toBe(24 * H);
		expect(berlin(due)).toBe('2026-03-29 11:00');
		// An urgent one opened at 00:30 is due 4 h later, at 05:30 on the clock (not 04:30).
		const night = Date.UTC(2026, 2, 28, 23, 30);
		expect(berlin(dueTime(night, 'urgent', DEFAULT_SERVICE_LEVELS))).toBe('2026-03-29 05:30');
	});

	it('counts hours as they pass across the night clocks fall back', () => {
		// 24 October 2026, 10:00 in Berlin (CEST); clocks go 03:00 → 02:00 on the 25th.
		const before = Date.UTC(2026, 9, 24, 8, 0);
		expect(berlin(before)).toBe('2026-10-24 10:00');
		expect(berlin(dueTime(before, 'normal', DEFAULT_SERVICE_LEVELS))).toBe('2026-10-25 09:00');
		expect(berlin(dueTime(before, 'low', DEFAULT_SERVICE_LEVELS))).toBe('2026-10-27 09:00');
	});
});

describe('overdue', () => {
	const due = Date.UTC(2026, 5, 1, 12, 0);

	it('is late only past the due time, while the next move is the team’s', () => {
		expect(isOverdue({ status: 'new', dueAt: due }, due)).toBe(false);
		expect(isOverdue({ status: 'new', dueAt: due }, due + 1)).toBe(true);
		expect(isOverdue({ status: 'open', dueAt: due }, due + H)).toBe(true);
		for (const status of ['waiting', 'resolved', 'closed'] as const)
			expect(isOverdue({ status, dueAt: due }, due + H)).toBe(false);
		expect(isOverdue({ status: 'open', dueAt: null }, due + H)).toBe(false);
	});

	it('says how long until it is due, or how late it is', () => {
		expect(dueText({ status: 'open', dueAt: due }, due - 200 * MIN)).toBe('due in 3 h 20 min');
		expect(dueText({ status: 'new', dueAt: due }, due + 45 * MIN)).toBe('overdue by 45 min');
		expect(dueText({ status: 'resolved', dueAt: due }, due + H)).toBe('');
		expect(dueText({ status: 'open', dueAt: null }, due)).toBe('');
	});
});

describe('response and resolution times', () => {
	const openedAt = Date.UTC(2026, 5, 1, 8, 0);

	it('measures from the opening', () => {
		const r = { openedAt, firstResponseAt: openedAt + 200 * MIN, resolvedAt: openedAt + 26 * H };
		expect(timeToFirstResponse(r)).toBe(200 * MIN);
		expect(timeToResolution(r)).toBe(26 * H);
	});

	it('has none while it has not happened, or without an opening time', () => {
		expect(timeToFirstResponse({ openedAt, firstResponseAt: null })).toBeNull();
		expect(timeToResolution({ openedAt: null, resolvedAt: openedAt })).toBeNull();
	});
});

describe('durations as people say them', () => {
	it.each([
		[0, '< 1 min'],
		[59_999, '< 1 min'],
		[45 * MIN, '45 min'],
		[3 * H, '3 h'],
		[3 * H + 20 * MIN, '3 h 20 min'],
		[24 * H, '1 d'],
		[53 * H + 59 * MIN, '2 d 5 h']
	])('%i ms is "%s"', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('stored service levels', () => {
	it('keeps the usable ones and falls back to the defaults for the rest', () => {
		const stored: Record<string, unknown> = { urgent: 2, high: '12', normal: -1, low: 1e9 };
		expect(readServiceLevels((p) => stored[p])).toEqual({
			urgent: 2,
			high: 8,
			normal: 24,
			low: 72
		});
		expect(isServiceHours(0.5)).toBe(true);
		expect(isServiceHours(Number.NaN)).toBe(false);
	});
});
