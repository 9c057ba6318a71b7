/**
 * When a dashboard's reports are computed: a first pass in a task of its own (never in the
 * task that mounted the cards), a teammate's edit in the task that brought it, so its cards
 * change in the next frame.
 */
import { describe, expect, it } from 'vitest';
import { deal } from '$lib/domain/record-types';
import { emptyDeal } from '$lib/domain/record-types/deal';
import { emptyDashboard } from '$lib/domain/record-types/dashboard';
import { deliver, memoryWorkspace } from '$lib/session/testing';
import { LiveReports } from './live-reports.svelte';

const NOW = Date.UTC(2026, 11, 1, 10);
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The open deals the Pipeline by stage report counts at the lead stage. */
function leadDeals(live: LiveReports): unknown {
	return live.result('pipeline-by-stage')?.table.rows.find((r) => r.key.endsWith('/lead'))
		?.cells[1];
}

describe('a dashboard’s reports', () => {
	it('compute first in a task of their own, and a teammate’s edit in the task that brought it', async () => {
		const mine = memoryWorkspace('me', NOW);
		const teammate = memoryWorkspace('teammate', NOW);
		const repo = teammate.repo(deal);
		const ids = ['A', 'B', 'C'].map((name) =>
			repo.create({ ...emptyDeal(), name, amount: 100, expectedCloseAt: NOW })
		);
		deliver(mine, teammate);

		const live = new LiveReports(
			() => mine,
			() => ['pipeline-by-stage'],
			() => emptyDashboard()
		);
		// What the dashboard's $effect runs, as it would run it again after each change (the
		// tests' Svelte is the server's, which runs no effects).
		let stop = live.keep();
		try {
			expect(leadDeals(live)).toBeUndefined();
			await nextTask();
			expect(leadDeals(live)).toBe(3);

			repo.update(ids[0], { stage: 'won' });
			deliver(mine, teammate);
			stop();
			stop = live.keep();
			expect(leadDeals(live)).toBe(2);
		} finally {
			stop();
		}
	});
});
