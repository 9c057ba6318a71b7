import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DeviceClients } from './device-clients';
import { WorkspaceDocs } from './workspace-docs';

/** localStorage's interface over a Map. */
class MemoryStorage {
	readonly items = new Map<string, string>();
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.items.set(key, value);
	}
}

afterEach(() => vi.unstubAllGlobals());

describe('the client ids this device wrote under', () => {
	it('notes a document’s own id at its first write, not a peer’s update, and keeps it', () => {
		const storage = new MemoryStorage();
		vi.stubGlobal('localStorage', storage);
		const docs = new WorkspaceDocs();
		const clients = new DeviceClients('ws1');
		const stop = clients.watch(docs);
		const doc = docs.open('people.a1');
		const peer = new Y.Doc();
		peer.getMap('people').set('p1', 'from a peer');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
		expect(clients.has(doc.clientID)).toBe(false);
		expect(clients.has(peer.clientID)).toBe(false);
		doc.getMap('people').set('p2', 'mine');
		expect(clients.has(doc.clientID)).toBe(true);
		// The next page of this device knows it (a tab closed after an offline edit).
		expect(new DeviceClients('ws1').has(doc.clientID)).toBe(true);
		expect(new DeviceClients('ws2').has(doc.clientID)).toBe(false);
		stop();
	});

	it('keeps what another tab noted meanwhile', () => {
		vi.stubGlobal('localStorage', new MemoryStorage());
		const [docsA, docsB] = [new WorkspaceDocs(), new WorkspaceDocs()];
		const [a, b] = [new DeviceClients('ws1'), new DeviceClients('ws1')];
		a.watch(docsA);
		b.watch(docsB);
		const docA = docsA.open('tasks.01');
		const docB = docsB.open('tasks.01');
		docA.getMap('tasks').set('t1', 'a');
		docB.getMap('tasks').set('t2', 'b');
		const next = new DeviceClients('ws1');
		expect(next.has(docA.clientID)).toBe(true);
		expect(next.has(docB.clientID)).toBe(true);
	});

	it('works on in memory when the storage refuses', () => {
		vi.stubGlobal('localStorage', {
			getItem: () => 'not json',
			setItem: () => {
				throw new DOMException('full', 'QuotaExceededError');
			}
		});
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const docs = new WorkspaceDocs();
		const clients = new DeviceClients('ws1');
		clients.watch(docs);
		const doc = docs.open('tasks.02');
		doc.getMap('tasks').set('t1', 'a');
		expect(clients.has(doc.clientID)).toBe(true);
		expect(warn).toHaveBeenCalled();
	});
});
