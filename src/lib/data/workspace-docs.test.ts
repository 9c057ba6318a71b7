import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkspaceDocs } from './workspace-docs';

/** Waits until the documents the directory listed have all opened (they open between tasks). */
async function opened(docs: WorkspaceDocs, count: number): Promise<string[]> {
	const order: string[] = [];
	docs.onDoc((name) => order.push(name));
	for (let i = 0; i < 200 && order.length < count; i++) await new Promise((r) => setTimeout(r, 1));
	return order;
}

describe('WorkspaceDocs, a peer listing documents', () => {
	const listed = ['organizations.00', 'organizations.01', 'people.00', 'deals.00', 'people.01'];

	/** A peer's core listing `listed`, received by `docs`. */
	function receive(docs: WorkspaceDocs): void {
		const peer = new Y.Doc();
		const directory = peer.getMap('docs');
		peer.transact(() => listed.forEach((name) => directory.set(name, true)));
		Y.applyUpdate(docs.core, Y.encodeStateAsUpdate(peer));
	}

	it('opens every listed document, in the order listed', async () => {
		const docs = new WorkspaceDocs();
		receive(docs);
		const order = await opened(docs, listed.length + 1);
		expect(order).toEqual(['', ...listed]);
	});

	it("opens the shown type's documents first (a new device's list is whole sooner)", async () => {
		const docs = new WorkspaceDocs();
		docs.openFirst('people');
		receive(docs);
		const order = await opened(docs, listed.length + 1);
		expect(order).toEqual([
			'',
			'people.00',
			'people.01',
			'organizations.00',
			'organizations.01',
			'deals.00'
		]);
	});
});
