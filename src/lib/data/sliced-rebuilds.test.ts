import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from './workspace.svelte';
import { copyDocs } from './docs-testing';
import { layoutOf, readRecord, type StoredRecord } from './layout';
import { LiveCollection } from './live-collection.svelte';
import { DEVICE_LOAD, LOCAL_EDIT } from './origins';
import { SHARDS } from './shards';
import { AT_ONCE, SlicedRebuilds, type Rebuildable } from './sliced-rebuilds';

/** Rows that note each rebuild call's ids. */
function rows(): Rebuildable & { calls: string[][] } {
	const calls: string[][] = [];
	return { calls, rebuild: (ids) => void calls.push([...ids]) };
}

const ids = (n: number, prefix = 'p') =>
	new Set(Array.from({ length: n }, (_, i) => `${prefix}${i}`));

/** A yield that hands control back only when the test says so. */
function manualYield() {
	const waiting: (() => void)[] = [];
	return {
		yieldTask: () => new Promise<void>((resolve) => waiting.push(resolve)),
		/** Lets every waiting slice go on, then lets their continuations run. */
		async next() {
			for (const go of waiting.splice(0)) go();
			for (let i = 0; i < 5; i++) await Promise.resolve();
		},
		get waiting() {
			return waiting.length;
		}
	};
}

describe('SlicedRebuilds', () => {
	it('rebuilds a few rows at once, in the task that asked', () => {
		const people = rows();
		new SlicedRebuilds(manualYield().yieldTask).rebuild(people, ids(AT_ONCE));
		expect(people.calls).toEqual([[...ids(AT_ONCE)]]);
	});

	it('rebuilds many rows after the task that asked, in steps, each row once', async () => {
		const people = rows();
		const turn = manualYield();
		// A zero slice: every step waits for the next turn, so the steps can be counted.
		const rebuilds = new SlicedRebuilds(turn.yieldTask, 0);
		rebuilds.rebuild(people, ids(1_000));
		expect(people.calls).toEqual([]);
		// A small change while many wait goes behind them, not before.
		rebuilds.rebuild(people, new Set(['p5', 'q1']));
		expect(people.calls).toEqual([]);
		for (let i = 0; i < 20 && turn.waiting > 0; i++) await turn.next();
		const rebuilt = people.calls.flat();
		expect(new Set(rebuilt)).toEqual(new Set([...ids(1_000), 'q1']));
		expect(rebuilt.length).toBe(1_001);
		expect(people.calls.length).toBeGreaterThan(1);
		expect(Math.max(...people.calls.map((c) => c.length))).toBeLessThanOrEqual(128);
	});

	it('rebuilds nothing more once stopped', async () => {
		const people = rows();
		const turn = manualYield();
		const rebuilds = new SlicedRebuilds(turn.yieldTask, 0);
		rebuilds.rebuild(people, ids(1_000));
		rebuilds.stop();
		await turn.next();
		await turn.next();
		expect(people.calls).toEqual([]);
		rebuilds.rebuild(people, ids(3));
		expect(people.calls).toEqual([]);
	});

	it('without a way to yield (Node, tests) rebuilds everything at once', () => {
		const people = rows();
		new SlicedRebuilds(null).rebuild(people, ids(5_000));
		expect(people.calls.flat().length).toBe(5_000);
	});
});

describe('a LiveCollection rebuilding through SlicedRebuilds', () => {
	/** People in every shard, their rows live, and the records of the fullest shard. */
	function setUp() {
		const source = new Workspace('ws', 'a');
		source.start();
		// More than two per shard: one shard holds at least three records, whatever their ids.
		for (let i = 0; i <= 2 * SHARDS; i++)
			source.people.create({ firstName: 'Ann', lastName: `${i}` });
		const people = layoutOf(copyDocs(source.docs)).people;
		const live = new LiveCollection(people, (id: string, map: StoredRecord) => ({
			id,
			name: readRecord(map).firstName as string
		}));
		live.start();
		const byShard = new Map<Y.Doc, string[]>();
		people.forEach((_, id, doc) => {
			byShard.set(doc!, [...(byShard.get(doc!) ?? []), id]);
		});
		const [shard, ids] = [...byShard].sort((a, b) => b[1].length - a[1].length)[0];
		const turn = manualYield();
		// Three records are "many" here (AT_ONCE is 256 in the app).
		live.rebuildOthersWith(new SlicedRebuilds(turn.yieldTask, 0, 2));
		const rename = (origin: unknown) =>
			shard.transact(() => {
				for (const id of ids) people.map(id)!.set('firstName', `Bo ${String(origin)}`);
			}, origin);
		return { live, ids, turn, rename, people };
	}

	it("builds the rows of others' many changes over the next tasks, not in the one that applied them", async () => {
		const { live, ids, turn, rename, people } = setUp();
		expect(ids.length).toBeGreaterThan(2);
		expect(live.settled).toBe(true);
		rename('relay');
		expect(ids.map((id) => live.row(id)!.name)).toEqual(ids.map(() => 'Ann'));
		expect(live.settled).toBe(false); // the row cache is not saved meanwhile
		// A teammate's edit of one record does not wait behind them.
		const one = ids[0];
		people.map(one)!.doc!.transact(() => people.map(one)!.set('firstName', 'Cy'), 'relay');
		expect(live.row(one)!.name).toBe('Cy');
		for (let i = 0; i < 20 && turn.waiting > 0; i++) await turn.next();
		expect(live.settled).toBe(true);
		// Each row as its record is when rebuilt: the later edit is not undone.
		expect(ids.map((id) => live.row(id)!.name)).toEqual(
			ids.map((id) => (id === one ? 'Cy' : 'Bo relay'))
		);
		expect(live.rows.filter((r) => r.name === 'Bo relay')).toHaveLength(ids.length - 1);
	});

	it("shows this device's own many changes and loads in the task that made them", () => {
		for (const origin of [LOCAL_EDIT, DEVICE_LOAD]) {
			const { live, ids, turn, rename } = setUp();
			rename(origin);
			expect(ids.map((id) => live.row(id)!.name)).toEqual(ids.map(() => `Bo ${String(origin)}`));
			expect(turn.waiting).toBe(0);
		}
	});
});
