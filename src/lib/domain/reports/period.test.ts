import { describe, expect, it } from 'vitest';
import {
	bucketIndex,
	isPeriodChoice,
	monthsIn,
	periodProblem,
	previousPeriod,
	resolvePeriod,
	weeksIn
} from './period';

const utc = (iso: string) => Date.parse(iso);
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('resolvePeriod', () => {
	it("cuts months at the zone's midnight: 00:30 on 1 April in Berlin is April", () => {
		const now = utc('2026-03-31T22:30:00Z'); // 00:30 on 1 April in Berlin (summer time)
		expect(resolvePeriod('this-month', now, BERLIN)).toEqual({
			from: utc('2026-03-31T22:00:00Z'),
			to: utc('2026-04-30T22:00:00Z')
		});
		// The same instant is still 31 March in New York.
		expect(resolvePeriod('this-month', now, NEW_YORK)).toEqual({
			from: utc('2026-03-01T05:00:00Z'),
			to: utc('2026-04-01T04:00:00Z')
		});
	});

	it('gives the quarter, the year and the last 12 months including this one', () => {
		const now = utc('2026-05-10T12:00:00Z');
		expect(resolvePeriod('this-quarter', now, 'UTC')).toEqual({
			from: utc('2026-04-01T00:00:00Z'),
			to: utc('2026-07-01T00:00:00Z')
		});
		expect(resolvePeriod('this-year', now, 'UTC')).toEqual({
			from: utc('2026-01-01T00:00:00Z'),
			to: utc('2027-01-01T00:00:00Z')
		});
		expect(resolvePeriod('last-12-months', now, 'UTC')).toEqual({
			from: utc('2025-06-01T00:00:00Z'),
			to: utc('2026-06-01T00:00:00Z')
		});
	});

	it('takes two days, both included', () => {
		expect(resolvePeriod({ from: '2026-01-05', to: '2026-01-11' }, 0, BERLIN)).toEqual({
			from: utc('2026-01-04T23:00:00Z'),
			to: utc('2026-01-11T23:00:00Z')
		});
	});
});

describe('previousPeriod', () => {
	it('steps whole months back by as many months', () => {
		const march = resolvePeriod('this-month', utc('2026-03-10T00:00:00Z'), BERLIN);
		expect(previousPeriod(march, BERLIN)).toEqual({
			from: utc('2026-01-31T23:00:00Z'),
			to: march.from
		});
		const q2 = resolvePeriod('this-quarter', utc('2026-05-10T00:00:00Z'), BERLIN);
		expect(previousPeriod(q2, BERLIN)).toEqual({ from: utc('2025-12-31T23:00:00Z'), to: q2.from });
	});

	it('steps other spans back by as many days', () => {
		const week = resolvePeriod({ from: '2026-01-05', to: '2026-01-11' }, 0, BERLIN);
		expect(previousPeriod(week, BERLIN)).toEqual({
			from: utc('2025-12-28T23:00:00Z'),
			to: week.from
		});
	});
});

describe('buckets', () => {
	it("months in the zone, keys and edges at its midnights (March's end moves with summer time)", () => {
		const q1 = resolvePeriod('this-quarter', utc('2026-02-10T00:00:00Z'), BERLIN);
		const months = monthsIn(q1, BERLIN);
		expect(months.map((m) => [m.key, m.from, m.to])).toEqual([
			['2026-01', utc('2025-12-31T23:00:00Z'), utc('2026-01-31T23:00:00Z')],
			['2026-02', utc('2026-01-31T23:00:00Z'), utc('2026-02-28T23:00:00Z')],
			['2026-03', utc('2026-02-28T23:00:00Z'), utc('2026-03-31T22:00:00Z')]
		]);
		expect(bucketIndex(months, utc('2026-01-31T22:59:59Z'))).toBe(0);
		expect(bucketIndex(months, utc('2026-01-31T23:00:00Z'))).toBe(1);
		expect(bucketIndex(months, utc('2026-03-31T22:00:00Z'))).toBe(-1);
	});

	it('weeks from Monday, the first and last clipped to the period', () => {
		const jan = resolvePeriod('this-month', utc('2026-01-10T00:00:00Z'), BERLIN);
		const weeks = weeksIn(jan, BERLIN);
		// 1 January 2026 is a Thursday: its week starts on Monday 29 December.
		expect(weeks[0]).toMatchObject({ key: '2025-12-29', from: jan.from });
		expect(weeks[1]).toMatchObject({ key: '2026-01-05', from: utc('2026-01-04T23:00:00Z') });
		expect(weeks.at(-1)).toMatchObject({ key: '2026-01-26', to: jan.to });
		expect(weeks).toHaveLength(5);
	});

	it('no buckets for an empty span', () => {
		expect(monthsIn({ from: 5, to: 5 }, BERLIN)).toEqual([]);
		expect(weeksIn({ from: 5, to: 4 }, BERLIN)).toEqual([]);
	});
});

describe('choices', () => {
	it('accepts presets and two days in order; says what is wrong otherwise', () => {
		expect(isPeriodChoice('this-month')).toBe(true);
		expect(isPeriodChoice('next-month')).toBe(false);
		expect(isPeriodChoice({ from: '2026-01-01', to: '2026-02-30' })).toBe(false);
		expect(isPeriodChoice({ from: '2026-02-01', to: '2026-01-01' })).toBe(false);
		expect(periodProblem('2026-02-01', '2026-01-01')).toMatch(/before the first/);
		expect(periodProblem('', '2026-01-01')).toMatch(/first day/);
		expect(periodProblem('2026-01-01', '2026-01-01')).toBeNull();
	});
});
