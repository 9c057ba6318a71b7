/**
 * The board's index and the forecast kept per workspace: a move patches the index (a column is
 * the same object until its deals change), many rows rebuilt at once index everything again,
 * and the forecast is computed once per state of the deals.
 */
import { describe, expect, it } from 'vitest';
import { deal } from '$lib/domain/record-types';
import { emptyDeal } from '$lib/domain/record-types/deal';
import { figuresOf } from '$lib/domain/forecast/forecast';
import { NO_FILTERS } from '$lib/domain/pipelines/board';
import { DEFAULT_PIPELINE } from '$lib/domain/pipelines/pipeline';
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { forecastOf } from './forecast';
import { boardIndexOf } from './live-board';
import { moveDeal } from './pipelines';

const NOW = Date.UTC(2026, 11, 1, 10);
const known = new Set([DEFAULT_PIPELINE.id]);

function workspace() {
	const ws = new Workspace('ws', 'me', new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

const ids = (ws: Workspace, stage: string) =>
	boardIndexOf(ws)
		.columns(DEFAULT_PIPELINE, known, NO_FILTERS)
		.find((c) => c.stage?.id === stage)!
		.deals.map((d) => d.name);

describe('the board index of a workspace', () => {
	it('follows a move and keeps the columns a move did not touch', () => {
		const ws = workspace();
		const repo = ws.repo(deal);
		const a = repo.create({ ...emptyDeal(), name: 'A', amount: 10, expectedCloseAt: NOW });
		repo.create({ ...emptyDeal(), name: 'B', amount: 20, expectedCloseAt: NOW + 1 });
		repo.create({ ...emptyDeal(), name: 'C', stage: 'proposal', expectedCloseAt: NOW });
		expect(ids(ws, 'lead')).toEqual(['A', 'B']);
		const before = boardIndexOf(ws).columns(DEFAULT_PIPELINE, known, NO_FILTERS);
		moveDeal(ws, a, 'qualified');
		const after = boardIndexOf(ws).columns(DEFAULT_PIPELINE, known, NO_FILTERS);
		expect(ids(ws, 'lead')).toEqual(['B']);
		expect(ids(ws, 'qualified')).toEqual(['A']);
		const proposal = (cols: typeof before) => cols.find((c) => c.stage?.id === 'proposal');
		expect(proposal(after)).toBe(proposal(before));
	});

	it('is indexed again when more deals change at once than a patch takes', () => {
		const ws = workspace();
		const repo = ws.repo(deal);
		for (let i = 0; i < 1_200; i++) repo.create({ ...emptyDeal(), name: `D${i}` });
		const lead = boardIndexOf(ws).columns(DEFAULT_PIPELINE, known, NO_FILTERS)[0];
		expect(lead.deals).toHaveLength(1_200);
		// Every row rebuilt at once (custom fields changed, an import): new row objects.
		ws.live(deal).rebuildAll();
		const again = boardIndexOf(ws).columns(DEFAULT_PIPELINE, known, NO_FILTERS)[0];
		expect(again.deals).toHaveLength(1_200);
		expect(again.deals[0]).toBe(ws.live(deal).row(again.deals[0].id));
	});
});

describe('the forecast of a workspace', () => {
	it('is the same object until the deals change, then follows them', () => {
		const ws = workspace();
		const repo = ws.repo(deal);
		const id = repo.create({ ...emptyDeal(), name: 'A', amount: 100, expectedCloseAt: NOW });
		const first = forecastOf(ws, null, NOW);
		expect(forecastOf(ws, null, NOW + 1_000)).toBe(first);
		repo.update(id, { amount: 300 });
		const second = forecastOf(ws, null, NOW);
		expect(second).not.toBe(first);
		expect(figuresOf(first, '2026-12').pipeline).toBe(100);
		expect(figuresOf(second, '2026-12').pipeline).toBe(300);
	});
});
