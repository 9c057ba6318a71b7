/**
 * The stage trail kept on the deal: every path that writes the stage leaves its entry, two
 * devices moving the same deal at once both keep theirs, undo takes a move and its entry back,
 * and the history log does not list the entries as edits.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { deal } from '$lib/domain/record-types';
import { moveDeal } from '$lib/session/pipelines';
import { parseBackup } from '$lib/domain/import/backup';
import { exportBackup } from './backup-export';
import { restoreBackup } from './backup-restore';
import { syncBoth } from './docs-testing';
import { readTrail, writeTrailEntry } from './stage-trail';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

const NOW = Date.UTC(2026, 11, 1, 10);

function workspace(me: string, now: () => number) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, now), now);
	ws.start();
	return ws;
}

const mapOf = (ws: Workspace, id: string) => ws.layout.deals.get(id)!;
const rowOf = (ws: Workspace, id: string) => ws.live(deal).rows.find((d) => d.id === id)!;

describe('stage trail', () => {
	it('two devices move the same deal at once: both entries stay, the stage is one of them', () => {
		let t = NOW;
		const a = workspace('ann', () => t);
		const b = workspace('bob', () => t);
		const id = a.repo(deal).create({ name: 'Big one', stage: 'lead', amount: 100 });
		syncBoth(a.docs, b.docs);
		t = NOW + 60_000;
		moveDeal(a, id, 'proposal');
		t = NOW + 61_000;
		moveDeal(b, id, 'won');
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) {
			expect(readTrail(mapOf(ws, id))).toEqual([
				{ at: NOW + 60_000, by: 'ann', from: 'lead', to: 'proposal' },
				{ at: NOW + 61_000, by: 'bob', from: 'lead', to: 'won' }
			]);
			const row = rowOf(ws, id);
			expect(['proposal', 'won']).toContain(row.stage);
			expect(row.stageTrail).toEqual([
				[NOW, 'lead'],
				[NOW + 60_000, 'proposal'],
				[NOW + 61_000, 'won']
			]);
			// the trail keys are no fields: the record reads as before
			expect(ws.repo(deal).get(id)?.record.stage).toBe(row.stage);
		}
		expect(rowOf(a, id).stage).toBe(rowOf(b, id).stage);
	});

	it('the list edit and bulk edit leave entries; a write of the same stage does not', () => {
		let t = NOW;
		const a = workspace('ann', () => t);
		const x = a.repo(deal).create({ name: 'X', stage: 'lead' });
		const y = a.repo(deal).create({ name: 'Y', stage: 'qualified' });
		t += 1_000;
		a.repo(deal).update(x, { stage: 'qualified', amount: 5 });
		t += 1_000;
		a.repo(deal).bulkUpdate([x, y], { stage: 'qualified' });
		t += 1_000;
		a.repo(deal).bulkUpdate([x, y], { stage: 'proposal' });
		expect(readTrail(mapOf(a, x)).map((m) => [m.from, m.to])).toEqual([
			['lead', 'qualified'],
			['qualified', 'proposal']
		]);
		expect(rowOf(a, y).stageTrail).toEqual([
			[NOW, 'qualified'],
			[NOW + 3_000, 'proposal']
		]);
	});

	it('undo takes the move and its entry back; the history lists the move, not the entry', async () => {
		const a = workspace('ann', () => NOW);
		const id = a.repo(deal).create({ name: 'X', stage: 'lead' });
		a.undo.stopCapturing();
		moveDeal(a, id, 'won');
		await Promise.resolve();
		expect(
			a.history
				.of(id)
				.map((c) => c.field)
				.sort()
		).toEqual(['created', 'stage']);
		a.undo.undo();
		expect(readTrail(mapOf(a, id))).toEqual([]);
		expect(rowOf(a, id).stage).toBe('lead');
	});

	it('a backup keeps the trail: the restored deal has the same stage trail', async () => {
		let t = NOW;
		const a = workspace('ann', () => t);
		const id = a.repo(deal).create({ name: 'X', stage: 'lead' });
		t += 5_000;
		moveDeal(a, id, 'won');
		const parsed = await parseBackup((await exportBackup(a, new Date(NOW))).text);
		if (!parsed.ok) throw new Error(parsed.error);
		const b = workspace('bob', () => NOW + 99_000);
		await restoreBackup(b, parsed.backup, { pause: () => Promise.resolve() });
		expect(readTrail(mapOf(b, id))).toEqual(readTrail(mapOf(a, id)));
		expect(rowOf(b, id).stageTrail).toEqual([
			[NOW, 'lead'],
			[NOW + 5_000, 'won']
		]);
		expect(b.repo(deal).get(id)?.record).not.toHaveProperty('$stageTrail');
	});

	it('property: concurrent moves from any number of devices all keep their entry', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						at: fc.integer({ min: 0, max: 5 }),
						to: fc.constantFrom('lead', 'qualified', 'won', 'lost')
					}),
					{ minLength: 1, maxLength: 5 }
				),
				(moves) => {
					const origin = new Y.Doc();
					origin.getMap<Y.Map<unknown>>('deals').set('d', new Y.Map());
					const base = Y.encodeStateAsUpdate(origin);
					const peers = moves.map((m, i) => {
						const doc = new Y.Doc();
						Y.applyUpdate(doc, base);
						const map = doc.getMap<Y.Map<unknown>>('deals').get('d')!;
						map.set('stage', m.to);
						writeTrailEntry(map, 'lead', m.to, m.at, `m${i}`);
						return doc;
					});
					const merged = new Y.Doc();
					for (const p of peers) Y.applyUpdate(merged, Y.encodeStateAsUpdate(p));
					const map = merged.getMap<Y.Map<unknown>>('deals').get('d')!;
					const trail = readTrail(map);
					expect(trail).toHaveLength(moves.length);
					expect(trail.map((m) => m.to).sort()).toEqual(moves.map((m) => m.to).sort());
					expect(moves.map((m) => m.to)).toContain(map.get('stage'));
				}
			)
		);
	});
});
