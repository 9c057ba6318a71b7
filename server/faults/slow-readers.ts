// Ten clients stop reading while a fast writer keeps writing: each is closed (4408) once its
// unsent bytes pass the limit, the relay's memory stays bounded, the writer is never held back.
import net from 'node:net';
import { createWorkspace, fetchDoc, syncUrl, syncedClient } from '../test-helpers.ts';
import { TrackedRelay, between, type Counts, type Random } from './harness.ts';

function pausedReader(port: number, workspaceId: string, token: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.on('error', () => {});
		socket.write(
			`GET /sync/${workspaceId}?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
				'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
		);
		socket.once('data', (chunk) => {
			if (!chunk.toString('latin1').startsWith('HTTP/1.1 101')) reject(new Error('refused'));
			socket.pause();
			resolve(socket);
		});
	});
}

export async function slowReaders(random: Random, counts: Counts, runs: number): Promise<void> {
	for (let run = 0; run < runs; run++) {
		const relay = await TrackedRelay.start(counts, {
			env: { RATE_BYTES_PER_SEC: String(1 << 30), RATE_BYTES_BURST: String(1 << 30) }
		});
		const ws = await createWorkspace(relay.relay);
		const readers = await Promise.all(
			Array.from({ length: 10 }, () => pausedReader(relay.relay.port, ws.workspaceId, ws.token))
		);
		const writer = await syncedClient(syncUrl(relay.relay, ws.workspaceId, ws.token));
		const size = between(random, 16, 96) * 1024;
		const total = 64 * 1024 * 1024;
		let last = '';
		for (let i = 0; i * size < total; i++) {
			last = String(i % 10).repeat(size);
			writer.doc.getMap('m').set('v', last);
			if (i % 32 === 31) {
				await writer.waitAcked(writer.syncSent, 30_000);
				relay.recordRss();
			}
		}
		await writer.waitAcked(writer.syncSent, 30_000);
		const closed = relay.relay.lines.filter((l) => l.includes('"reason":"slow_reader"')).length;
		if (closed !== readers.length) {
			counts.failures.push(`slow readers run ${run}: ${closed} of ${readers.length} closed`);
		}
		const doc = await fetchDoc(syncUrl(relay.relay, ws.workspaceId, ws.token));
		counts.runs++;
		counts.acknowledged += writer.acked;
		if (doc.getMap('m').get('v') !== last) {
			counts.missing++;
			counts.failures.push(`slow readers run ${run}: the writer's last update is missing`);
		}
		for (const socket of readers) socket.destroy();
		await writer.close();
		await relay.stop();
	}
}
