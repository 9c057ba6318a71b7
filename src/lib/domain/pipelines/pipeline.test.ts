import { describe, expect, it } from 'vitest';
import {
	DEFAULT_PIPELINE,
	dealProbability,
	deletePipelineProblem,
	deleteStageProblem,
	moveOrders,
	nameProblem,
	pipelineOf,
	probabilityProblem,
	stageOf
} from './pipeline';
import { pipelineKey, readPipelines, stageKey } from './stored';

describe('pipelines as stored', () => {
	it('start as the default "New business" pipeline with the stage ids deals already hold', () => {
		const [only] = readPipelines([]);
		expect(only).toEqual(DEFAULT_PIPELINE);
		expect(only.stages.map((s) => s.id)).toEqual([
			'lead',
			'qualified',
			'proposal',
			'negotiation',
			'won',
			'lost'
		]);
		expect(only.stages.map((s) => s.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost']);
	});

	it('lay each stored value over the defaults, and read a buggy peer’s values as defaults', () => {
		const list = readPipelines([
			[stageKey('default', 'lead', 'name'), 'Inbound'],
			[stageKey('default', 'lead', 'probability'), 150],
			[stageKey('default', 'won', 'kind'), 'sort of'],
			[stageKey('default', 'lost', 'deleted'), true],
			[stageKey('default', 'qualified', 'order'), 9],
			[pipelineKey('r1', 'name'), 'Renewals'],
			[pipelineKey('r1', 'order'), 1],
			[stageKey('r1', 'x', 'name'), 'Due'],
			['garbage', 1],
			['s:bad id:x:name', 'no']
		]);
		expect(list.map((p) => p.name)).toEqual(['New business', 'Renewals']);
		const stages = list[0].stages;
		expect(stages.map((s) => s.id)).toEqual([
			'lead',
			'proposal',
			'negotiation',
			'won',
			'qualified'
		]);
		expect(stages[0]).toMatchObject({ name: 'Inbound', probability: 10 });
		expect(stages.find((s) => s.id === 'won')?.kind).toBe('won');
		expect(list[1].stages).toEqual([
			{ id: 'x', name: 'Due', order: 0, probability: 50, kind: 'open' }
		]);
	});

	it('hide a removed pipeline, with its stages', () => {
		const list = readPipelines([
			[pipelineKey('r1', 'name'), 'Renewals'],
			[stageKey('r1', 'x', 'name'), 'Due'],
			[pipelineKey('r1', 'deleted'), true]
		]);
		expect(list.map((p) => p.id)).toEqual(['default']);
	});

	it('keep both of two stages added at once with the same order, in the same order everywhere', () => {
		const a: [string, unknown][] = [
			[stageKey('default', 'aaa', 'name'), 'Demo'],
			[stageKey('default', 'aaa', 'order'), 2.5]
		];
		const b: [string, unknown][] = [
			[stageKey('default', 'bbb', 'name'), 'Trial'],
			[stageKey('default', 'bbb', 'order'), 2.5]
		];
		const ids = (entries: [string, unknown][]) => readPipelines(entries)[0].stages.map((s) => s.id);
		expect(ids([...a, ...b])).toEqual(ids([...b, ...a]));
		expect(ids([...a, ...b])).toEqual([
			'lead',
			'qualified',
			'proposal',
			'aaa',
			'bbb',
			'negotiation',
			'won',
			'lost'
		]);
	});
});

describe('pipeline rules', () => {
	const p = DEFAULT_PIPELINE;

	it('check names and probabilities', () => {
		expect(nameProblem('  ', p.stages, null, 'stage')).toMatch(/needs a name/);
		expect(nameProblem('won', p.stages, null, 'stage')).toMatch(/already a stage called "Won"/);
		expect(nameProblem('Won', p.stages, 'won', 'stage')).toBeNull();
		expect(nameProblem('x'.repeat(61), p.stages, null, 'stage')).toMatch(/under 60/);
		expect(probabilityProblem('40')).toBeNull();
		expect(probabilityProblem('40%')).toBeNull();
		for (const bad of ['', '101', '-1', '2.5', 'half'])
			expect(probabilityProblem(bad)).not.toBeNull();
	});

	it('refuse to remove a stage that still holds deals, or the last one', () => {
		expect(deleteStageProblem(p, 'proposal', 3)).toBe(
			'Proposal still holds 3 deals: move them to another stage first.'
		);
		expect(deleteStageProblem(p, 'proposal', 1)).toMatch(/holds 1 deal: move it/);
		expect(deleteStageProblem(p, 'proposal', 0)).toBeNull();
		expect(deleteStageProblem({ ...p, stages: [p.stages[0]] }, 'lead', 0)).toMatch(/one stage/);
		expect(deletePipelineProblem(p, 0)).toMatch(/default pipeline/);
		expect(deletePipelineProblem({ ...p, id: 'r1', name: 'Renewals' }, 2)).toMatch(/holds 2 deals/);
		expect(deletePipelineProblem({ ...p, id: 'r1' }, 0)).toBeNull();
	});

	it('find a deal’s pipeline and stage, and its probability', () => {
		const renewals = { ...p, id: 'r1', name: 'Renewals' };
		expect(pipelineOf([p, renewals], 'r1')).toBe(renewals);
		expect(pipelineOf([p, renewals], null)).toBe(p);
		expect(pipelineOf([p, renewals], 'removed')).toBe(p);
		expect(stageOf(p, 'nope')).toBeNull();
		expect(dealProbability(null, stageOf(p, 'proposal'))).toBe(50);
		expect(dealProbability(65, stageOf(p, 'proposal'))).toBe(65);
		expect(dealProbability(null, null)).toBe(0);
	});

	it('move an item with one write when there is room, else renumber', () => {
		const items = [
			{ id: 'a', order: 0 },
			{ id: 'b', order: 1 },
			{ id: 'c', order: 2 }
		];
		expect([...moveOrders(items, 2, -1)]).toEqual([['c', 0.5]]);
		expect([...moveOrders(items, 0, 1)]).toEqual([['a', 1.5]]);
		expect([...moveOrders(items, 1, 1)]).toEqual([['b', 2.5]]);
		expect([...moveOrders(items, 1, -1)]).toEqual([['b', -0.5]]);
		expect([...moveOrders(items, 0, -1)]).toEqual([]);
		const tied = [
			{ id: 'a', order: 1 },
			{ id: 'b', order: 1 },
			{ id: 'c', order: 1 }
		];
		expect(Object.fromEntries(moveOrders(tied, 2, -1))).toEqual({ a: 0, c: 1, b: 2 });
	});
});
