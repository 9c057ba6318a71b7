/**
 * Monthly partitions older than the hot window are listed but not opened with the workspace;
 * a record's older history opens them on demand, and one opened only to be fetched onto the
 * device is let go of again.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { interaction } from '$lib/domain/record-types';
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

	it('let go of a month opened only to be fetched, and never of the hot window', () => {
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

	it('fetched onto the device reach storage and sync, not the rows, until someone asks', () => {
		// A peer with a call in March; this device has the workspace but not that month.
		const peer = workspaceAt({ at: NOW });
		const ada = peer.people.create({ firstName: 'Ada' });
		peer.repo(interaction).create({ occurredAt: Date.UTC(2026, 2, 3), personIds: [ada] });
		const march = 'interactions.2026-03';
		const docs = new WorkspaceDocs(undefined, () => NOW);
		syncInto(docs, peer.docs);
		docs.closeIfUnused(march);
		const ws = workspaceAt({ at: NOW }, docs);
		const storage: string[] = [];
		const readers: string[] = [];
		docs.onDoc((name) => storage.push(name), { fetched: true });
		docs.onDoc((name) => readers.push(name));
		storage.length = readers.length = 0;
		const fetched = docs.fetch(march);
		expect(storage).toEqual([march]);
		expect(readers).toEqual([]);
		// The relay's answer arrives: stored and synced, but no rows built, nothing listed open.
		Y.applyUpdate(fetched, Y.encodeStateAsUpdate(peer.docs.get(march)!), 'relay');
		expect(ws.live(interaction).size).toBe(0);
		expect(docs.get(march)).toBeUndefined();
		expect([...docs.entries()].map(([name]) => name)).not.toContain(march);
		expect(docs.unopened('interactions')).toEqual([march]);
		expect(docs.fetch(march)).toBe(fetched); // fetched once

		// Her timeline asks for March meanwhile: it opens for everyone, with what arrived.
		const closed: string[] = [];
		docs.onClose((name) => closed.push(name));
		const opened = docs.openOnDemand(march);
		expect(closed).toEqual([march]); // the fetch's copy ended (its sync and storage let go)
		expect(opened).not.toBe(fetched);
		expect(fetched.isDestroyed).toBe(true);
		expect(readers).toEqual([march]);
		expect(docs.get(march)).toBe(opened);
		expect(ws.linked(interaction, 'personIds', ada).map((r) => r.occurredAt)).toEqual([
			Date.UTC(2026, 2, 3)
		]);
	});

	it('fetched only are let go of, the rows never having seen them', () => {
		const docs = new WorkspaceDocs(undefined, () => NOW);
		const ws = workspaceAt({ at: NOW }, docs);
		const removed: string[][] = [];
		ws.live(interaction).onChange((ids) => removed.push([...ids]));
		docs.fetch('interactions.2026-02');
		docs.closeIfUnused('interactions.2026-02');
		expect(removed).toEqual([]);
		expect(docs.unopened('interactions')).toEqual([]); // (never listed)
		// Opened normally afterwards, it is a document like any other.
		expect(docs.open('interactions.2026-02')).toBe(docs.get('interactions.2026-02'));
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

	it("a family's updates are heard on fetched months too, and no longer once let go of or stopped", () => {
		const docs = new WorkspaceDocs(undefined, () => NOW);
		let heard = 0;
		const stop = docs.onFamilyUpdates(new Set(['interactions']), () => heard++);
		const fetched = docs.fetch('interactions.2026-02');
		fetched.getMap('m').set('a', 1);
		expect(heard).toBe(1);
		docs.open(CORE_DOC).getMap('m').set('a', 1); // not of the family
		expect(heard).toBe(1);
		// Promoted: what the copy held is applied to the opened document (heard), the copy let go of.
		const opened = docs.openOnDemand('interactions.2026-02');
		expect(heard).toBe(2);
		fetched.getMap('m').set('b', 2);
		expect(heard).toBe(2);
		opened.getMap('m').set('c', 3);
		expect(heard).toBe(3);
		stop();
		opened.getMap('m').set('d', 4);
		expect(heard).toBe(3);
	});
});
