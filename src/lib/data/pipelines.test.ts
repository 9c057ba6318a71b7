/**
 * Pipelines in the core document and deals moving through them, between two devices: stages
 * added at once both kept, a stage holding deals not removed, two moves of one deal at once
 * ending at one stage on both devices with both moves in its stage history.
 */
import { describe, expect, it } from 'vitest';
import { deal } from '$lib/domain/record-types';
import { stageHistory } from '$lib/domain/pipelines/stage-history';
import { dealsPerStage, moveDeal } from '$lib/session/pipelines';
import { syncBoth } from './docs-testing';
import { pipelinesOf } from './pipelines';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

function workspace(me: string, now: () => number = () => 1_000) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, now), now);
	ws.start();
	return ws;
}

/** Lets the history log write what it collected (it writes after the edit's observers). */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('pipelines in a workspace', () => {
	it('are the default pipeline until edited, and an edit reaches the other device', () => {
		const a = workspace('a');
		const b = workspace('b');
		expect(pipelinesOf(a).list.map((p) => p.name)).toEqual(['New business']);
		pipelinesOf(a).renameStage('default', 'lead', 'Inbound');
		const renewals = pipelinesOf(a).addPipeline('Renewals');
		syncBoth(a.docs, b.docs);
		const seen = pipelinesOf(b).list;
		expect(seen.map((p) => p.name)).toEqual(['New business', 'Renewals']);
		expect(seen[0].stages[0].name).toBe('Inbound');
		expect(seen[1].id).toBe(renewals);
		expect(seen[1].stages.map((s) => s.kind)).toEqual(['open', 'won', 'lost']);
	});

	it('keep both stages two people add at once, in the same order on both', () => {
		const a = workspace('a');
		const b = workspace('b');
		pipelinesOf(a).addStage('default', 'Demo', 40);
		pipelinesOf(b).addStage('default', 'Trial', 60);
		pipelinesOf(b).setProbability('default', 'lead', 5);
		pipelinesOf(a).renameStage('default', 'lead', 'Inbound');
		syncBoth(a.docs, b.docs);
		const names = (ws: Workspace) => pipelinesOf(ws).list[0].stages.map((s) => s.name);
		expect(names(a)).toEqual(names(b));
		expect(names(a)).toEqual(expect.arrayContaining(['Inbound', 'Demo', 'Trial', 'Won', 'Lost']));
		expect(names(a).indexOf('Demo')).toBeLessThan(names(a).indexOf('Won'));
		expect(pipelinesOf(b).list[0].stages[0]).toMatchObject({ name: 'Inbound', probability: 5 });
	});

	it('refuse to remove a stage that holds deals, and remove it once they moved', () => {
		const ws = workspace('a');
		const settings = pipelinesOf(ws);
		const id = ws.repo(deal).create({ name: 'Acme', stage: 'qualified' });
		const count = () => dealsPerStage(ws, settings.list[0], settings.list)?.get('qualified') ?? 0;
		expect(() => settings.deleteStage('default', 'qualified', count())).toThrow(
			'Qualified still holds 1 deal: move it to another stage first.'
		);
		moveDeal(ws, id, 'proposal');
		settings.deleteStage('default', 'qualified', count());
		expect(settings.list[0].stages.map((s) => s.id)).not.toContain('qualified');
	});

	it("count nothing while the device shows only the row cache's first page of deals", () => {
		const ws = workspace('a');
		const settings = pipelinesOf(ws);
		// A warm open paints the list's first page before every deal is decoded: no stage may look
		// empty (and be removed) meanwhile.
		ws.live(deal).showFirstPage([], 2);
		expect(dealsPerStage(ws, settings.list[0], settings.list)).toBeNull();
	});

	it('reorder stages with one write, and refuse unusable values', () => {
		const ws = workspace('a');
		const settings = pipelinesOf(ws);
		settings.moveStage('default', 'proposal', -1);
		expect(settings.list[0].stages.map((s) => s.id).slice(0, 3)).toEqual([
			'lead',
			'proposal',
			'qualified'
		]);
		expect(() => settings.setProbability('default', 'lead', 101)).toThrow();
		expect(() => settings.renameStage('default', 'lead', 'Won')).toThrow(/already/);
		expect(() => settings.deletePipeline('default', 0)).toThrow(/default pipeline/);
	});
});

describe('moving a deal', () => {
	it('at once on two devices ends at one stage on both, and both moves are in its history', async () => {
		let t = 1_000;
		const a = workspace('a', () => t);
		const b = workspace('b', () => t);
		const id = a.repo(deal).create({ name: 'Acme', stage: 'lead' });
		syncBoth(a.docs, b.docs);
		t = 2_000;
		moveDeal(a, id, 'proposal');
		t = 2_001;
		moveDeal(b, id, 'negotiation');
		await settle();
		syncBoth(a.docs, b.docs);
		const stageA = a.repo(deal).get(id)!.record.stage;
		expect(b.repo(deal).get(id)!.record.stage).toBe(stageA);
		expect(['proposal', 'negotiation']).toContain(stageA);
		const record = a.repo(deal).get(id)!.record;
		const steps = stageHistory(record, a.repo(deal).history(id));
		expect(steps.map((s) => [s.stage, s.by, s.at])).toEqual([
			['lead', 'a', 1_000],
			['proposal', 'a', 2_000],
			['negotiation', 'b', 2_001]
		]);
		expect(stageHistory(record, b.repo(deal).history(id))).toEqual(steps);
	});
});
