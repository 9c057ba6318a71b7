import { describe, expect, it } from 'vitest';
import { WHOLE_RECORD } from '../validate';
import { campaign, emptyCampaign, validateCampaign } from './campaign';
import { goal, validateGoal } from './goal';

describe('campaign and goal validation on read (the shared record check)', () => {
	it('a value that is not a set of fields reads as an empty record, named', () => {
		for (const raw of ['oops', 42, null, ['a']]) {
			const c = validateCampaign(raw);
			expect(c.value).toEqual(emptyCampaign());
			expect(c.issues).toHaveLength(1);
			expect(c.issues[0]).toMatchObject({ field: WHOLE_RECORD, raw });
			expect(c.issues[0].message).toMatch(/^The campaign is unreadable: expected a set of fields/);
			const g = validateGoal(raw);
			expect(g.issues[0].message).toMatch(/^The goal is unreadable: expected a set of fields/);
		}
	});

	it('fields of the wrong type are named and defaulted; good ones kept', () => {
		const { value, issues } = validateCampaign({ name: 'Menu', windowDays: 0, costFixed: -3 });
		expect(value).toMatchObject({ name: 'Menu', windowDays: 30, costFixed: 0 });
		expect(issues.map((i) => i.field).sort()).toEqual(['costFixed', 'windowDays']);
	});

	it('merging keeps the kept record as it is, a copy', () => {
		const keep = { ...emptyCampaign(), name: 'Kept' };
		const other = { ...emptyCampaign(), name: 'Other', costFixed: 9 };
		const r = campaign.merge(keep, other);
		expect(r).toEqual({ merged: keep, conflicts: [] });
		expect(r.merged).not.toBe(keep);
		const g = validateGoal({ target: 5, period: '2026-Q4' }).value;
		expect(goal.merge(g, { ...g, target: 9 }).merged.target).toBe(5);
	});
});
