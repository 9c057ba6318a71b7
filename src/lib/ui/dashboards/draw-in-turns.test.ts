import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drawInTurns } from './draw-in-turns';

describe('drawInTurns', () => {
	let now = 0;
	beforeEach(() => {
		vi.useFakeTimers();
		now = 0;
		vi.spyOn(performance, 'now').mockImplementation(() => now);
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.restoreAllMocks();
	});

	/** Cards a..h ready; drawing one takes `costMs` of the clock. */
	function board(costMs: number) {
		const ready = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
		const tasks: string[][] = [];
		let task: string[] | null = null;
		const turns = drawInTurns(
			() => ready[0],
			(id) => {
				if (!task) tasks.push((task = []));
				task.push(id);
				ready.shift();
				now += costMs;
			},
			16
		);
		const endTask = () => (task = null);
		return { ready, tasks, turns, endTask };
	}

	function runTasks(endTask: () => void) {
		for (let i = 0; i < 20 && vi.getTimerCount() > 0; i++) {
			vi.advanceTimersToNextTimer();
			endTask();
		}
	}

	it('draws as many cards a task as fit in the slice, then yields', () => {
		const { tasks, turns, endTask } = board(5);
		turns.wake();
		expect(tasks).toEqual([]); // not in the caller's task
		runTasks(endTask);
		// 5 ms each: a fourth card would end at 20 ms, past the slice of 16
		expect(tasks).toEqual([
			['a', 'b', 'c'],
			['d', 'e', 'f'],
			['g', 'h']
		]);
	});

	it('draws at least one card a task, however long it takes', () => {
		const { tasks, turns, endTask } = board(40);
		turns.wake();
		runTasks(endTask);
		expect(tasks.map((t) => t.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
	});

	it('a second wake before the turn does not draw twice; stop cancels the next turn', () => {
		const { ready, tasks, turns, endTask } = board(10);
		turns.wake();
		turns.wake();
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersToNextTimer();
		endTask();
		expect(tasks).toEqual([['a']]); // a second 10 ms card would end at 20 ms
		turns.stop();
		runTasks(endTask);
		expect(ready).toHaveLength(7);
		turns.wake();
		expect(vi.getTimerCount()).toBe(0);
	});
});
