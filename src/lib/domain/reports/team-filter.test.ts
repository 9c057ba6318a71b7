/**
 * The team filter: each report that honours the owner counts the records whose owner (a deal's
 * owner, a request's assignee, an interaction's members, a goal's member) is in the team.
 * Ada (m1) and Cy (m3) are the team; Ben (m2) is not.
 */
import { describe, expect, it } from 'vitest';
import { membersOfTeam, readTeams, teamNameProblem } from '../teams';
import { activitiesPerMember } from './activities';
import { forecastTarget } from './forecast-target';
import { goalProgressReport } from './goal-progress';
import { lossReasons } from './loss-reasons';
import { resolvePeriod } from './period';
import { pipelineByStage } from './pipeline-by-stage';
import { requestsFlow } from './requests';
import {
	BERLIN,
	day,
	deal,
	filters,
	goalRow,
	input,
	interaction,
	request,
	utc
} from './rows-fixtures';
import { wonLost } from './won-lost';

const TEAM = new Set(['m1', 'm3']);
const JAN = resolvePeriod('this-month', utc('2026-01-10T00:00:00Z'), BERLIN);

const deals = [
	deal('a', { stage: 'won', amount: 100, expectedCloseAt: day('2026-01-20'), ownerId: 'm1' }),
	deal('b', { stage: 'won', amount: 40, expectedCloseAt: day('2026-01-21'), ownerId: 'm2' }),
	deal('c', { stage: 'won', amount: 7, expectedCloseAt: day('2026-01-22'), ownerId: 'm3' }),
	// Nobody's: in no team.
	deal('d', { stage: 'won', amount: 1000, expectedCloseAt: day('2026-01-23'), ownerId: null }),
	deal('e', { stage: 'lost', amount: 5, expectedCloseAt: day('2026-01-24'), ownerId: 'm2' }),
	deal('f', { stage: 'lost', amount: 9, expectedCloseAt: day('2026-01-24'), ownerId: 'm3' }),
	deal('g', { stage: 'proposal', amount: 60, expectedCloseAt: day('2026-01-30'), ownerId: 'm1' }),
	deal('h', { stage: 'proposal', amount: 80, expectedCloseAt: day('2026-01-30'), ownerId: 'm2' })
];

describe('the team filter', () => {
	it('counts the deals whose owner is in the team: won and lost, the pipeline, loss reasons', () => {
		const x = input({ deal: deals });
		const team = filters({ period: JAN, teamMembers: TEAM });
		const won = wonLost.compute(x, team);
		expect(won.total).toMatchObject({ value: 107, drill: { ids: ['a', 'c'] } });
		expect(won.table.rows[0].cells.slice(1)).toEqual([2, 107, 1, 9]);
		// Everyone's, for contrast: the filter is what narrows.
		expect(wonLost.compute(x, filters({ period: JAN })).total?.value).toBe(1147);
		const open = pipelineByStage.compute(x, team);
		expect(open.total?.drill.ids).toEqual(['g']);
		const reasons = lossReasons.compute(x, team);
		expect(reasons.total?.drill.ids).toEqual(['f']);
		// An owner filter and a team filter: both hold.
		expect(
			wonLost.compute(x, filters({ period: JAN, teamMembers: TEAM, ownerId: 'm2' })).total?.value
		).toBe(0);
		// An empty team counts nothing; absent or null, everyone.
		expect(wonLost.compute(x, filters({ period: JAN, teamMembers: new Set() })).total?.value).toBe(
			0
		);
		expect(wonLost.compute(x, filters({ period: JAN, teamMembers: null })).total?.value).toBe(1147);
	});

	it("counts the team's members' activities only, and an interaction once a member is in it", () => {
		const acts = [
			interaction('c1', { occurredAt: utc('2026-01-05T09:00:00Z'), memberIds: ['m1'] }),
			interaction('c2', { occurredAt: utc('2026-01-06T09:00:00Z'), memberIds: ['m2'] }),
			interaction('c3', { occurredAt: utc('2026-01-07T09:00:00Z'), memberIds: ['m2', 'm3'] })
		];
		const r = activitiesPerMember.compute(
			input({ interaction: acts }),
			filters({ period: JAN, teamMembers: TEAM })
		);
		expect(r.series[0].points.map((p) => [p.key, p.value])).toEqual([
			['m1', 1],
			['m3', 1]
		]);
		expect(r.total?.value).toBe(2);
	});

	it("counts the requests assigned to the team's members", () => {
		const reqs = [
			request('r1', { assigneeId: 'm1', openedAt: utc('2026-01-05T09:00:00Z') }),
			request('r2', { assigneeId: 'm2', openedAt: utc('2026-01-05T09:00:00Z') }),
			request('r3', { assigneeId: null, openedAt: utc('2026-01-05T09:00:00Z') })
		];
		const r = requestsFlow.compute(
			input({ request: reqs }),
			filters({ period: JAN, teamMembers: TEAM })
		);
		expect(r.total?.drill.ids).toEqual(['r1']);
	});

	it("shows the team's members' goals, and sums their won-amount targets against the forecast", () => {
		const goals = [
			goalRow('ga', { memberId: 'm1', period: '2026-01', target: 200 }),
			goalRow('gb', { memberId: 'm2', period: '2026-01', target: 300 }),
			goalRow('gc', { memberId: 'm3', period: '2026-01', target: 50 }),
			goalRow('team', { memberId: null, period: '2026-01', target: 1000 })
		];
		const x = input({ deal: deals, goal: goals });
		const team = filters({ period: JAN, teamMembers: TEAM });
		const progress = goalProgressReport.compute(x, team);
		expect(progress.table.rows.map((r) => r.drill?.ids)).toEqual([['ga'], ['gc']]);
		const f = forecastTarget.compute(x, team);
		expect(f.table.rows[0].cells.slice(1, 4)).toEqual([107, 60 * 0.5, 250]);
		// Without a team: the workspace's team goal.
		expect(forecastTarget.compute(x, filters({ period: JAN })).table.rows[0].cells[3]).toBe(1000);
	});
});

describe('teams', () => {
	it('are read from their keys: removed ones and bad values left out, by name', () => {
		const teams = readTeams([
			['team:b', 'Sales'],
			['team:a', ' Support '],
			['team:c', 'Gone'],
			['team-gone:c', true],
			['team:d', 42],
			['team:e', '  '],
			['currency', 'EUR']
		]);
		expect(teams).toEqual([
			{ id: 'b', name: 'Sales' },
			{ id: 'a', name: 'Support' }
		]);
	});

	it('refuse an empty, a too long or a taken name (whatever its case)', () => {
		const teams = [{ id: 'b', name: 'Sales' }];
		expect(teamNameProblem(' ', teams)).toBe('Name the team.');
		expect(teamNameProblem('x'.repeat(61), teams)).toMatch(/at most 60/);
		expect(teamNameProblem('sales', teams)).toBe('There is a team named “Sales” already.');
		expect(teamNameProblem('SALES', teams, 'b')).toBeNull();
		expect(teamNameProblem('Support', teams)).toBeNull();
	});

	it("list a team's members", () => {
		const members = [
			{ id: 'm1', teamId: 't' },
			{ id: 'm2', teamId: null },
			{ id: 'm3', teamId: 't' },
			{ id: 'm4' }
		];
		expect([...membersOfTeam(members, 't')]).toEqual(['m1', 'm3']);
	});
});
