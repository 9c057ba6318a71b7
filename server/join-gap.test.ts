// A seeded stress property for joins: writers edit continuously while joiners connect at random
// moments (most with nothing, some with an older copy), compaction runs all the time (tiny
// COMPACT_LOG_BYTES), group commits are small, and now and then everyone leaves so the room is
// released and loaded again from disk. Every joiner, once it has had its sync step 2 and every
// broadcast up to a quiet point, must hold exactly what the writers hold.
//
// The quiet point is exact, not a sleep: once every writer's messages are acknowledged the relay
// has forwarded them (it forwards before it appends), and the ack of an empty update a joiner
// sends then comes after everything the relay sent that joiner before. So once that ack arrives,
// a joiner that still lacks something never gets it: a gap.
//
// SYNC_GAP_SEED=n picks the seed (default: a fixed list); SYNC_GAP_ROUNDS the rounds per seed.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../src/lib/domain/seeded-random.ts';
import { SYNC_UPDATE, encodeSync } from '../src/lib/sync/wire.ts';
import { SyncClient, createWorkspace, startRelay, syncUrl, tempDir } from './test-helpers.ts';

const SEEDS = process.env.SYNC_GAP_SEED ? [Number(process.env.SYNC_GAP_SEED)] : [1, 2];
const ROUNDS = Number(process.env.SYNC_GAP_ROUNDS ?? 5);
const WRITERS = 3;
const JOINERS_PER_ROUND = 12;

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One random edit: map sets and deletes, text inserts and deletes, now and then a big one. */
function edit(doc: Y.Doc, rand: () => number, n: number): void {
	const roll = rand();
	const people = doc.getMap<unknown>('people');
	const notes = doc.getText('notes');
	if (roll < 0.5) people.set(`p${Math.floor(rand() * 200)}`, `${n}:${'x'.repeat(rand() * 40)}`);
	else if (roll < 0.65) people.delete(`p${Math.floor(rand() * 200)}`);
	else if (roll < 0.85) notes.insert(Math.floor(rand() * (notes.length + 1)), `w${n} `);
	else if (roll < 0.995 && notes.length > 4)
		notes.delete(Math.floor(rand() * (notes.length - 4)), 3);
	else {
		// An import-sized transaction: many keys in one update.
		doc.transact(() => {
			for (let k = 0; k < 200; k++) people.set(`bulk${n}-${k}`, { k, at: n, pad: 'y'.repeat(30) });
		});
	}
}

/**
 * A barrier: an update holding nothing, which the relay counts and acknowledges. The ack comes
 * on the same socket after everything the relay sent this client before reading it.
 */
async function barrier(client: SyncClient): Promise<void> {
	client.sendRaw(encodeSync(SYNC_UPDATE, Uint8Array.of(0, 0)), true);
	await client.waitAcked(client.syncSent, 20_000);
}

function sameState(a: Y.Doc, b: Y.Doc): boolean {
	return Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
}

function content(doc: Y.Doc): unknown {
	return { people: doc.getMap('people').toJSON(), notes: doc.getText('notes').toString() };
}

async function openWriter(url: string, from: Y.Doc | null): Promise<SyncClient> {
	const client = new SyncClient(url);
	if (from) Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(from), 'restore');
	await client.opened;
	await client.waitSynced();
	return client;
}

async function runSeed(seed: number): Promise<{ joiners: number; checked: number }> {
	const rand = seededRandom(seed);
	const dataDir = tempDir('relay-gap-');
	dirs.push(dataDir);
	const relay = await startRelay({
		dataDir,
		env: {
			COMPACT_LOG_BYTES: '1024',
			GROUP_COMMIT_MAX_BYTES: '1024',
			WORKSPACE_IDLE_MS: '0',
			RATE_MESSAGES_PER_SEC: '100000',
			RATE_MESSAGES_BURST: '100000'
		}
	});
	const ws = await createWorkspace(relay);
	const url = syncUrl(relay, ws.workspaceId, ws.token);
	let writers: SyncClient[] = [];
	for (let w = 0; w < WRITERS; w++) writers.push(await openWriter(url, null));
	/** Older copies for joiners that come back with something (a non-empty state vector). */
	const olderCopies: Uint8Array[] = [];
	let edits = 0;
	let joined = 0;
	let checked = 0;
	try {
		for (let round = 0; round < ROUNDS; round++) {
			let writing = true;
			const writing$ = writers.map(async (writer) => {
				while (writing) {
					const burst = 1 + Math.floor(rand() * 4);
					for (let k = 0; k < burst; k++) edit(writer.doc, rand, edits++);
					if (rand() < 0.1) olderCopies.push(Y.encodeStateAsUpdate(writer.doc));
					// Mostly back to back, sometimes a pause so joins also fall between edits.
					if (rand() < 0.7) await new Promise((resolve) => setImmediate(resolve));
					else await sleep(rand() * 4);
				}
			});
			// Joins fall at random moments while the writers write (the first round: also into
			// an empty document).
			const joiners: SyncClient[] = [];
			const joins: Promise<void>[] = [];
			for (let j = 0; j < JOINERS_PER_ROUND; j++) {
				await sleep(rand() * 15);
				const joiner = new SyncClient(url);
				if (olderCopies.length > 0 && rand() < 0.3) {
					const copy = olderCopies[Math.floor(rand() * olderCopies.length)];
					Y.applyUpdate(joiner.doc, copy, 'older copy');
				}
				joiners.push(joiner);
				joins.push(joiner.opened.then(() => joiner.waitSynced(20_000)));
				joined++;
			}
			await Promise.all(joins);
			await sleep(rand() * 20);
			writing = false;
			await Promise.all(writing$);

			// Quiet point: everything each writer sent is on the relay's disk, hence forwarded.
			await Promise.all(writers.map((w) => w.waitAcked(w.syncSent, 20_000)));
			const expected = new Y.Doc();
			for (const w of writers) Y.applyUpdate(expected, Y.encodeStateAsUpdate(w.doc));
			for (const w of writers) {
				// The writers themselves must have converged too (they are joiners of each other).
				await w.waitUntil(
					() => sameState(w.doc, expected),
					`writer converged (seed ${seed})`,
					20_000
				);
			}
			await Promise.all(
				joiners.map(async (joiner, j) => {
					await barrier(joiner);
					const where = `seed ${seed}, round ${round}, joiner ${j}`;
					expect(joiner.doc.store.pendingStructs, where).toBeNull();
					expect(Array.from(Y.encodeStateVector(joiner.doc)), `${where}: state vector`).toEqual(
						Array.from(Y.encodeStateVector(expected))
					);
					expect(content(joiner.doc), `${where}: content`).toEqual(content(expected));
					checked++;
				})
			);
			await Promise.all(joiners.map((j) => j.close()));

			// Now and then everyone leaves: the room is released (compacted on the way out) and
			// the next connection loads it from disk.
			if (rand() < 0.35) {
				const docs = writers.map((w) => w.doc);
				await Promise.all(writers.map((w) => w.close()));
				await sleep(rand() * 30);
				writers = [];
				for (const doc of docs) writers.push(await openWriter(url, doc));
			}
		}
	} finally {
		await Promise.all(writers.map((w) => w.close()));
		await relay.stop();
	}
	return { joiners: joined, checked };
}

describe('joins while others write', () => {
	for (const seed of SEEDS) {
		it(`every joiner holds exactly the writers' state at a quiet point (seed ${seed})`, async () => {
			const { joiners, checked } = await runSeed(seed);
			expect(checked).toBe(joiners);
		}, 120_000);
	}
});
