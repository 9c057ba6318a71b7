import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeSnapshot, type RecordMap, type ShardMap } from './layout';
import { isSettled } from './settled-records';
import {
	BATCH_GAP_MS,
	FIRST_PASS_AFTER_MS,
	groupOf,
	groupsFor,
	keepSettling,
	settleAll
} from './settling';
import { shardOf } from './shards';
import { Slices } from './slices';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 7);

function shardWithDoneTasks(count: number, prefix = 't'): ShardMap {
	const doc = new Y.Doc();
	const shard = doc.getMap('tasks') as ShardMap;
	for (let i = 0; i < count; i++) {
		const map: RecordMap = new Y.Map();
		map.set('$', encodeSnapshot({ title: `Task ${i}`, status: 'open', createdAt: NOW - 90 * DAY }));
		shard.set(`${prefix}${i}`, map);
		map.set('status', 'done');
		map.set('updatedAt', NOW - 80 * DAY);
	}
	return shard;
}

const settledCount = (shard: ShardMap) => [...shard.values()].filter(isSettled).length;

afterEach(() => vi.useRealTimers());

describe('settling in the background', () => {
	it('settles only while it may (synced with the relay), and goes on when it may again', async () => {
		vi.useFakeTimers();
		const shard = shardWithDoneTasks(60);
		let synced = false;
		const stop = keepSettling(new Map([['tasks.01', shard]]), {
			now: () => NOW,
			slices: () => new Slices(),
			canSettle: () => synced
		});
		await vi.advanceTimersByTimeAsync(FIRST_PASS_AFTER_MS + 1);
		expect(settledCount(shard)).toBe(0); // offline: nothing settled
		synced = true;
		await vi.advanceTimersByTimeAsync(60_000);
		// Batches (~16 groups of a shard) are spaced, not sent at once.
		expect(settledCount(shard)).toBeGreaterThan(0);
		expect(settledCount(shard)).toBeLessThan(60);
		await vi.advanceTimersByTimeAsync(16 * BATCH_GAP_MS);
		expect(settledCount(shard)).toBe(60);
		stop();
	});

	it('stops a pass when it may no longer settle', async () => {
		vi.useFakeTimers();
		const shard = shardWithDoneTasks(100);
		let synced = true;
		let slicesAsked = 0;
		const stop = keepSettling(new Map([['tasks.01', shard]]), {
			now: () => NOW,
			// A slice ends after every step: the pass pauses, and the relay goes away meanwhile.
			slices: () => {
				const slices = new Slices(async () => {
					if (++slicesAsked === 101) synced = false; // after the scan and the first batch
				}, 0);
				return slices;
			},
			canSettle: () => synced
		});
		await vi.advanceTimersByTimeAsync(FIRST_PASS_AFTER_MS + 1);
		await vi.advanceTimersByTimeAsync(10 * BATCH_GAP_MS); // the pass sees it may not, and stops
		const settled = settledCount(shard);
		expect(settled).toBeGreaterThan(0);
		expect(settled).toBeLessThan(100);
		// Back in sync, the pass goes on within a minute or two, not in the next 6 hours.
		synced = true;
		await vi.advanceTimersByTimeAsync(2 * 60_000);
		expect(settledCount(shard)).toBe(100);
		stop();
	});

	it('settles the shards in step with the relay, and the others soon after they are', async () => {
		vi.useFakeTimers();
		const [one, two] = [shardWithDoneTasks(40), shardWithDoneTasks(40, 't2-')];
		// The second document is still subscribing (a month opened by a scroll): the connection
		// says 'connecting', and that must not hold the first one's settling.
		const inStep = new Set(['tasks.01']);
		const stop = keepSettling(
			new Map([
				['tasks.01', one],
				['tasks.02', two]
			]),
			{ now: () => NOW, slices: () => new Slices(), canSettle: (name) => inStep.has(name) }
		);
		await vi.advanceTimersByTimeAsync(FIRST_PASS_AFTER_MS + 60 * BATCH_GAP_MS);
		expect(settledCount(one)).toBe(40);
		expect(settledCount(two)).toBe(0);
		inStep.add('tasks.02');
		await vi.advanceTimersByTimeAsync(2 * 60_000);
		expect(settledCount(two)).toBe(40);
		stop();
	});

	it('has two devices settling the same records from the same state write one copy', async () => {
		// Half the records written on one device, half on another: A lists its own first, B the
		// other's (a map lists its keys in the order they arrived).
		const [one, two] = [shardWithDoneTasks(210), shardWithDoneTasks(190, 't2-')];
		const docA = new Y.Doc();
		const docB = new Y.Doc();
		for (const doc of [one.doc!, two.doc!]) Y.applyUpdate(docA, Y.encodeStateAsUpdate(doc));
		for (const doc of [two.doc!, one.doc!]) Y.applyUpdate(docB, Y.encodeStateAsUpdate(doc));
		const a = docA.getMap('tasks') as ShardMap;
		const b = docB.getMap('tasks') as ShardMap;
		expect([...b.keys()][0]).not.toBe([...a.keys()][0]);
		const options = {
			now: () => NOW,
			slices: () => new Slices(),
			batchGapMs: 0,
			canSettle: () => true
		};
		expect(await settleAll(new Map([['tasks.01', a]]), options)).toEqual({
			settled: 400,
			whole: true
		});
		expect((await settleAll(new Map([['tasks.01', b]]), options)).settled).toBe(400);
		expect(Y.encodeStateVector(docB)).toEqual(Y.encodeStateVector(docA));
		// Each has what the other wrote already: nothing to send either way.
		const missing = Y.encodeStateAsUpdate(docB, Y.encodeStateVector(docA));
		expect(Y.decodeUpdate(missing).structs).toHaveLength(0);
	});

	it('says so when a pass fails, and passes again later', async () => {
		vi.useFakeTimers();
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		let passes = 0;
		const broken = {
			[Symbol.iterator]() {
				passes++;
				throw new Error('unreadable shard');
			}
		} as unknown as ShardMap;
		const stop = keepSettling(new Map([['tasks.01', broken]]), {
			now: () => NOW,
			slices: () => new Slices(),
			canSettle: () => true
		});
		await vi.advanceTimersByTimeAsync(FIRST_PASS_AFTER_MS + 1);
		expect(warn).toHaveBeenCalledWith('Settling records stopped', expect.any(Error));
		await vi.advanceTimersByTimeAsync(6 * 60 * 60 * 1000);
		expect(passes).toBe(2);
		stop();
		warn.mockRestore();
	});

	it('spreads one shard’s records over its groups', () => {
		const ids = Array.from({ length: 20_000 }, () => crypto.randomUUID()).filter(
			(id) => shardOf(id) === 7
		);
		const sizes = new Array(16).fill(0);
		for (const id of ids) sizes[groupOf(id, 16)]++;
		// ~78 ids: each group holds a few, none most of them.
		expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(12);
		expect(Math.max(...sizes)).toBeLessThan(ids.length / 4);
	});

	it('groups a document’s records ~25 a batch, in counts devices a few records apart agree on', () => {
		expect(groupsFor(390)).toBe(16);
		expect(groupsFor(395)).toBe(16);
		expect(groupsFor(20_000)).toBe(1024);
		expect(groupsFor(20_050)).toBe(1024);
	});
});
