/** The derived conditions on hand-computed cases: distance, periods, purchases, interactions. */
import { describe, expect, it } from 'vitest';
import { person } from '../record-types';
import type { SegmentContext } from './context';
import { compileSegment } from './compile';
import { distanceKm, parsePlace, PERSON_DERIVED_FIELDS, type BoughtLine } from './derived';
import type { SegmentCondition } from './definition';
import { validateSegment } from './validate';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 12);
const FIELDS = { ...person.segmentFields, ...PERSON_DERIVED_FIELDS };
const line = (daysAgo: number, category: string, amount: number, productId = 'p1'): BoughtLine => ({
	at: NOW - daysAgo * DAY,
	productId,
	category,
	amount
});
const PURCHASES: Record<string, BoughtLine[]> = {
	ana: [line(200, 'vegetarian', 50), line(30, 'vegetarian', 20), line(5, 'meat', 100, 'p2')],
	ben: [line(120, 'vegetarian', 40)],
	cy: []
};
const TIMES: Record<string, number[]> = { ana: [NOW - 40 * DAY, NOW - 2 * DAY], ben: [NOW - DAY] };
const ctx: SegmentContext = {
	fields: FIELDS,
	customFields: [],
	now: NOW,
	timeZone: 'utc',
	lookups: {
		'purchases.lines': (id) => PURCHASES[id],
		'activity.interactions': (id) => TIMES[id]
	}
};
const rows = [
	{ id: 'ana', geo: [52.52, 13.405] }, // Berlin
	{ id: 'ben', geo: [52.39, 13.065] }, // Potsdam, ~27 km
	{ id: 'cy', geo: null }
];
const who = (cond: SegmentCondition) => {
	const test = compileSegment({ match: 'all', children: [cond] }, ctx);
	return rows.filter(test).map((r) => r.id);
};

describe('derived conditions', () => {
	it('measure great-circle distances', () => {
		expect(distanceKm(52.52, 13.405, 52.39, 13.065)).toBeCloseTo(27, 0);
		expect(distanceKm(52.52, 13.405, 48.8566, 2.3522)).toBeCloseTo(878, -1);
		expect(distanceKm(0, 0, 0, 0)).toBe(0);
	});

	it('read a place typed as coordinates, or say it is none', () => {
		expect(parsePlace('52.52, 13.405')).toEqual({ lat: 52.52, lon: 13.405 });
		expect(parsePlace('-33.9 18.4')).toEqual({ lat: -33.9, lon: 18.4 });
		expect(parsePlace('91, 0')).toBeNull();
		expect(parsePlace('Berlin')).toBeNull();
	});

	it('find people within N km of a place', () => {
		const near = (km: number) =>
			who({ field: 'geo', op: 'within_km', value: { lat: 52.52, lon: 13.405, km } });
		expect(near(10)).toEqual(['ana']);
		expect(near(30)).toEqual(['ana', 'ben']);
		expect(who({ field: 'geo', op: 'is_empty' })).toEqual(['cy']);
	});

	it('find who bought a category or product in a period', () => {
		const bought = (value: object) =>
			who({ field: 'purchases.lines', op: 'bought', value } as SegmentCondition);
		expect(bought({ category: 'Vegetarian', days: 90 })).toEqual(['ana']);
		expect(bought({ category: 'vegetarian', days: 150 })).toEqual(['ana', 'ben']);
		expect(bought({ productId: 'p2' })).toEqual(['ana']);
		expect(bought({ category: 'vegetarian', from: '2026-07-01', to: '2026-08-31' })).toEqual([
			'ben'
		]);
		expect(
			who({ field: 'purchases.lines', op: 'not_bought', value: { category: 'meat' } })
		).toEqual(['ben', 'cy']);
	});

	it('sum spend and count interactions in a period', () => {
		const spent = (value: object) =>
			who({ field: 'purchases.lines', op: 'spent', value } as SegmentCondition);
		expect(spent({ min: 100, days: 60 })).toEqual(['ana']); // 20 + 100
		expect(spent({ min: 30, max: 60, days: 365 })).toEqual(['ben']); // ana: 170
		expect(spent({ min: 0, max: 0 })).toEqual(['cy']);
		const contacted = (min: number, days: number) =>
			who({ field: 'activity.interactions', op: 'count_in_period', value: { min, days } });
		expect(contacted(2, 60)).toEqual(['ana']);
		expect(contacted(1, 7)).toEqual(['ana', 'ben']);
	});

	it('refuse malformed values with a sentence, and accept good ones', () => {
		const check = (cond: object) => validateSegment({ match: 'all', children: [cond] }, [], FIELDS);
		const problems = (cond: object) => {
			const r = check(cond);
			return r.ok ? [] : r.problems.map((p) => p.message);
		};
		expect(problems({ field: 'geo', op: 'within_km', value: { lat: 95, lon: 0, km: 5 } })).toEqual([
			'Part 1: "Location" is within: the latitude must be a number from -90 to 90, found the number 95.'
		]);
		expect(problems({ field: 'geo', op: 'within_km', value: '52,13' })[0]).toMatch(
			/expected a place and a distance/
		);
		expect(
			problems({
				field: 'purchases.lines',
				op: 'bought',
				value: { days: 5, from: '2026-01-01' }
			})[0]
		).toMatch(/not both/);
		expect(
			problems({ field: 'purchases.lines', op: 'spent', value: { min: 10, max: 5 } })[0]
		).toMatch(/more than at most/);
		expect(
			problems({ field: 'purchases.lines', op: 'bought', value: { category: '', days: 5 } })[0]
		).toMatch(/expected a category/);
		expect(problems({ field: 'purchases.lines', op: 'contains', value: 'x' })[0]).toMatch(
			/does not apply/
		);
		expect(
			check({ field: 'purchases.lines', op: 'bought', value: { category: 'veg', days: 90 } }).ok
		).toBe(true);
	});
});
