// The relay under load: bursts a real client makes pass the default limits, a client closed by
// a limit still hears what was stored, slow readers are closed before they cost unbounded memory.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	createWorkspace,
	fetchDoc,
	startRelay,
	syncUrl,
	syncedClient,
	type RelayProcess
} from './test-helpers.ts';

const relays: RelayProcess[] = [];
afterAll(async () => {
	for (const relay of relays) {
		await relay.stop();
		fs.rmSync(relay.dataDir, { recursive: true, force: true });
	}
});

async function relayWith(env: Record<string, string> = {}): Promise<RelayProcess> {
	const relay = await startRelay({ env: { CREATE_WORKSPACE_BURST: '1000', ...env } });
	relays.push(relay);
	return relay;
}

describe('limits', () => {
	it('let a burst of 2,000 small updates through with the default limits', async () => {
		const relay = await relayWith();
		const ws = await createWorkspace(relay);
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		// One message per transaction, as a stock y-websocket client sends them.
		for (let i = 0; i < 2000; i++) client.doc.getMap('people').set(`p${i}`, i);
		await client.waitAcked(client.syncSent, 20_000);
		expect(client.closeCode).toBeNull();
		await client.close();
		const doc = await fetchDoc(syncUrl(relay, ws.workspaceId, ws.token));
		expect(doc.getMap('people').size).toBe(2000);
	});

	it('a client closed by a limit first gets the acks for everything stored before', async () => {
		const relay = await relayWith({ RATE_MESSAGES_BURST: '300', RATE_MESSAGES_PER_SEC: '1' });
		const ws = await createWorkspace(relay);
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		const before = client.syncSent;
		for (let i = 0; i < 1000; i++) client.doc.getMap('people').set(`p${i}`, i);
		expect((await client.closed).code).toBe(4429);
		const doc = await fetchDoc(syncUrl(relay, ws.workspaceId, ws.token));
		const stored = doc.getMap('people').size;
		expect(stored).toBeGreaterThan(100);
		expect(stored).toBeLessThan(1000);
		// Updates are stored in the order sent: the ack covers exactly those messages.
		expect(client.acked).toBe(before + stored);
	});

	it('an oversized message closes with 4413 after the acks for the updates before it', async () => {
		const relay = await relayWith({ MAX_MESSAGE_BYTES: String(64 * 1024) });
		const ws = await createWorkspace(relay);
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 50; i++) client.doc.getMap('people').set(`p${i}`, i);
		const beforeHuge = client.syncSent;
		client.doc.getMap('people').set('huge', 'x'.repeat(100 * 1024));
		expect((await client.closed).code).toBe(4413);
		expect(client.acked).toBe(beforeHuge);
	});
});

describe('storage follows the document', () => {
	it('a workspace whose 100 KB value was overwritten 300 times is stored as about one value', async () => {
		const relay = await relayWith({ WORKSPACE_IDLE_MS: '50' });
		const ws = await createWorkspace(relay);
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 300; i++) {
			client.doc.getMap('m').set('big', String(i % 10).repeat(100 * 1024));
			if (i % 20 === 19) await client.waitAcked();
		}
		await client.waitAcked();
		await client.close();
		const folder = path.join(relay.dataDir, 'workspaces', ws.workspaceId);
		const stored = () =>
			fs.readdirSync(folder).reduce((n, f) => n + fs.statSync(path.join(folder, f)).size, 0);
		const started = Date.now();
		while (stored() > 150 * 1024 && Date.now() - started < 15_000) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(stored()).toBeLessThan(150 * 1024);
		const doc = await fetchDoc(syncUrl(relay, ws.workspaceId, ws.token));
		expect(doc.getMap('m').get('big')).toBe('9'.repeat(100 * 1024));
	}, 60_000);
});

/** A websocket client that completes the handshake and then never reads again. */
function slowReader(relay: RelayProcess, workspaceId: string, token: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(relay.port, '127.0.0.1');
		socket.setNoDelay(true);
		socket.on('error', () => {});
		socket.write(
			`GET /sync/${workspaceId}?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
				'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
		);
		socket.once('data', (chunk) => {
			if (!chunk.toString('latin1').startsWith('HTTP/1.1 101')) reject(new Error('refused'));
			socket.pause(); // from here on the relay's messages pile up
			resolve(socket);
		});
	});
}

async function metric(relay: RelayProcess, name: string): Promise<number> {
	const text = await (await fetch(`${relay.http}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(name + ' '));
	return line ? Number(line.slice(name.length + 1)) : 0;
}

describe('backpressure', () => {
	it('closes slow readers past the send-buffer limit and keeps memory bounded', async () => {
		// The writer is no flood: only the readers are under test here.
		const relay = await relayWith({ RATE_BYTES_PER_SEC: String(1 << 30) });
		const ws = await createWorkspace(relay);
		const readers = await Promise.all(
			Array.from({ length: 10 }, () => slowReader(relay, ws.workspaceId, ws.token))
		);
		const writer = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		const rssBefore = await metric(relay, 'process_resident_memory_bytes');
		let rssPeak = rssBefore;
		// 64 MB in 64 KB updates, as fast as the relay stores them.
		for (let i = 0; i < 1000; i++) {
			writer.doc.getMap('m').set('v', String(i % 10).repeat(64 * 1024));
			if (i % 50 === 49) {
				await writer.waitAcked();
				rssPeak = Math.max(rssPeak, await metric(relay, 'process_resident_memory_bytes'));
			}
		}
		await writer.waitAcked();
		const closed = relay.lines.filter(
			(l) => l.includes('"refused"') && l.includes('"reason":"slow_reader"')
		);
		expect(closed).toHaveLength(10);
		expect(closed[0]).toContain('"code":4408');
		expect(writer.closeCode).toBeNull();
		// Without the limit each reader would hold most of the 64 MB: 10 × 64 MB.
		expect(rssPeak - rssBefore).toBeLessThan(250 * 1024 * 1024);
		await writer.waitUntil(
			() => relay.lines.some((l) => l.includes('"slow_reader_dropped"')),
			'the paused sockets to be dropped',
			15_000
		);
		for (const socket of readers) socket.destroy();
		await writer.close();
	}, 90_000);

	it('lets a joiner receive a document larger than the limit', async () => {
		const relay = await relayWith({ MAX_BUFFERED_BYTES: String(64 * 1024) });
		const ws = await createWorkspace(relay);
		const writer = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 20; i++) writer.doc.getMap('m').set(`k${i}`, 'x'.repeat(50_000));
		await writer.waitAcked();
		const joiners = await Promise.all(
			Array.from({ length: 5 }, () => syncedClient(syncUrl(relay, ws.workspaceId, ws.token)))
		);
		writer.doc.getMap('m').set('after', 1);
		for (const joiner of joiners) {
			await joiner.waitUntil(() => joiner.doc.getMap('m').get('after') === 1, 'the later edit');
			expect(joiner.closeCode).toBeNull();
			expect(joiner.doc.getMap('m').size).toBe(21);
			await joiner.close();
		}
		await writer.close();
	});
});
