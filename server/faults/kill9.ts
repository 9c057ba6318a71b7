// kill -9 at random points (mid group commit, mid compaction, mid join), restart, and check that
// every update the relay acknowledged is there. Several cycles per data directory, so recovery
// from a torn log tail is itself killed and recovered.
import fs from 'node:fs';
import {
	createWorkspace,
	fetchDoc,
	syncUrl,
	syncedClient,
	tempDir,
	type SyncClient
} from '../test-helpers.ts';
import { TrackedRelay, between, sleep, type Counts, type Random } from './harness.ts';

export async function killNine(
	random: Random,
	counts: Counts,
	runs: number,
	lane = ''
): Promise<void> {
	for (let index = 0; index < runs; index++) {
		const run = `${lane}${index}`;
		const dataDir = tempDir('relay-faults-kill-');
		const env = {
			// Small logs compact often, so some kills land in the middle of a compaction.
			COMPACT_LOG_BYTES: String(random() < 0.5 ? 8 * 1024 : 256 * 1024),
			GROUP_COMMIT_MAX_BYTES: String(random() < 0.5 ? 4 * 1024 : 256 * 1024)
		};
		let relay = await TrackedRelay.start(counts, { dataDir, env });
		const ws = await createWorkspace(relay.relay);
		const acked = new Map<string, string>();
		const cycles = between(random, 2, 3);
		for (let cycle = 0; cycle < cycles; cycle++) {
			const clients: SyncClient[] = [];
			for (let c = between(random, 1, 3); c > 0; c--) {
				clients.push(await syncedClient(syncUrl(relay.relay, ws.workspaceId, ws.token)));
			}
			const sent = clients.map(() => new Map<string, { at: number; value: string }>());
			let writing = true;
			const writers = clients.map(async (client, index) => {
				let i = 0;
				while (writing && client.ws.readyState === client.ws.OPEN) {
					const burst = between(random, 1, 40);
					for (let k = 0; k < burst; k++, i++) {
						const key = `r${run}c${cycle}w${index}-${i}`;
						const value = 'v'.repeat(between(random, 1, random() < 0.1 ? 20_000 : 300));
						client.doc.getMap('m').set(key, value);
						sent[index].set(key, { at: client.syncSent, value });
					}
					await new Promise((resolve) => setImmediate(resolve));
				}
			});
			await sleep(between(random, 20, 600));
			await relay.kill9();
			writing = false;
			await Promise.all(writers);
			clients.forEach((client, index) => {
				for (const [key, { at, value }] of sent[index]) {
					if (at <= client.acked) acked.set(key, value);
				}
				client.ws.terminate();
			});
			relay = await TrackedRelay.start(counts, { dataDir, env });
		}
		const doc = await fetchDoc(syncUrl(relay.relay, ws.workspaceId, ws.token));
		const map = doc.getMap('m');
		const missing = [...acked].filter(([key, value]) => map.get(key) !== value);
		counts.runs++;
		counts.acknowledged += acked.size;
		counts.missing += missing.length;
		if (missing.length > 0) {
			counts.failures.push(`kill -9 run ${run}: ${missing.length} acknowledged updates missing`);
		}
		await relay.stop(false);
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}
