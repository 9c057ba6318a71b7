// The relay's own edits: through a loaded room (a connected client sees them live, and they are
// stored), else into the store (a client joining later reads them); one after another per
// document, so the last of several edits of one key wins.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from './config.ts';
import { DocsClient, docsUrl, syncedDocs } from './docs-client.ts';
import { editDocument, type EditTarget } from './relay-edits.ts';
import { createRelay, type Relay } from './relay.ts';
import { api, tempDir, type RelayProcess } from './test-helpers.ts';

let relay: Relay;
let dataDir: string;
let urls: RelayProcess;
let workspaceId: string;
let token: string;
let target: EditTarget;

beforeAll(async () => {
	dataDir = tempDir('relay-edits-');
	relay = createRelay(
		loadConfig({
			HOST: '127.0.0.1',
			PORT: '0',
			DATA_DIR: dataDir,
			STATIC_DIR: path.join(dataDir, 'no-build'),
			WORKSPACE_IDLE_MS: '50'
		})
	);
	const port = await relay.listen();
	// The helpers speak to a relay by its URLs; this one runs in the test's own process.
	urls = { port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` } as never;
	const created = await api(urls, 'POST', '/api/workspaces', { body: { name: 'Acme' } });
	({ workspaceId, token } = created.body as { workspaceId: string; token: string });
	target = {
		store: relay.store,
		liveRoom: (ws, doc) => relay.rooms.liveRoom(ws, doc),
		hasRoom: (ws, doc) => relay.rooms.hasRoom(ws, doc)
	};
});

afterAll(async () => {
	await relay.shutdown();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

const setKey = (key: string, value: string) => (doc: Y.Doc) => doc.getMap('m').set(key, value);

async function until(check: () => boolean, what: string): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('editDocument', () => {
	it('goes through the room a client holds: seen live, stored, acknowledged', async () => {
		const client = await syncedDocs(urls, workspaceId, token, ['notes.a1']);
		const doc = client.docs.get('notes.a1')!.doc;
		await editDocument(target, workspaceId, 'notes.a1', setKey('k', 'from the relay'));
		await client.waitUntil(() => doc.getMap('m').get('k') === 'from the relay', 'live edit');
		await client.close();
		const stored = new Y.Doc();
		for (const update of await relay.store.load(workspaceId, 'notes.a1'))
			Y.applyUpdate(stored, update);
		expect(stored.getMap('m').get('k')).toBe('from the relay');
	});

	it('goes into the store when no room holds the document, and a later client reads it', async () => {
		expect(relay.rooms.hasRoom(workspaceId, 'notes.b2')).toBe(false);
		await editDocument(target, workspaceId, 'notes.b2', setKey('k', 'stored'));
		expect(relay.rooms.hasRoom(workspaceId, 'notes.b2')).toBe(false);
		const client = await syncedDocs(urls, workspaceId, token, ['notes.b2']);
		expect(client.docs.get('notes.b2')!.doc.getMap('m').get('k')).toBe('stored');
		await client.close();
	});

	it('runs edits of one document in order: the last of many writes of a key wins', async () => {
		const client = new DocsClient(docsUrl(urls, workspaceId), token);
		await client.opened;
		// Half of them while a client holds the room, half after it left and the room is gone.
		const { doc } = client.open('notes.c3');
		await client.waitSynced(['notes.c3']);
		const edits = [];
		for (let i = 0; i < 20; i++)
			edits.push(editDocument(target, workspaceId, 'notes.c3', setKey('k', `v${i}`)));
		await Promise.all(edits);
		await client.waitUntil(() => doc.getMap('m').get('k') === 'v19', 'the last edit');
		await client.close();
		await until(() => !relay.rooms.hasRoom(workspaceId, 'notes.c3'), 'the room released');
		const more = [];
		for (let i = 20; i < 40; i++)
			more.push(editDocument(target, workspaceId, 'notes.c3', setKey('k', `v${i}`)));
		await Promise.all(more);
		const later = await syncedDocs(urls, workspaceId, token, ['notes.c3']);
		expect(later.docs.get('notes.c3')!.doc.getMap('m').get('k')).toBe('v39');
		await later.close();
	});

	it('keeps a scratch copy between edits, and drops it when a room takes over', async () => {
		const keep = { keep: true };
		for (let i = 0; i < 10; i++)
			await editDocument(target, workspaceId, 'notes.f6', setKey('k', `kept${i}`), keep);
		const client = await syncedDocs(urls, workspaceId, token, ['notes.f6']);
		const doc = client.docs.get('notes.f6')!.doc;
		expect(doc.getMap('m').get('k')).toBe('kept9');
		await editDocument(target, workspaceId, 'notes.f6', setKey('k', 'through the room'), keep);
		await client.waitUntil(() => doc.getMap('m').get('k') === 'through the room', 'room edit');
		await client.close();
		await until(() => !relay.rooms.hasRoom(workspaceId, 'notes.f6'), 'the room released');
		// Built on what the room stored, not on the copy from before it: the last write wins.
		await editDocument(target, workspaceId, 'notes.f6', setKey('k', 'after the room'), keep);
		const later = await syncedDocs(urls, workspaceId, token, ['notes.f6']);
		expect(later.docs.get('notes.f6')!.doc.getMap('m').get('k')).toBe('after the room');
		await later.close();
	});

	it('stores nothing for an edit that changes nothing', async () => {
		await editDocument(target, workspaceId, 'notes.d4', setKey('k', 'same'));
		const before = (await relay.store.load(workspaceId, 'notes.d4')).length;
		await editDocument(target, workspaceId, 'notes.d4', (doc) => {
			if (doc.getMap('m').get('k') !== 'same') doc.getMap('m').set('k', 'same');
		});
		expect((await relay.store.load(workspaceId, 'notes.d4')).length).toBe(before);
	});

	it('rejects, bounded, when the store does not answer', async () => {
		const stuck: EditTarget = {
			...target,
			store: { ...relay.store, load: () => new Promise<Uint8Array[]>(() => {}) } as never
		};
		await expect(
			editDocument(stuck, workspaceId, 'notes.e5', setKey('k', 'x'), { timeoutMs: 100 })
		).rejects.toThrow(/took over 100 ms/);
	});
});
