import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InteractionRow } from '../record-types';
import { activitiesPerMember } from './activities';
import { ActivityTimes, type ActivityInput } from './activity-times';
import { previousPeriod, resolvePeriod } from './period';
import type { ReportFilters, ReportInput, ReportResult } from './report';
import { BERLIN, filters, input, interaction, utc } from './rows-fixtures';

// January 2026 in Berlin, and December before it.
const JAN = resolvePeriod('this-month', utc('2026-01-10T00:00:00Z'), BERLIN);
const DEC = previousPeriod(JAN, BERLIN);
const HOUR = 3_600_000;

/** Everything a card shows and lists, drills read out (they are gathered on demand). */
function shown(r: ReportResult) {
	return {
		series: r.series.map((s) => ({
			key: s.key,
			points: s.points.map((p) => [p.key, p.label, p.value, p.previous, [...p.drill.ids]])
		})),
		rows: r.table.rows.map((row) => [
			row.key,
			[...row.cells],
			[...(row.drill?.ids ?? [])],
			(row.drills ?? []).map((d) => (d ? [...d.ids] : null))
		]),
		total: [r.total?.value, r.total?.previous, [...(r.total?.drill.ids ?? [])]]
	};
}

/** The input of a page: the rows and their kept times. */
const withTimes = (rows: InteractionRow[], times: ActivityTimes): ReportInput & ActivityInput => ({
	...input({ interaction: rows }),
	activityTimes: times
});
const kept = (rows: InteractionRow[]) => withTimes(rows, new ActivityTimes(rows));

describe('activities counted from kept times', () => {
	it('gives the figures of a full count, at the zone’s week and month edges', () => {
		const rows = [
			// Sunday 11 January 23:30 in Berlin; Monday 00:30; 1 January 00:30; 31 December 23:30.
			interaction('a', { occurredAt: utc('2026-01-11T22:30:00Z'), memberIds: ['m1'] }),
			interaction('b', { occurredAt: utc('2026-01-11T23:30:00Z'), memberIds: ['m1', 'm1'] }),
			interaction('c', {
				kind: 'meeting',
				occurredAt: utc('2025-12-31T23:30:00Z'),
				memberIds: ['m1', 'm2']
			}),
			interaction('d', { occurredAt: utc('2025-12-31T22:30:00Z'), memberIds: ['m2'] }),
			interaction('n', {
				kind: 'note',
				occurredAt: utc('2026-01-06T10:00:00Z'),
				memberIds: ['m1']
			}),
			interaction('x', { occurredAt: utc('2026-01-06T10:00:00Z'), memberIds: [] })
		];
		const f = filters({ period: JAN, previous: DEC });
		const full = activitiesPerMember.compute(input({ interaction: rows }), f);
		const fast = activitiesPerMember.compute(kept(rows), f);
		expect(shown(fast)).toEqual(shown(full));
		expect(fast.total?.value).toBe(3);
		expect(fast.total?.previous).toBe(1);
	});

	it('a call logged, moved, re-assigned or deleted moves one figure (fast-check: equal to a full count)', () => {
		const row = fc.record({
			id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
			kind: fc.constantFrom('call', 'meeting', 'email', 'note', 'visit'),
			// December and January in Berlin, around their edges.
			at: fc.integer({ min: -40 * 24, max: 40 * 24 }),
			memberIds: fc.array(fc.constantFrom('m1', 'm2', 'm3'), { maxLength: 3 })
		});
		const edit = fc.oneof(
			row.map((r) => ({ put: r })),
			fc.constantFrom('a', 'b', 'c', 'd').map((id) => ({ remove: id }))
		);
		fc.assert(
			fc.property(
				fc.array(row, { maxLength: 12 }),
				fc.array(edit, { maxLength: 12 }),
				fc.constantFrom(null, 'm1', 'm3'),
				fc.boolean(),
				(start, edits, ownerId, compare) => {
					const made = (r: (typeof start)[number]) =>
						interaction(r.id, {
							kind: r.kind as InteractionRow['kind'],
							occurredAt: JAN.from + r.at * HOUR,
							memberIds: r.memberIds
						});
					const rows = new Map<string, InteractionRow>();
					for (const r of start) rows.set(r.id, made(r));
					const times = new ActivityTimes(rows.values());
					for (const e of edits) {
						if ('put' in e) {
							rows.set(e.put.id, made(e.put));
							times.put(e.put.id, rows.get(e.put.id));
						} else {
							rows.delete(e.remove);
							times.put(e.remove, undefined);
						}
					}
					const f: ReportFilters = filters({
						period: JAN,
						previous: compare ? DEC : null,
						ownerId
					});
					const list = [...rows.values()];
					const full = activitiesPerMember.compute(input({ interaction: list }), f);
					const fast = activitiesPerMember.compute(withTimes(list, times), f);
					expect(shown(fast)).toEqual(shown(full));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('edits made while the rows are still being indexed in slices count as after a full index', () => {
		const rows = new Map<string, InteractionRow>();
		for (let i = 0; i < 5_000; i++)
			rows.set(
				`r${i}`,
				interaction(`r${i}`, {
					kind: (['call', 'meeting', 'email'] as const)[i % 3],
					occurredAt: DEC.from + i * HOUR,
					memberIds: i % 7 ? ['m1'] : ['m1', 'm2']
				})
			);
		const times = new ActivityTimes(rows.values());
		expect(times.indexSome(0)).toBe(false);
		// The last rows (not indexed yet) moved, re-assigned and deleted.
		const moved = { ...rows.get('r4999')!, occurredAt: JAN.from + HOUR, memberIds: ['m2'] };
		rows.set('r4999', moved);
		times.put('r4999', moved);
		rows.delete('r4998');
		times.put('r4998', undefined);
		expect(times.indexSome(0)).toBe(true);
		const f = filters({ period: JAN, previous: DEC });
		const list = [...rows.values()];
		expect(shown(activitiesPerMember.compute(withTimes(list, times), f))).toEqual(
			shown(activitiesPerMember.compute(input({ interaction: list }), f))
		);
	});

	it('a segment filter counts over the rows (the kept times know no people)', () => {
		const rows = [
			interaction('a', { occurredAt: JAN.from + HOUR, memberIds: ['m1'], personIds: ['p1'] }),
			interaction('b', { occurredAt: JAN.from + HOUR, memberIds: ['m1'], personIds: ['p2'] })
		];
		const r = activitiesPerMember.compute(
			kept(rows),
			filters({ period: JAN, segmentPeople: new Set(['p1']) })
		);
		expect(r.total?.value).toBe(1);
		expect(r.total?.drill.ids).toEqual(['a']);
	});
});
