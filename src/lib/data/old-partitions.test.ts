/**
 * Monthly partitions older than the hot window are listed but not opened with the workspace;
 * a record's older history opens them on demand, and lets go of them again.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { syncInto } from './docs-testing';
import { HOT_MONTHS, isOldPartition } from './shards';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';
import { CORE_DOC } from '$lib/sync/wire';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 15); // mid December 2026

/** A workspace whose history's clock is `clock.at`, and whose idea of "now" is NOW. */
function workspaceAt(clock: { at: number }, docs = new WorkspaceDocs(undefined, () => NOW)) {
	const ws = new Workspace('ws', 'me', docs, () => clock.at);
	ws.start();
	return ws;
}

/** Lets the documents a peer listed open (they open one per task). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('old monthly partitions', () => {
	it('are the months before the last three', () => {
		expect(HOT_MONTHS).toBe(3);
		expect(isOldPartition('history.2026-12', NOW)).toBe(false);
		expect(isOldPartition('history.2026-10', NOW)).toBe(false);
		expect(isOldPartition('history.2026-09', NOW)).toBe(true);
		expect(isOldPartition('history.2025-12', NOW)).toBe(true);
		expect(isOldPartition('people.a7', NOW)).toBe(false);
		expect(isOldPartition('', NOW)).toBe(false);
	});

	it('open on demand only, and then show the older history', async () => {
		// A device that edited a person in May and in December.
		const clock = { at: Date.UTC(2026, 4, 10) };
		const past = workspaceAt(clock);
		const id = past.people.create({ firstName: 'Ada' });
		clock.at += DAY;
		past.people.update(id, { lastName: 'King' });
		await settle(); // the history log writes after the edit's observers
		clock.at = NOW - DAY;
		past.people.update(id, { title: 'Countess' });
		await settle();
		expect(past.docs.listed()).toContain('history.2026-05');

		// A device opening the same workspace in December: May stays closed.
		const docs = new WorkspaceDocs(undefined, () => NOW);
		syncInto(docs, past.docs);
		docs.closeIfUnused('history.2026-05'); // syncInto opened every document it copied
		const ws = workspaceAt({ at: NOW }, docs);
		await settle();
		expect(ws.docs.get('history.2026-05')).toBeUndefined();
		// May's edit is not shown; the creation is, read from the record itself
		expect(ws.people.history(id).map((c) => c.field)).toEqual(['title', 'created']);
		expect(ws.people.olderHistory.months).toBe(1);

		ws.people.olderHistory.open();
		syncInto(ws.docs, past.docs); // what the device or the relay then fills in
		expect(ws.people.history(id).map((c) => c.field)).toEqual(['title', 'lastName', 'created']);
		expect(ws.people.olderHistory.months).toBe(0);
		// Asked for: it stays open.
		ws.docs.closeIfUnused('history.2026-05');
		expect(ws.docs.get('history.2026-05')).toBeDefined();
	});

	it('let go of an old month nobody asks for, never of the hot window', () => {
		const docs = new WorkspaceDocs(undefined, () => NOW);
		const closed: string[] = [];
		docs.onClose((name) => closed.push(name));
		docs.ensure('history.2026-01');
		docs.ensure('history.2026-12');
		docs.closeIfUnused('history.2026-12');
		docs.closeIfUnused('');
		docs.closeIfUnused('history.2026-01');
		expect(closed).toEqual(['history.2026-01']);
		expect(docs.get('history.2026-01')).toBeUndefined();
		expect(docs.unopened('history')).toEqual(['history.2026-01']);
	});

	it('are not opened when a peer lists them, while new months are', async () => {
		const a = new WorkspaceDocs(undefined, () => NOW);
		a.ensure('history.2025-03');
		a.ensure('history.2026-11');
		// A device hearing only of the core (its directory) opens the new month, not the old one.
		const b = new WorkspaceDocs(undefined, () => NOW);
		const opened: string[] = [];
		b.onDoc((name) => opened.push(name));
		Y.applyUpdate(b.core, Y.encodeStateAsUpdate(a.core));
		await settle();
		expect(opened).toEqual(['', 'history.2026-11']);
		expect(b.unopened('history')).toEqual(['history.2025-03']);
	});

	it("a family's updates are heard, months fetched onto the device too, until let go of or stopped", () => {
		const docs = new WorkspaceDocs(undefined, () => NOW);
		let heard = 0;
		const stop = docs.onFamilyUpdates(new Set(['interactions']), () => heard++);
		docs.fetched('interactions.2026-02'); // stored by the background fill, not opened
		expect(heard).toBe(1);
		docs.fetched('history.2026-02'); // not of the family
		docs.open(CORE_DOC).getMap('m').set('a', 1);
		expect(heard).toBe(1);
		const opened = docs.openOnDemand('interactions.2026-02');
		opened.getMap('m').set('c', 3);
		expect(heard).toBe(2);
		docs.release('interactions.2026-02'); // let go of: no longer heard
		expect(opened.isDestroyed).toBe(true);
		const again = docs.openOnDemand('interactions.2026-02');
		again.getMap('m').set('d', 4);
		expect(heard).toBe(3);
		stop();
		again.getMap('m').set('e', 5);
		docs.fetched('interactions.2026-01');
		expect(heard).toBe(3);
	});
});
