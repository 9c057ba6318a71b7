/**
 * A saved segment's members read while the workspace opens — before the device's copy has
 * loaded, even before the core holding the segment — are whole once the open finishes, with no
 * change made (they once stayed empty until an edit or the minute's tick: "0 of 0" after a
 * reload of a campaign, an empty people list ?segment=<id>).
 */
import { describe, expect, it } from 'vitest';
import { syncInto } from '$lib/data/docs-testing';
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { deal, task, RECORD_TYPES } from '$lib/domain/record-types';
import { savedSegmentsOf, segmentMembers } from './segments';

/** Three vegetarians and a meat eater, with a deal and a task (their rows going live tell of
 * some people, not everyone, so nothing re-tests everyone by chance), and the saved segment. */
function seed() {
	const ws = new Workspace('ws', 'me');
	ws.start();
	const ids = ['Ada', 'Ben', 'Cleo'].map((firstName) =>
		ws.people.create({ firstName, interests: ['vegetarian'] })
	);
	ws.people.create({ firstName: 'Eve', interests: ['meat'] });
	ws.repo(deal).create({ name: 'Catering', personId: ids[0] });
	ws.repo(task).create({ title: 'Call back', personId: ids[1] });
	const id = savedSegmentsOf(ws).create('Vegetarians', {
		match: 'all',
		children: [{ field: 'interests', op: 'has_any_of', value: ['vegetarian'] }]
	});
	return { ws, id, ids };
}

/** The members as a page sees them: looked up among the live rows. */
function shown(ws: Workspace, id: string): string[] {
	return [...segmentMembers(ws, id).ids].filter((p) => ws.peopleLive.row(p)).sort();
}

describe("a saved segment's members read while the workspace opens", () => {
	it('are whole after an open from cached rows', async () => {
		const { ws, id, ids } = seed();
		const since = Object.fromEntries(RECORD_TYPES.map((t) => [t.name, ws.docSnapshots(t)]));
		const rows = JSON.parse(JSON.stringify(ws.peopleLive.rows)) as typeof ws.peopleLive.rows;

		// The reload: cached rows on screen, the segment read before any document is applied.
		const device = new Workspace('ws', 'me', new WorkspaceDocs());
		device.peopleLive.showCached(rows);
		expect(segmentMembers(device, id).count).toBe(0); // no segment yet: the core is not in
		syncInto(device.docs, ws.docs, 'load'); // the core first, then the shards
		expect(await device.startFromCache(since)).toBe(0); // nothing changed since the cache
		expect(shown(device, id)).toEqual([...ids].sort());
		expect(segmentMembers(device, id).count).toBe(3);
	});

	it('are whole after an open with no cached rows', async () => {
		const { ws, id, ids } = seed();
		const device = new Workspace('ws', 'me', new WorkspaceDocs());
		expect(segmentMembers(device, id).count).toBe(0);
		syncInto(device.docs, ws.docs, 'load');
		await device.startInSlices(() => Promise.resolve());
		expect(shown(device, id)).toEqual([...ids].sort());
	});

	it('built from cached rows once the segment arrived, are whole after the open', async () => {
		const { ws, id, ids } = seed();
		const since = Object.fromEntries(RECORD_TYPES.map((t) => [t.name, ws.docSnapshots(t)]));
		const device = new Workspace('ws', 'me', new WorkspaceDocs());
		device.peopleLive.showCached(JSON.parse(JSON.stringify(ws.peopleLive.rows)));
		syncInto(device.docs, ws.docs, 'load');
		expect(segmentMembers(device, id).count).toBe(3); // from the cached rows
		expect(shown(device, id)).toEqual([]); // not live yet
		await device.startFromCache(since);
		expect(shown(device, id)).toEqual([...ids].sort());
	});
});
