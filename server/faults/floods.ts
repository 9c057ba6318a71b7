// Floods and garbage: a stock-style client bursting far past the message limit, random bytes,
// truncated and oversized messages. Each offender is closed with its code after the acks for
// what was stored; what was acked is there; a bystander never notices.
import WebSocket from 'ws';
import {
	createWorkspace,
	fetchDoc,
	syncUrl,
	syncedClient,
	type SyncClient
} from '../test-helpers.ts';
import { TrackedRelay, between, sleep, type Counts, type Random } from './harness.ts';

export async function floods(random: Random, counts: Counts, runs: number): Promise<void> {
	for (let run = 0; run < runs; run++) {
		const relay = await TrackedRelay.start(counts, {
			env: { MAX_MESSAGE_BYTES: String(256 * 1024) }
		});
		const ws = await createWorkspace(relay.relay);
		const url = syncUrl(relay.relay, ws.workspaceId, ws.token);
		const bystander = await syncedClient(url);
		const acked = new Map<string, number>();

		// 1. A burst past the message bucket (default burst 10,000), one message per edit.
		const flooder = await syncedClient(url);
		const sentAt = new Map<string, number>();
		const burst = between(random, 12_000, 20_000);
		for (let i = 0; i < burst && flooder.ws.readyState === WebSocket.OPEN; i++) {
			flooder.doc.getMap('m').set(`f${run}-${i}`, i);
			sentAt.set(`f${run}-${i}`, flooder.syncSent);
		}
		const code = await Promise.race([
			flooder.closed.then((c) => c.code),
			flooder.waitAcked(flooder.syncSent, 30_000).then(() => null)
		]);
		if (code !== null && code !== 4429) {
			counts.failures.push(`flood run ${run}: flooder closed with ${code}, not 4429`);
		}
		for (const [key, at] of sentAt) if (at <= flooder.acked) acked.set(key, sentAt.size);

		// 2. Garbage: random bytes, a truncated update, an oversized message.
		const offenders: Array<[SyncClient, Uint8Array]> = [];
		for (let k = 0; k < 5; k++) {
			const bytes = Uint8Array.from({ length: between(random, 1, 64) }, () =>
				between(random, 0, 255)
			);
			bytes[0] = between(random, 0, 1) === 0 ? 0 : 7; // a sync message, or an unknown type
			offenders.push([await syncedClient(url), bytes]);
		}
		offenders.push([await syncedClient(url), new Uint8Array(300 * 1024).fill(1)]);
		for (const [client, bytes] of offenders) client.sendRaw(bytes);
		const codes = await Promise.all(
			offenders.map(([client]) =>
				Promise.race([client.closed.then((c) => c.code), sleep(3000).then(() => 0)])
			)
		);
		// Random bytes that happen to parse (an empty update, say) are fine: the client stays.
		if (codes.at(-1) !== 4413)
			counts.failures.push(`flood run ${run}: oversized gave ${codes.at(-1)}`);
		for (const [client] of offenders) client.ws.terminate();

		// 3. The bystander still writes, and everything acked is stored.
		bystander.doc.getMap('m').set(`b${run}`, 'still here');
		await bystander.waitAcked();
		acked.set(`b${run}`, 1);
		if (bystander.closeCode !== null) counts.failures.push(`flood run ${run}: bystander closed`);
		const doc = await fetchDoc(url);
		const map = doc.getMap('m');
		const missing = [...acked.keys()].filter((key) => !map.has(key));
		counts.runs++;
		counts.acknowledged += acked.size;
		counts.missing += missing.length;
		if (missing.length > 0) counts.failures.push(`flood run ${run}: ${missing.length} missing`);
		relay.recordRss();
		await bystander.close();
		flooder.ws.terminate();
		await relay.stop();
	}
}
