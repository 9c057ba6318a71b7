/**
 * The segment size log: one key per segment and UTC day, written once a day, and two devices
 * that logged the same day offline converge on one value; nothing of it is undoable.
 */
import { describe, expect, it } from 'vitest';
import { syncBoth } from './docs-testing';
import { segmentSizeLogOf } from './segment-size-log';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

const NOW = Date.UTC(2026, 5, 1, 8);

function workspace(me: string) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

describe('segment size log', () => {
	it('logs a segment once per UTC day', () => {
		const a = workspace('a');
		const log = segmentSizeLogOf(a);
		log.log('s1', 10, NOW);
		log.log('s1', 11, NOW + 3_600_000); // same day: kept as it was
		log.log('s1', 12, NOW + 86_400_000);
		expect(log.all.get('s1')!.map((e) => [e.day, e.size])).toEqual([
			['2026-06-01', 10],
			['2026-06-02', 12]
		]);
		expect(a.undo.canUndo).toBe(false);
	});

	it('converges when two offline devices logged the same day', () => {
		const a = workspace('a');
		const b = workspace('b');
		segmentSizeLogOf(a).log('s1', 10, NOW);
		segmentSizeLogOf(b).log('s1', 13, NOW + 60_000);
		segmentSizeLogOf(b).log('s2', 4, NOW);
		syncBoth(a.docs, b.docs);
		const entries = (ws: Workspace) =>
			[...segmentSizeLogOf(ws).all].map(([id, list]) => [id, list.map((e) => e.size)]);
		expect(entries(a)).toEqual(entries(b));
		expect(segmentSizeLogOf(a).all.get('s1')).toHaveLength(1);
		expect(segmentSizeLogOf(a).all.get('s2')![0].size).toBe(4);
	});
});
