// How long the relay takes to answer a calendar feed of a 100k-task workspace: the tasks are
// written straight into a data directory, each shard as a compacted snapshot (as an idle
// shard is stored), or with LOGS=1 as one record of its log (never compacted: the first read
// releases each shard with a compaction), a relay process serves it, and the feed is fetched
// cold (no room loaded) a few times.
//   node --import tsx bench/calendar-feed.ts [tasks=100000] [members=50]
import path from 'node:path';
import * as Y from 'yjs';
import { AuthStore } from '../server/auth.ts';
import { FileStore, documentDir, writeSnapshot } from '../server/file-store.ts';
import { api, startRelay, tempDir } from '../server/test-helpers.ts';
import { SNAPSHOT_KEY, encodeSnapshot } from '../src/lib/data/layout.ts';
import { SHARDS, shardDocName } from '../src/lib/data/shards.ts';
import { Random } from './prng.ts';

const TASKS = Number(process.argv[2] ?? 100_000);
const MEMBERS = Number(process.argv[3] ?? 50);
const seeded = new Random(13);
const random = () => seeded.next();
const pick = <T>(list: readonly T[]): T => seeded.pick(list);

const dataDir = tempDir('calendar-bench-');
const { workspace } = new AuthStore(dataDir).createWorkspace({ name: 'Bench' });
const members = Array.from({ length: MEMBERS }, (_, i) => `member-${i}`);

const shards = new Map<string, Y.Doc>();
for (let i = 0; i < TASKS; i++) {
	const id = crypto.randomUUID();
	const name = shardDocName('tasks', id);
	let doc = shards.get(name);
	if (!doc) shards.set(name, (doc = new Y.Doc()));
	const day = `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
	const map = new Y.Map<unknown>();
	map.set(
		SNAPSHOT_KEY,
		encodeSnapshot({
			title: `Follow up ${i}`,
			assigneeId: pick(members),
			dueDate: random() < 0.9 ? day : null,
			dueTime: random() < 0.5 ? '09:30' : null,
			timeZone: 'Europe/Warsaw',
			status: random() < 0.6 ? 'open' : 'done',
			priority: pick(['low', 'normal', 'high', 'urgent']),
			personId: crypto.randomUUID()
		})
	);
	map.set('updatedAt', Date.UTC(2026, 0, 1) + i);
	doc.getMap('tasks').set(id, map);
}
const store = new FileStore(dataDir);
let bytes = 0;
for (const [name, doc] of shards) {
	const update = Y.encodeStateAsUpdate(doc);
	bytes += update.length;
	if (process.env.LOGS) await store.append(workspace.id, name, update);
	else
		await writeSnapshot(documentDir(path.join(dataDir, 'workspaces'), workspace.id, name), update);
}
await store.close();
console.log(`${TASKS} tasks in ${shards.size}/${SHARDS} shards, ${(bytes / 1e6).toFixed(1)} MB`);

if (process.env.GEN_ONLY) {
	console.log(dataDir, workspace.id);
	process.exit(0);
}
const relay = await startRelay({ dataDir });
try {
	const owner = new AuthStore(dataDir).createInvite(workspace.id, 'editor', 'bench');
	const made = await api(
		relay,
		'POST',
		`/api/workspaces/${workspace.id}/members/member-7/calendar`,
		{
			token: owner.token
		}
	);
	const path = (made.body as { path: string }).path;
	for (let run = 1; run <= 3; run++) {
		const started = performance.now();
		const res = await fetch(relay.http + path);
		const text = await res.text();
		const ms = performance.now() - started;
		const events = text.split('BEGIN:VEVENT').length - 1;
		console.log(
			`run ${run}: ${res.status} in ${ms.toFixed(0)} ms, ${events} events, ${(text.length / 1e3).toFixed(0)} kB`
		);
	}
	const metrics = await (await fetch(`${relay.http}/metrics`)).text();
	console.log(
		metrics
			.split('\n')
			.filter((l) => /^(process_resident|relay_documents_loaded|relay_calendar)/.test(l))
			.join('\n')
	);
} finally {
	await relay.stop();
}
