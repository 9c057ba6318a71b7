import { describe, expect, it } from 'vitest';
import { AT_ONCE, ShownRebuilds, type Rebuildable } from './shown-rebuilds';

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

describe('ShownRebuilds', () => {
	it('rebuilds a few rows at once, in the task that asked', () => {
		const people = rows();
		new ShownRebuilds(manualYield().yieldTask).rebuild(people, ids(AT_ONCE));
		expect(people.calls).toEqual([[...ids(AT_ONCE)]]);
	});

	it('rebuilds many rows after the task that asked, in steps, each row once', async () => {
		const people = rows();
		const turn = manualYield();
		// A zero slice: every step waits for the next turn, so the steps can be counted.
		const rebuilds = new ShownRebuilds(turn.yieldTask, 0);
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
		const rebuilds = new ShownRebuilds(turn.yieldTask, 0);
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
		new ShownRebuilds(null).rebuild(people, ids(5_000));
		expect(people.calls.flat().length).toBe(5_000);
	});
});
