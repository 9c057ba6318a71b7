import { describe, expect, it } from 'vitest';
import { READERS_GAP_MS, ReaderPacing } from './reader-pacing';

/** Changes every `every` ms from 0 to `until`: the times readers are told, as LiveCollection tells them. */
function toldAt(pacing: ReaderPacing, rows: number, every: number, until: number): number[] {
	const told: number[] = [];
	let due: number | null = null;
	for (let now = 0; now <= until; now += every) {
		if (due !== null && due <= now) {
			pacing.told(due);
			told.push(due);
			due = null;
		}
		if (due !== null) continue; // already scheduled
		const wait = pacing.delay(now, rows);
		if (wait === 0) {
			pacing.told(now);
			told.push(now);
		} else due = now + wait;
	}
	if (due !== null) {
		pacing.told(due);
		told.push(due);
	}
	return told;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe('ReaderPacing', () => {
	it('tells at once after a quiet moment', () => {
		const pacing = new ReaderPacing();
		expect(pacing.delay(1_000, 100_000)).toBe(0);
		pacing.told(1_000);
		// One edit a second: each at once, however large the collection.
		expect(pacing.delay(2_000, 100_000)).toBe(0);
	});

	it('spaces readers out more and more while changes keep coming, up to a gap that grows with the rows', () => {
		const big = gaps(toldAt(new ReaderPacing(), 100_000, 5, 10_000));
		expect(big.slice(0, 4)).toEqual([50, 100, 200, 400]);
		expect(Math.max(...big)).toBe(500); // 100k rows × 0.005 ms
		expect(big.length).toBeLessThan(30); // 10 s of changes: ~20 passes, not 200
		const small = gaps(toldAt(new ReaderPacing(), 1_000, 5, 2_000));
		expect(Math.max(...small)).toBe(2 * READERS_GAP_MS); // never over two first gaps for a small one
	});

	it('starts again from the first gap after a quiet moment', () => {
		const pacing = new ReaderPacing();
		toldAt(pacing, 100_000, 5, 3_000); // a burst: the gap is at its longest
		const afterQuiet = 3_000 + 2_000;
		expect(pacing.delay(afterQuiet, 100_000)).toBe(0);
		pacing.told(afterQuiet);
		expect(pacing.delay(afterQuiet + 10, 100_000)).toBe(READERS_GAP_MS - 10);
	});
});
