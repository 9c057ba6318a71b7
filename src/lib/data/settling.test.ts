import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeSnapshot, type RecordMap } from './layout';
import { SETTLED_KEY } from './settled-records';
import { FIRST_PASS_AFTER_MS, keepSettling } from './settling';
import { Slices } from './slices';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 7);

function shardWithDoneTasks(count: number): Y.Map<RecordMap> {
	const doc = new Y.Doc();
	const shard = doc.getMap('tasks') as Y.Map<RecordMap>;
	for (let i = 0; i < count; i++) {
		const map: RecordMap = new Y.Map();
		map.set('$', encodeSnapshot({ title: `Task ${i}`, status: 'open', createdAt: NOW - 90 * DAY }));
		shard.set(`t${i}`, map);
		map.set('status', 'done');
		map.set('updatedAt', NOW - 80 * DAY);
	}
	return shard;
}

const settledCount = (shard: Y.Map<RecordMap>) =>
	[...shard.values()].filter((map) => map.has(SETTLED_KEY)).length;

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
					if (++slicesAsked === 102) synced = false; // after the scan and a step or two
				}, 0);
				return slices;
			},
			canSettle: () => synced
		});
		await vi.advanceTimersByTimeAsync(FIRST_PASS_AFTER_MS + 1);
		const settled = settledCount(shard);
		expect(settled).toBeGreaterThan(0);
		expect(settled).toBeLessThan(100);
		stop();
	});
});
