// kill -9 with a workspace of many documents: crm-docs clients write to random documents over
// one socket each (some also open documents mid-burst, so kills land in loads and greetings),
// the relay is killed at a random point, restarted, and every update it acknowledged, in every
// document, must be served again. Small logs compact often, per document.
import fs from 'node:fs';
import path from 'node:path';
import { CORE_DOC } from '../../src/lib/sync/wire.ts';
import { syncedDocs, type DocsClient } from '../docs-client.ts';
import { createWorkspace, tempDir } from '../test-helpers.ts';
import { TrackedRelay, between, sleep, withRelayLog, type Counts, type Random } from './harness.ts';

export async function killNineDocs(random: Random, counts: Counts, runs: number): Promise<void> {
	for (let run = 0; run < runs; run++) {
		const dataDir = tempDir('relay-faults-docs-');
		const env = {
			COMPACT_LOG_BYTES: String(random() < 0.5 ? 4 * 1024 : 64 * 1024),
			RATE_MESSAGES_PER_SEC: '100000',
			RATE_MESSAGES_BURST: '100000'
		};
		const started = { relay: await TrackedRelay.start(counts, { dataDir, env }) };
		try {
			await oneRun(random, counts, run, dataDir, env, started);
		} catch (error) {
			// The relay left running, and the folder's files, say where it stopped.
			throw new Error(`${String(error)}\nfiles: ${listing(dataDir)}`, { cause: error });
		} finally {
			await started.relay.stop(false);
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	}
}

/** One run: cycles of writers, kill -9 and restart in `dataDir`; `live.relay` is the one running. */
async function oneRun(
	random: Random,
	counts: Counts,
	run: number,
	dataDir: string,
	env: Record<string, string>,
	live: { relay: TrackedRelay }
): Promise<void> {
	const ws = await createWorkspace(live.relay.relay);
	const names = [CORE_DOC, ...Array.from({ length: between(random, 5, 40) }, (_, i) => `d.${i}`)];
	/** `<doc>/<key>` -> value, for every update some relay acknowledged. */
	const acked = new Map<string, string>();
	const cycles = between(random, 2, 3);
	for (let cycle = 0; cycle < cycles; cycle++) {
		const clients: DocsClient[] = [];
		for (let c = between(random, 1, 3); c > 0; c--) {
			const first = names.filter(() => random() < 0.5);
			clients.push(
				await withRelayLog(
					live.relay,
					syncedDocs(live.relay.relay, ws.workspaceId, ws.token, [CORE_DOC, ...first])
				)
			);
		}
		// Per client: `<doc>/<key>` -> the document's sync count once sent, and the value.
		const sent = clients.map(() => new Map<string, { doc: string; at: number; value: string }>());
		let writing = true;
		const writers = clients.map(async (client, index) => {
			let i = 0;
			while (writing && client.ws.readyState === client.ws.OPEN) {
				for (let k = between(random, 1, 30); k > 0; k--, i++) {
					const state = client.open(names[between(random, 0, names.length - 1)]);
					const key = `r${run}c${cycle}w${index}-${i}`;
					const value = 'v'.repeat(between(random, 1, random() < 0.05 ? 20_000 : 200));
					state.doc.getMap('m').set(key, value);
					sent[index].set(`${state.name}/${key}`, { doc: state.name, at: state.syncSent, value });
				}
				await new Promise((resolve) => setImmediate(resolve));
			}
		});
		await sleep(between(random, 20, 600));
		await live.relay.kill9();
		writing = false;
		await Promise.all(writers);
		clients.forEach((client, index) => {
			for (const [id, { doc, at, value }] of sent[index]) {
				if (at <= (client.docs.get(doc)?.acked ?? 0)) acked.set(id, value);
			}
			client.ws.terminate();
		});
		live.relay = await TrackedRelay.start(counts, { dataDir, env });
	}
	const check = await withRelayLog(
		live.relay,
		syncedDocs(live.relay.relay, ws.workspaceId, ws.token, names)
	);
	const missing = [...acked].filter(([id, value]) => {
		const slash = id.indexOf('/');
		return (
			check.docs
				.get(id.slice(0, slash))!
				.doc.getMap('m')
				.get(id.slice(slash + 1)) !== value
		);
	});
	check.ws.terminate();
	counts.runs++;
	counts.acknowledged += acked.size;
	counts.missing += missing.length;
	if (missing.length > 0) {
		counts.failures.push(
			`kill -9 documents run ${run}: ${missing.length} acknowledged updates missing`
		);
	}
}

/** Every file under `dir` with its size, for a failure's message. */
function listing(dir: string): string {
	return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
		.filter((entry) => entry.isFile())
		.map((entry) => {
			const file = path.join(entry.parentPath ?? entry.path, entry.name);
			return `${path.relative(dir, file)} ${fs.statSync(file).size}`;
		})
		.join(', ');
}
