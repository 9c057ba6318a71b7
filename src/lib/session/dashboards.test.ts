import { describe, expect, it } from 'vitest';
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { syncBoth } from '$lib/data/docs-testing';
import { dashboard } from '$lib/domain/record-types';
import { TEMPLATES } from '$lib/domain/dashboards/templates';
import { addCard, addTemplateDashboard, moveCard, removeCard } from './dashboards';

function clock(start: number) {
	let t = start;
	return () => (t += 1_000);
}

function pair() {
	const a = new Workspace('ws', 'alice', new WorkspaceDocs(), clock(1_000));
	const b = new Workspace('ws', 'bob', new WorkspaceDocs(), clock(50_000));
	a.start();
	b.start();
	return { a, b, sync: () => syncBoth(a.docs, b.docs) };
}

const cardsOf = (ws: Workspace, id: string) => ws.repo(dashboard).get(id)!.record.cards;
const spec = (reportId: string) => ({
	reportId,
	kind: 'chart' as const,
	size: 'medium' as const,
	chart: null,
	title: ''
});

describe('dashboards shared by several people', () => {
	it("two devices making the manager's dashboard at once end with one, its cards once", () => {
		const { a, b, sync } = pair();
		const idA = addTemplateDashboard(a, 'manager');
		const idB = addTemplateDashboard(b, 'manager');
		expect(idA).toBe(idB);
		sync();
		for (const ws of [a, b]) {
			expect(ws.repo(dashboard).rows.map((r) => r.id)).toEqual([idA]);
			expect(cardsOf(ws, idA).map((c) => c.reportId)).toEqual(
				TEMPLATES.manager.cards.map((c) => c.reportId)
			);
		}
	});

	it('two people adding a card at once both keep theirs; a move and a remove at once: removed', () => {
		const { a, b, sync } = pair();
		const id = addTemplateDashboard(a, 'support');
		sync();
		const before = cardsOf(a, id).length;
		const x = addCard(a, id, cardsOf(a, id), spec('loss-reasons'));
		const y = addCard(b, id, cardsOf(b, id), spec('won-lost'));
		sync();
		expect(cardsOf(a, id).map((c) => c.id)).toEqual(cardsOf(b, id).map((c) => c.id));
		expect(cardsOf(a, id)).toHaveLength(before + 2);
		expect(cardsOf(a, id).map((c) => c.id)).toEqual(expect.arrayContaining([x, y]));

		const first = cardsOf(a, id)[0].id;
		moveCard(a, id, cardsOf(a, id), first, 3);
		removeCard(b, id, first);
		sync();
		expect(cardsOf(a, id).map((c) => c.id)).not.toContain(first);
		expect(cardsOf(b, id).map((c) => c.id)).toEqual(cardsOf(a, id).map((c) => c.id));
	});

	it('removing a card is undone as one step; its filters are fields of their own', () => {
		const { a, b, sync } = pair();
		const id = addTemplateDashboard(a, 'manager');
		sync();
		const card = cardsOf(a, id)[2].id;
		a.undo.stopCapturing();
		removeCard(a, id, card);
		expect(cardsOf(a, id).map((c) => c.id)).not.toContain(card);
		a.undo.undo();
		expect(cardsOf(a, id)[2].id).toBe(card);
		a.repo(dashboard).update(id, { compare: true });
		b.repo(dashboard).update(id, { period: 'this-year' });
		sync();
		expect(b.repo(dashboard).get(id)!.record).toMatchObject({ compare: true, period: 'this-year' });
	});
});
