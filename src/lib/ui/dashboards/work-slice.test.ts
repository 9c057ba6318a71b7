import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkSlice } from './work-slice';

describe('WorkSlice', () => {
	let now = 0;
	beforeEach(() => {
		now = 100;
		vi.spyOn(performance, 'now').mockImplementation(() => now);
	});
	afterEach(() => vi.restoreAllMocks());

	/** Runs pieces of the given costs while the slice has room; returns how many ran. */
	function run(ms: number, costs: number[]): number {
		const slice = new WorkSlice(ms);
		let ran = 0;
		for (const cost of costs) {
			now += cost;
			ran++;
			if (!slice.roomForAnother()) break;
		}
		return ran;
	}

	it('starts another piece only if one as long as the last ends within the slice', () => {
		expect(run(16, [5, 5, 5, 5])).toBe(3); // a fourth would end at 20
		expect(run(16, [8, 8, 8])).toBe(2); // a third would end at 24; the second ends at 16
		expect(run(16, [2, 2, 2, 2, 2, 2, 2, 2, 2])).toBe(8);
	});

	it('does not begin a long piece late in the slice (the old check began it at 15 ms)', () => {
		// 3 ms, then 12 ms: 15 ms spent, a piece of 12 would end at 27
		expect(run(16, [3, 12, 23])).toBe(2);
	});

	it('runs the first piece however long it is', () => {
		expect(run(16, [40, 40])).toBe(1);
	});
});
