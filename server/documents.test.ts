// A workspace of many documents: one `crm-docs` socket carrying them all (`crm-batch`: in
// batches), `/sync/<ws>/<doc>` for a stock y-websocket client, durability and backups per document, and the limits on documents.
import fs from 'node:fs';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	CLOSE,
	CORE_DOC,
	MESSAGE_BATCH,
	MESSAGE_DOC,
	SUBPROTOCOL_BATCH,
	SUBPROTOCOL_DOCS,
	SYNC_STEP_1,
	encodeBatch,
	encodeDocMessage,
	encodeSync
} from '../src/lib/sync/wire.ts';
import { DocsClient, docsUrl, syncedDocs } from './docs-client.ts';
import {
	api,
	createWorkspace,
	fetchDoc,
	invite,
	runCli,
	startRelay,
	syncUrl,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
	const dir = tempDir('relay-docs-');
	dirs.push(dir);
	return dir;
}

async function metric(relay: RelayProcess, name: string): Promise<number> {
	const text = await (await fetch(`${relay.http}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(name + ' '));
	return line ? Number(line.slice(name.length + 1)) : NaN;
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `people.d${i}`);

describe('many documents over one socket', () => {
	it('50 documents: after kill -9 mid-sync, every acknowledged update of every document is served', async () => {
		const dir = dataDir();
		const env = {
			RATE_MESSAGES_PER_SEC: '100000',
			RATE_MESSAGES_BURST: '100000',
			// Small logs compact often, so the kill may land in a document's compaction.
			COMPACT_LOG_BYTES: '16384'
		};
		const relay = await startRelay({ dataDir: dir, env });
		const ws = await createWorkspace(relay);
		const docs = [CORE_DOC, ...names(49)];
		const started = performance.now();
		const client = await syncedDocs(relay, ws.workspaceId, ws.token, docs);
		const syncMs = performance.now() - started;
		expect(client.role).toBe('owner');
		expect(client.unenveloped).toBe(1); // the role, and nothing else outside the envelope
		expect(client.strays).toBe(0);
		expect(await metric(relay, 'relay_documents_loaded')).toBe(50);
		expect(await metric(relay, 'relay_workspaces_loaded')).toBe(1);
		const rss = await metric(relay, 'process_resident_memory_bytes');
		console.log(
			`50 documents synced over one socket in ${syncMs.toFixed(0)} ms; relay RSS ${(rss / 2 ** 20).toFixed(0)} MiB`
		);

		// Per document: key -> the count of sync messages sent for that document once it was sent.
		const sentAt = new Map(docs.map((name) => [name, new Map<string, number>()]));
		const totalAcked = () => [...client.docs.values()].reduce((sum, s) => sum + s.acked, 0);
		const totalSent = () => [...client.docs.values()].reduce((sum, s) => sum + s.syncSent, 0);
		let i = 0;
		let killedAt = -1;
		const IN_FLIGHT = 500;
		await new Promise<void>((resolve, reject) => {
			const burst = () => {
				if (client.ws.readyState !== WebSocket.OPEN) {
					if (killedAt < 0)
						reject(new Error(`socket closed before the kill (${client.closeCode})`));
					else resolve();
					return;
				}
				for (let k = 0; k < 25 && totalSent() - totalAcked() < IN_FLIGHT; k++, i++) {
					const state = client.docs.get(docs[(i * 7) % docs.length])!;
					state.doc.getMap('people').set(`p${i}`, `${state.name}:${i}`);
					sentAt.get(state.name)!.set(`p${i}`, state.syncSent);
				}
				if (killedAt < 0 && totalAcked() > 1000) {
					killedAt = totalAcked();
					relay.child.kill('SIGKILL');
				}
				if (totalSent() - totalAcked() < IN_FLIGHT) setImmediate(burst);
				else setTimeout(burst, 1);
			};
			burst();
		});
		await relay.exited;
		expect(totalAcked()).toBeGreaterThanOrEqual(killedAt);
		expect(totalSent()).toBeGreaterThan(totalAcked()); // the kill landed mid-burst

		const restarted = await startRelay({ dataDir: dir, env });
		const again = await syncedDocs(restarted, ws.workspaceId, ws.token, docs);
		const missing: string[] = [];
		let confirmed = 0;
		for (const name of docs) {
			const acked = client.docs.get(name)!.acked;
			const people = again.docs.get(name)!.doc.getMap('people');
			for (const [key, at] of sentAt.get(name)!) {
				if (at > acked) continue;
				confirmed++;
				if (people.get(key) !== `${name}:${key.slice(1)}`) missing.push(`${name}/${key}`);
			}
		}
		expect(missing).toEqual([]);
		expect(confirmed).toBeGreaterThan(500); // acks count sync steps too: 2 per document
		// Each document holds only its own updates.
		for (const name of docs) {
			for (const value of again.docs.get(name)!.doc.getMap('people').values()) {
				expect(String(value).startsWith(`${name}:`)).toBe(true);
			}
		}
		await again.close();
		await restarted.stop();
	}, 60_000);

	it('backs up every document; a relay started from the backup serves them all', async () => {
		const relay = await startRelay({ dataDir: dataDir(), env: { COMPACT_LOG_BYTES: '4096' } });
		const ws = await createWorkspace(relay);
		const docs = [CORE_DOC, 'people.a7', 'history.2026-12'];
		const client = await syncedDocs(relay, ws.workspaceId, ws.token, docs);
		for (const name of docs) {
			const map = client.docs.get(name)!.doc.getMap('people');
			for (let i = 0; i < 100; i++) map.set(`p${i}`, `${name}-${i}`);
			map.delete('p7');
		}
		await client.waitAcked();
		const expected = docs.map((name) => client.docs.get(name)!.doc.getMap('people').toJSON());
		await client.close();
		const target = dataDir() + '/backup';
		const result = runCli(relay.dataDir, ['backup', target]);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain('backed up 1 workspaces, 3 documents');
		await relay.stop();
		const workspaceDir = path.join(target, 'workspaces', ws.workspaceId);
		expect(fs.readdirSync(path.join(workspaceDir, 'docs')).sort()).toEqual([
			'history.2026-12',
			'people.a7'
		]);

		const restored = await startRelay({ dataDir: target });
		const again = await syncedDocs(restored, ws.workspaceId, ws.token, docs);
		expect(docs.map((name) => again.docs.get(name)!.doc.getMap('people').toJSON())).toEqual(
			expected
		);
		// The core document is also what `/sync/<ws>` serves, as before documents existed.
		const core = await fetchDoc(syncUrl(restored, ws.workspaceId, ws.token));
		expect(core.getMap('people').toJSON()).toEqual(expected[0]);
		await again.close();
		await restored.stop();
	});
});

describe('documents: protocol, stock clients and limits', () => {
	let relay: RelayProcess;

	beforeAll(async () => {
		relay = await startRelay({
			dataDir: dataDir(),
			env: { MAX_DOCUMENTS_PER_CONNECTION: '3', WORKSPACE_IDLE_MS: '50' }
		});
	});
	afterAll(async () => {
		await relay?.stop();
	});

	it('a stock y-websocket client at /sync/<ws>/<doc> and a crm-docs client see each other', async () => {
		const ws = await createWorkspace(relay);
		const docs = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.a7', CORE_DOC]);
		const stockDoc = new Y.Doc();
		const stock = new WebsocketProvider(
			`${relay.ws}/sync`,
			`${ws.workspaceId}/people.a7`,
			stockDoc,
			{
				WebSocketPolyfill: WebSocket as never,
				params: { token: ws.token },
				disableBc: true
			}
		);
		try {
			await new Promise<void>((resolve) => stock.once('sync', () => resolve()));
			docs.docs.get('people.a7')!.doc.getMap('people').set('from-docs', 'Ada');
			docs.docs.get(CORE_DOC)!.doc.getMap('people').set('core-only', 'Grace');
			await docs.waitUntil(() => stockDoc.getMap('people').get('from-docs') === 'Ada', 'to stock');
			stockDoc.getMap('people').set('from-stock', 'Linus');
			await docs.waitUntil(
				() => docs.docs.get('people.a7')!.doc.getMap('people').get('from-stock') === 'Linus',
				'to crm-docs'
			);
			await docs.waitAcked();
			// Nothing of the core document reached the named one.
			expect(stockDoc.getMap('people').has('core-only')).toBe(false);
			expect(docs.docs.get(CORE_DOC)!.doc.getMap('people').has('from-stock')).toBe(false);
		} finally {
			stock.destroy();
			await docs.close();
		}
	});

	it('crm-batch: many documents subscribed in one batch, answered in batches; crm-docs gets none', async () => {
		const ws = await createWorkspace(relay);
		const writer = await syncedDocs(relay, ws.workspaceId, ws.token, ['a', 'b']);
		writer.docs.get('a')!.doc.getMap('m').set('k', 'A');
		writer.docs.get('b')!.doc.getMap('m').set('k', 'B');
		await writer.waitAcked();
		await writer.close();
		// MAX_DOCUMENTS_PER_CONNECTION is 3 here: the limit holds inside a batch too.
		const offered = [SUBPROTOCOL_BATCH, SUBPROTOCOL_DOCS, 'crm', `token.${ws.token}`];
		const batch = new DocsClient(docsUrl(relay, ws.workspaceId), ws.token, offered);
		await batch.opened;
		expect(batch.ws.protocol).toBe(SUBPROTOCOL_BATCH);
		try {
			batch.subscribeAll(['a', 'b', CORE_DOC]);
			await batch.waitSynced();
			await batch.waitAcked();
			expect(batch.docs.get('a')!.doc.getMap('m').get('k')).toBe('A');
			expect(batch.docs.get('b')!.doc.getMap('m').get('k')).toBe('B');
			// Per document the greeting (step 1 and step 2) leaves in one turn, so in one batch;
			// acks come when storage answers, in whatever turn that is. So the frames (the role's
			// included) are fewer than the messages however the documents' loads interleave.
			expect(batch.batchesIn).toBeGreaterThan(0);
			expect(batch.messagesIn).toBeGreaterThanOrEqual(6);
			expect(batch.framesIn).toBeLessThan(batch.messagesIn);
			expect(batch.strays).toBe(0);
			// An edit is one message as before, and the other side sees it.
			const old = await syncedDocs(relay, ws.workspaceId, ws.token, ['a']);
			try {
				expect(old.ws.protocol).toBe(SUBPROTOCOL_DOCS);
				batch.docs.get('a')!.doc.getMap('m').set('k', 'A2');
				await old.waitUntil(() => old.docs.get('a')!.doc.getMap('m').get('k') === 'A2', 'the edit');
				expect(old.batchesIn).toBe(0);
				batch.subscribeAll(['d']);
				expect((await batch.closed).code).toBe(CLOSE.tooManyDocuments);
			} finally {
				await old.close();
			}
		} finally {
			// A failure above must not leave documents loaded for the tests after this one.
			await batch.close();
		}
	});

	it('closes with 4400 on a malformed batch, before subscribing anything in it', async () => {
		const ws = await createWorkspace(relay);
		const offered = [SUBPROTOCOL_BATCH, `token.${ws.token}`];
		const good = { doc: 'people.a', message: encodeSync(SYNC_STEP_1, Uint8Array.of(0)) };
		const frames = [
			encodeBatch([good, { doc: '../x', message: good.message }]),
			encodeBatch([good]).subarray(0, 5),
			Uint8Array.of(MESSAGE_BATCH)
		];
		for (const frame of frames) {
			const client = new DocsClient(docsUrl(relay, ws.workspaceId), ws.token, offered);
			await client.opened;
			client.sendRaw(frame);
			expect((await client.closed).code).toBe(CLOSE.malformed);
			expect(client.strays).toBe(0);
			expect(client.framesIn).toBe(1); // the role, nothing greeted
		}
		// On a crm-docs connection a batch is not part of the protocol.
		const docs = new DocsClient(docsUrl(relay, ws.workspaceId), ws.token);
		await docs.opened;
		docs.sendRaw(encodeBatch([good]));
		expect((await docs.closed).code).toBe(CLOSE.malformed);
	});

	it('acknowledges per document: [6][doc][4][n] counts that document’s sync messages', async () => {
		const ws = await createWorkspace(relay);
		const client = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.a', 'people.b']);
		const a = client.docs.get('people.a')!;
		const b = client.docs.get('people.b')!;
		for (let i = 0; i < 3; i++) a.doc.getMap('m').set(`a${i}`, i);
		for (let i = 0; i < 5; i++) b.doc.getMap('m').set(`b${i}`, i);
		await client.waitAcked();
		// Sync step 1 and the answer to the relay's sync step 1, then the updates.
		expect([a.syncSent, a.acked]).toEqual([5, 5]);
		expect([b.syncSent, b.acked]).toEqual([7, 7]);
		await client.close();
	});

	it('closes with 4431 when a connection asks for more documents than allowed, after its acks', async () => {
		const ws = await createWorkspace(relay);
		const client = await syncedDocs(relay, ws.workspaceId, ws.token, ['a', 'b', 'c']);
		client.docs.get('a')!.doc.getMap('m').set('k', 1);
		client.open('d');
		expect((await client.closed).code).toBe(CLOSE.tooManyDocuments);
		expect(client.docs.get('a')!.acked).toBe(client.docs.get('a')!.syncSent);
		expect(client.docs.get('d')!.synced).toBe(false);
	});

	it('closes with 4400 on a bad document name or a message outside the envelope', async () => {
		const ws = await createWorkspace(relay);
		const step1 = encodeSync(SYNC_STEP_1, Uint8Array.of(0));
		const badName = (name: string) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_DOC);
			encoding.writeVarString(encoder, name);
			encoding.writeUint8Array(encoder, step1);
			return encoding.toUint8Array(encoder);
		};
		const frames = [
			step1, // a plain sync step 1
			badName('../escape'),
			badName('People'),
			badName('a/b'),
			Uint8Array.of(MESSAGE_DOC), // no name
			encodeDocMessage('people.a', new Uint8Array()) // no inner message
		];
		for (const frame of frames) {
			const client = new DocsClient(docsUrl(relay, ws.workspaceId), ws.token);
			await client.opened;
			client.sendRaw(frame);
			expect((await client.closed).code).toBe(CLOSE.malformed);
			expect(client.strays).toBe(0); // nothing was subscribed, nothing greeted
		}
		// A bad name in the path is refused before any room is touched.
		for (const doc of ['People', 'a..b', '.x', 'a%2Fb']) {
			const client = new WebSocket(`${relay.ws}/sync/${ws.workspaceId}/${doc}?token=${ws.token}`);
			client.on('error', () => {});
			const code = await new Promise<number>((resolve) => client.on('close', resolve));
			expect(code).toBe(CLOSE.malformed);
		}
		expect(fs.readdirSync(path.join(relay.dataDir, 'workspaces'))).not.toContain('escape');
	});

	it('a viewer reads every document and writes none; revoking closes the whole socket', async () => {
		const ws = await createWorkspace(relay);
		const viewer = await invite(relay, ws.workspaceId, ws.token, 'viewer');
		const owner = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.a']);
		const reader = await syncedDocs(relay, ws.workspaceId, viewer.token, ['people.a', CORE_DOC]);
		try {
			owner.docs.get('people.a')!.doc.getMap('m').set('by-owner', 1);
			await owner.waitAcked();
			expect(reader.role).toBe('viewer');
			const readerDoc = reader.docs.get('people.a')!;
			await reader.waitUntil(() => readerDoc.doc.getMap('m').get('by-owner') === 1, 'owner write');
			// The handshake's messages are confirmed; synced is not yet all of them acknowledged
			// (under load the second ack came after, and was taken for the refused write's).
			await reader.waitAcked();
			const ackedBefore = readerDoc.acked;
			readerDoc.doc.getMap('m').set('by-viewer', 1);
			reader.docs.get(CORE_DOC)!.doc.getMap('m').set('by-viewer', 1);
			owner.docs.get('people.a')!.doc.getMap('m').set('later', 2);
			await reader.waitUntil(() => readerDoc.doc.getMap('m').get('later') === 2, 'owner write');
			await owner.waitAcked();
			expect(owner.docs.get('people.a')!.doc.getMap('m').has('by-viewer')).toBe(false);
			expect(readerDoc.acked).toBe(ackedBefore); // the refused write is never confirmed
			const fresh = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.a', CORE_DOC]);
			expect(fresh.docs.get('people.a')!.doc.getMap('m').has('by-viewer')).toBe(false);
			expect(fresh.docs.get(CORE_DOC)!.doc.getMap('m').has('by-viewer')).toBe(false);
			await fresh.close();

			await api(relay, 'DELETE', `/api/workspaces/${ws.workspaceId}/invites/${viewer.id}`, {
				token: ws.token
			});
			expect((await reader.closed).code).toBe(CLOSE.revoked);
		} finally {
			// A failure above must not leave documents loaded for the tests after this one.
			await Promise.all([owner.close(), reader.close()]);
		}
	});

	it('presence is per document, owned by its connection, named by its invite', async () => {
		const ws = await createWorkspace(relay);
		const editor = await invite(relay, ws.workspaceId, ws.token, 'editor');
		const docs = ['people.a', CORE_DOC];
		const ada = await syncedDocs(relay, ws.workspaceId, ws.token, docs);
		const observer = await syncedDocs(relay, ws.workspaceId, ws.token, docs);
		const mallory = await syncedDocs(relay, ws.workspaceId, editor.token, docs);
		const seen = (doc: string) => observer.docs.get(doc)!.awareness.getStates();
		ada.sendPresence('people.a', 1001, 1, { user: { name: 'Ada' } });
		await observer.waitUntil(() => seen('people.a').has(1001), 'presence');
		expect(seen('people.a').get(1001)).toEqual({ user: { name: 'Ada' } });
		expect(seen(CORE_DOC).size).toBe(0); // presence on one document stays there
		// Another connection may not take Ada's entry over, nor pose as Ada.
		mallory.sendPresence('people.a', 1001, 5, { user: { name: 'Mallory' } });
		mallory.sendPresence('people.a', 2002, 1, { user: { name: 'Ada' } });
		await observer.waitUntil(() => seen('people.a').has(2002), 'second presence');
		expect(seen('people.a').get(1001)).toEqual({ user: { name: 'Ada' } });
		expect(seen('people.a').get(2002)).toEqual({ user: { name: 'editor' } });
		// A joiner of the document is greeted with its presence, in the envelope.
		const late = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.a']);
		await late.waitUntil(
			() => late.docs.get('people.a')!.awareness.getStates().size === 2,
			'greeting'
		);
		await mallory.close();
		await observer.waitUntil(() => !seen('people.a').has(2002), 'removal on close');
		await Promise.all([ada.close(), observer.close(), late.close()]);
	});

	it('loads only the documents asked for, and releases each when idle', async () => {
		const loadedBecomes = async (n: number) => {
			let loaded = NaN;
			for (let t = 0; t < 250 && loaded !== n; t++) {
				loaded = await metric(relay, 'relay_documents_loaded');
				if (loaded !== n) await new Promise((resolve) => setTimeout(resolve, 20));
			}
			expect(loaded).toBe(n);
		};
		await loadedBecomes(0); // what earlier tests opened is released (WORKSPACE_IDLE_MS 50)
		const ws = await createWorkspace(relay);
		const client = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.x', 'people.y']);
		expect(await metric(relay, 'relay_documents_loaded')).toBe(2);
		expect(await metric(relay, 'relay_workspaces_loaded')).toBe(1);
		client.docs.get('people.x')!.doc.getMap('m').set('kept', true);
		await client.waitAcked();
		await client.close();
		await loadedBecomes(0);
		expect(await metric(relay, 'relay_workspaces_loaded')).toBe(0);
		const again = await syncedDocs(relay, ws.workspaceId, ws.token, ['people.x']);
		expect(again.docs.get('people.x')!.doc.getMap('m').get('kept')).toBe(true);
		expect(await metric(relay, 'relay_documents_loaded')).toBe(1);
		await again.close();
	});
});
