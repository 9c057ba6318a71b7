// The contract every WorkspaceStore passes (the file store today; Redis or Postgres later), for
// the core document of a workspace and, the same way, for each of its named documents.
// Call registerStorageContractTests from a backend's test file with a factory for that backend.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WorkspaceStore } from './storage.ts';
import { CORE_DOC } from '../src/lib/sync/wire.ts';

export interface StoreHarness {
	store: WorkspaceStore;
	/** A new store over the same durable data, as after a restart (the old one is abandoned). */
	reopen(): Promise<WorkspaceStore>;
}

function edit(doc: Y.Doc, key: string, value: unknown): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getMap('people').set(key, value);
	return Y.encodeStateAsUpdate(doc, before);
}

function rebuild(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return doc;
}

export function registerStorageContractTests(
	name: string,
	create: () => Promise<StoreHarness>
): void {
	describe(`WorkspaceStore contract: ${name}`, () => {
		it('loads nothing for a workspace it never saw', async () => {
			const { store } = await create();
			expect(await store.load('never-seen-1', CORE_DOC)).toEqual([]);
			expect(await store.listWorkspaces()).toEqual([]);
			await store.close();
		});

		it('durable appends survive a restart, in order, per workspace', async () => {
			const { store, reopen } = await create();
			const a = new Y.Doc();
			const b = new Y.Doc();
			const appends: Promise<void>[] = [];
			for (let i = 0; i < 50; i++) {
				appends.push(store.append('workspace-a', CORE_DOC, edit(a, `p${i}`, i)));
				if (i % 5 === 0) appends.push(store.append('workspace-b', CORE_DOC, edit(b, `q${i}`, i)));
			}
			await Promise.all(appends);
			const again = await reopen();
			expect(
				rebuild(await again.load('workspace-a', CORE_DOC))
					.getMap('people')
					.toJSON()
			).toEqual(a.getMap('people').toJSON());
			expect(
				rebuild(await again.load('workspace-b', CORE_DOC))
					.getMap('people')
					.toJSON()
			).toEqual(b.getMap('people').toJSON());
			expect(await again.listWorkspaces()).toEqual(['workspace-a', 'workspace-b']);
			await again.close();
		});

		it('append promises resolve in call order', async () => {
			const { store } = await create();
			const doc = new Y.Doc();
			const order: number[] = [];
			await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					store.append('ordered-1', CORE_DOC, edit(doc, `k${i}`, i)).then(() => order.push(i))
				)
			);
			expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
			await store.close();
		});

		it('compaction keeps the document and appends made during it', async () => {
			const { store, reopen } = await create();
			const doc = new Y.Doc();
			for (let i = 0; i < 30; i++) await store.append('compact-1', CORE_DOC, edit(doc, `k${i}`, i));
			doc.getMap('people').delete('k3');
			const deletion = Y.encodeStateAsUpdate(doc);
			const during = Promise.all([
				store.compact('compact-1', CORE_DOC),
				store.append('compact-1', CORE_DOC, deletion),
				store.append('compact-1', CORE_DOC, edit(doc, 'late', true))
			]);
			await during;
			await store.compact('compact-1', CORE_DOC);
			const loaded = await store.load('compact-1', CORE_DOC);
			expect(rebuild(loaded).getMap('people').toJSON()).toEqual(doc.getMap('people').toJSON());
			expect(loaded.length).toBeLessThanOrEqual(2);
			const again = await reopen();
			expect(
				rebuild(await again.load('compact-1', CORE_DOC))
					.getMap('people')
					.toJSON()
			).toEqual(doc.getMap('people').toJSON());
			await again.close();
		});

		it('flush waits for every pending append; release frees and allows reuse', async () => {
			const { store, reopen } = await create();
			const doc = new Y.Doc();
			let done = 0;
			for (let i = 0; i < 10; i++)
				void store.append('flush-one', CORE_DOC, edit(doc, `k${i}`, i)).then(() => done++);
			await store.flush();
			expect(done).toBe(10);
			await store.release('flush-one', CORE_DOC);
			await store.append('flush-one', CORE_DOC, edit(doc, 'after-release', 1));
			await store.close();
			const again = await reopen();
			expect(
				rebuild(await again.load('flush-one', CORE_DOC))
					.getMap('people')
					.toJSON()
			).toEqual(doc.getMap('people').toJSON());
			await again.close();
		});

		it('keeps each document of a workspace apart: appends, order, restart, listing', async () => {
			const { store, reopen } = await create();
			const names = [CORE_DOC, 'people.a7', 'history.2026-12', 'deals'];
			const docs = names.map(() => new Y.Doc());
			const appends: Promise<void>[] = [];
			for (let i = 0; i < 40; i++) {
				const n = i % names.length;
				appends.push(
					store.append('workspace-d', names[n], edit(docs[n], `k${i}`, `${names[n]}-${i}`))
				);
			}
			await Promise.all(appends);
			expect(await store.listDocuments('workspace-d')).toEqual([...names].sort());
			expect(await store.load('workspace-d', 'never-written')).toEqual([]);
			const again = await reopen();
			for (const [n, name] of names.entries()) {
				expect(
					rebuild(await again.load('workspace-d', name))
						.getMap('people')
						.toJSON()
				).toEqual(docs[n].getMap('people').toJSON());
			}
			expect(await again.listWorkspaces()).toEqual(['workspace-d']);
			expect(await again.listDocuments('workspace-d')).toEqual([...names].sort());
			expect(await again.listDocuments('workspace-none')).toEqual([]);
			await again.close();
		});

		it('a named document without a core document is still a workspace with data', async () => {
			const { store, reopen } = await create();
			const doc = new Y.Doc();
			await store.append('workspace-n', 'people.b1', edit(doc, 'only', 1));
			const again = await reopen();
			expect(await again.listWorkspaces()).toEqual(['workspace-n']);
			expect(await again.listDocuments('workspace-n')).toEqual(['people.b1']);
			expect(await again.load('workspace-n', CORE_DOC)).toEqual([]);
			await again.close();
		});

		it('compacts, flushes and releases one document without touching the others', async () => {
			const { store, reopen } = await create();
			const a = new Y.Doc();
			const b = new Y.Doc();
			for (let i = 0; i < 30; i++) {
				await store.append('compact-d', 'people.a', edit(a, `k${i}`, i));
				await store.append('compact-d', 'people.b', edit(b, `k${i}`, i));
			}
			await Promise.all([
				store.compact('compact-d', 'people.a'),
				store.append('compact-d', 'people.a', edit(a, 'during', true))
			]);
			await store.compact('compact-d', 'people.a');
			expect((await store.load('compact-d', 'people.a')).length).toBeLessThanOrEqual(2);
			expect((await store.load('compact-d', 'people.b')).length).toBe(30);
			await store.release('compact-d', 'people.b');
			await store.append('compact-d', 'people.b', edit(b, 'after-release', 1));
			await store.flush();
			const again = await reopen();
			expect(
				rebuild(await again.load('compact-d', 'people.a'))
					.getMap('people')
					.toJSON()
			).toEqual(a.getMap('people').toJSON());
			expect(
				rebuild(await again.load('compact-d', 'people.b'))
					.getMap('people')
					.toJSON()
			).toEqual(b.getMap('people').toJSON());
			await again.close();
		});

		it('rejects document names that are not names before they touch storage', async () => {
			const { store } = await create();
			for (const bad of [
				'../escape',
				'people/../../x',
				'People',
				'.hidden',
				'a..b',
				'x'.repeat(40),
				'a/b'
			]) {
				await expect(store.append('workspace-x', bad, new Uint8Array([0, 0]))).rejects.toThrow(
					/document name/
				);
				await expect(store.load('workspace-x', bad)).rejects.toThrow(/document name/);
			}
			expect(await store.listWorkspaces()).toEqual([]);
			await store.close();
		});

		it('rejects workspace ids outside the safe alphabet', async () => {
			const { store } = await create();
			await expect(store.append('../escape', CORE_DOC, new Uint8Array([0, 0]))).rejects.toThrow(
				/workspace id/
			);
			await expect(store.load('short', CORE_DOC)).rejects.toThrow(/workspace id/);
			await store.close();
		});
	});
}
