// The contract every WorkspaceStore passes (the file store today; Redis or Postgres later).
// Call registerStorageContractTests from a backend's test file with a factory for that backend.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WorkspaceStore } from './storage.ts';

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
			expect(await store.load('never-seen-1')).toEqual([]);
			expect(await store.listWorkspaces()).toEqual([]);
			await store.close();
		});

		it('durable appends survive a restart, in order, per workspace', async () => {
			const { store, reopen } = await create();
			const a = new Y.Doc();
			const b = new Y.Doc();
			const appends: Promise<void>[] = [];
			for (let i = 0; i < 50; i++) {
				appends.push(store.append('workspace-a', edit(a, `p${i}`, i)));
				if (i % 5 === 0) appends.push(store.append('workspace-b', edit(b, `q${i}`, i)));
			}
			await Promise.all(appends);
			const again = await reopen();
			expect(
				rebuild(await again.load('workspace-a'))
					.getMap('people')
					.toJSON()
			).toEqual(a.getMap('people').toJSON());
			expect(
				rebuild(await again.load('workspace-b'))
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
					store.append('ordered-1', edit(doc, `k${i}`, i)).then(() => order.push(i))
				)
			);
			expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
			await store.close();
		});

		it('compaction keeps the document and appends made during it', async () => {
			const { store, reopen } = await create();
			const doc = new Y.Doc();
			for (let i = 0; i < 30; i++) await store.append('compact-1', edit(doc, `k${i}`, i));
			doc.getMap('people').delete('k3');
			const deletion = Y.encodeStateAsUpdate(doc);
			const during = Promise.all([
				store.compact('compact-1'),
				store.append('compact-1', deletion),
				store.append('compact-1', edit(doc, 'late', true))
			]);
			await during;
			await store.compact('compact-1');
			const loaded = await store.load('compact-1');
			expect(rebuild(loaded).getMap('people').toJSON()).toEqual(doc.getMap('people').toJSON());
			expect(loaded.length).toBeLessThanOrEqual(2);
			const again = await reopen();
			expect(
				rebuild(await again.load('compact-1'))
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
				void store.append('flush-one', edit(doc, `k${i}`, i)).then(() => done++);
			await store.flush();
			expect(done).toBe(10);
			await store.release('flush-one');
			await store.append('flush-one', edit(doc, 'after-release', 1));
			await store.close();
			const again = await reopen();
			expect(
				rebuild(await again.load('flush-one'))
					.getMap('people')
					.toJSON()
			).toEqual(doc.getMap('people').toJSON());
			await again.close();
		});

		it('rejects workspace ids outside the safe alphabet', async () => {
			const { store } = await create();
			await expect(store.append('../escape', new Uint8Array([0, 0]))).rejects.toThrow(
				/workspace id/
			);
			await expect(store.load('short')).rejects.toThrow(/workspace id/);
			await store.close();
		});
	});
}
