import { describe, expect, it } from 'vitest';
import { RateIndex } from '../forecast/rates';
import { activitiesPerMember } from './activities';
import { goalProgressReport } from './goal-progress';
import { resolvePeriod } from './period';
import { BERLIN, day, deal, filters, goalRow, input, interaction, utc } from './rows-fixtures';

// January 2026 in Berlin; its weeks start on Mondays 29 Dec, 5, 12, 19 and 26 January.
const JAN = resolvePeriod('this-month', utc('2026-01-10T00:00:00Z'), BERLIN);
const DEC = resolvePeriod('this-month', utc('2025-12-10T00:00:00Z'), BERLIN);

describe('activities per member per week', () => {
	const rows = [
		interaction('c1', { kind: 'call', occurredAt: utc('2026-01-05T09:00:00Z'), memberIds: ['m1'] }),
		// Sunday 11 January, 23:30 in Berlin: still the week of 5 January.
		interaction('c2', { kind: 'call', occurredAt: utc('2026-01-11T22:30:00Z'), memberIds: ['m1'] }),
		// Monday 12 January, 00:30 in Berlin (Sunday in UTC): the week of 12 January.
		interaction('c3', { kind: 'call', occurredAt: utc('2026-01-11T23:30:00Z'), memberIds: ['m1'] }),
		// Two members: counts for each.
		interaction('m', {
			kind: 'meeting',
			occurredAt: utc('2026-01-06T10:00:00Z'),
			memberIds: ['m1', 'm2'],
			personIds: ['p1']
		}),
		interaction('e', { kind: 'email', occurredAt: utc('2026-01-20T10:00:00Z'), memberIds: ['m2'] }),
		// Notes are not activities; 1 January 00:30 Berlin is January, 31 December 23:30 is not.
		interaction('n', { kind: 'note', occurredAt: utc('2026-01-06T10:00:00Z'), memberIds: ['m1'] }),
		interaction('in', { kind: 'call', occurredAt: utc('2025-12-31T23:30:00Z'), memberIds: ['m2'] }),
		interaction('out', { kind: 'call', occurredAt: utc('2025-12-31T22:30:00Z'), memberIds: ['m2'] })
	];

	it('stacks calls, meetings and e-mails per member; the table has a row per member and week', () => {
		const r = activitiesPerMember.compute(input({ interaction: rows }), filters({ period: JAN }));
		expect(r.series.map((s) => [s.key, s.points.map((p) => [p.label, p.value])])).toEqual([
			[
				'call',
				[
					['Ada', 3],
					['Ben', 1]
				]
			],
			[
				'meeting',
				[
					['Ada', 1],
					['Ben', 1]
				]
			],
			[
				'email',
				[
					['Ada', 0],
					['Ben', 1]
				]
			]
		]);
		expect(r.table.rows.map((row) => [...row.cells])).toEqual([
			['Ada', 'Week of 2026-01-05', 2, 1, 0, 3],
			['Ada', 'Week of 2026-01-12', 1, 0, 0, 1],
			['Ben', 'Week of 2025-12-29', 1, 0, 0, 1],
			['Ben', 'Week of 2026-01-05', 0, 1, 0, 1],
			['Ben', 'Week of 2026-01-19', 0, 0, 1, 1]
		]);
		expect(r.table.rows[0].drills?.[2]).toEqual({ type: 'interaction', ids: ['c1', 'c2'] });
		// The team's total counts the shared meeting once.
		expect(r.total?.value).toBe(6);
	});

	it('opens exactly the records behind a bar, a table row and the total (gathered on demand)', () => {
		const r = activitiesPerMember.compute(input({ interaction: rows }), filters({ period: JAN }));
		const ada = (k: number) => r.series[k].points[0].drill.ids;
		expect([ada(0), ada(1), ada(2)]).toEqual([['c1', 'c2', 'c3'], ['m'], []]);
		expect(r.series[1].points[1].drill.ids).toEqual(['m']);
		// Ada's week of 5 January: her calls, then her meeting.
		expect(r.table.rows[0].drill?.ids).toEqual(['c1', 'c2', 'm']);
		expect(r.table.rows[2].drills?.[2]?.ids).toEqual(['in']);
		expect(r.total?.drill.ids).toEqual(['c1', 'c2', 'c3', 'm', 'e', 'in']);
	});

	it('narrows to one member, to a segment, and compares with the previous period', () => {
		const ben = activitiesPerMember.compute(
			input({ interaction: rows }),
			filters({ period: JAN, ownerId: 'm2' })
		);
		expect(ben.series[0].points.map((p) => p.label)).toEqual(['Ben']);
		expect(ben.total?.value).toBe(3);
		const seg = activitiesPerMember.compute(
			input({ interaction: rows }),
			filters({ period: JAN, segmentPeople: new Set(['p1']) })
		);
		expect(seg.total?.drill.ids).toEqual(['m']);
		const cmp = activitiesPerMember.compute(
			input({ interaction: rows }),
			filters({ period: JAN, previous: DEC })
		);
		expect(cmp.total?.previous).toBe(1);
		expect(cmp.series[0].points.map((p) => p.previous)).toEqual([0, 1]);
	});

	it('an empty period has no members and no rows', () => {
		const r = activitiesPerMember.compute(input({ interaction: [] }), filters({ period: JAN }));
		expect(r.series[0].points).toEqual([]);
		expect(r.table.rows).toEqual([]);
		expect(r.total?.value).toBe(0);
	});
});

describe('goal progress', () => {
	it("each goal of the period with what it reached, the owner's only when filtered", () => {
		const deals = [
			deal('w', {
				stage: 'won',
				amount: 100,
				currency: 'USD',
				expectedCloseAt: day('2026-01-20'),
				ownerId: 'm1'
			})
		];
		const acts = [interaction('c', { occurredAt: utc('2026-01-07T10:00:00Z'), memberIds: ['m1'] })];
		const goals = [
			goalRow('a', { memberId: 'm1', period: '2026-01', metric: 'won amount', target: 100 }),
			goalRow('b', { memberId: 'm1', period: '2026-Q1', metric: 'activities logged', target: 4 }),
			goalRow('c', { memberId: 'm2', period: '2026-01', metric: 'deals won', target: 1 }),
			goalRow('d', { memberId: 'm1', period: '2026-02', metric: 'deals won', target: 1 })
		];
		const r = goalProgressReport.compute(
			input({ deal: deals, interaction: acts, goal: goals }),
			filters({ period: JAN, ownerId: 'm1' })
		);
		expect(r.table.rows.map((row) => [...row.cells])).toEqual([
			['Ada: Won amount, January 2026', 50, 100, 50],
			['Ada: Activities logged, Q1 2026', 1, 4, 25]
		]);
		expect(r.table.rows[0].drill).toEqual({ type: 'goal', ids: ['a'] });
		const all = goalProgressReport.compute(
			input({ deal: deals, interaction: acts, goal: goals }),
			filters({ period: JAN })
		);
		expect(all.table.rows).toHaveLength(3);
	});

	it('counts a call logged with the deals as they were, and an edited deal or rate again', () => {
		const won = (amount: number) =>
			deal('w', {
				stage: 'won',
				amount,
				currency: 'USD',
				expectedCloseAt: day('2026-01-20'),
				ownerId: 'm1'
			});
		const deals = [won(100)];
		const goals = [
			goalRow('a', { memberId: 'm1', period: '2026-01', metric: 'won amount', target: 100 }),
			goalRow('b', { memberId: 'm1', period: '2026-01', metric: 'activities logged', target: 4 })
		];
		const base = input({ deal: deals, interaction: [], goal: goals });
		const reached = (x: typeof base) =>
			goalProgressReport.compute(x, filters({ period: JAN })).table.rows.map((r) => r.cells[1]);
		expect(reached(base)).toEqual([50, 0]); // USD at 0.5 in January
		// A call logged: a new interactions array, the same deals (their part kept).
		const call = interaction('c', { occurredAt: utc('2026-01-07T10:00:00Z'), memberIds: ['m1'] });
		const logged = { ...base, rows: { ...base.rows, interaction: [call] } };
		expect(reached(logged)).toEqual([50, 1]);
		// The deal edited: a new deals array, counted again.
		expect(reached({ ...logged, rows: { ...logged.rows, deal: [won(250)] } })).toEqual([125, 1]);
		// The same deals array with other rates: counted again at those.
		const rates = new RateIndex('EUR', [
			{ id: 'r', from: 'USD', to: 'EUR', rate: 2, validFrom: '2025-01-01' }
		]);
		expect(reached({ ...logged, rates })).toEqual([200, 1]);
	});
});
