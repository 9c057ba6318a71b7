import { describe, expect, it } from 'vitest';
import {
	READERS_GAP_MS,
	READERS_LONGEST_GAP_MS,
	READERS_QUIET_MS,
	ReaderPacing
} from './reader-pacing';

/**
 * Changes every `every` ms from 0 to `until`: the times readers are told, as LiveCollection
 * tells them (a timer that asks `due` when it fires).
 */
function toldAt(pacing: ReaderPacing, every: number, until: number, resizedUntil = -1): number[] {
	const told: number[] = [];
	let timer: number | null = null;
	const fire = (upTo: number) => {
		while (timer !== null && timer <= upTo) {
			const more = pacing.due(timer);
			if (more > 0) timer += more;
			else {
				pacing.told(timer);
				told.push(timer);
				timer = null;
			}
		}
	};
	for (let now = 0; now <= until; now += every) {
		fire(now);
		const resized = now <= resizedUntil;
		if (timer !== null) {
			pacing.changed(now, resized);
			continue;
		}
		const wait = pacing.delay(now, resized);
		if (wait === 0) {
			pacing.told(now);
			told.push(now);
		} else timer = now + wait;
	}
	fire(Infinity);
	return told;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe('ReaderPacing', () => {
	it('tells at once after a quiet moment', () => {
		const pacing = new ReaderPacing();
		expect(pacing.delay(1_000)).toBe(0);
		pacing.told(1_000);
		// One edit a second: each at once, however large the collection.
		expect(pacing.delay(2_000)).toBe(0);
	});

	it('spaces readers out more and more while changes keep coming, up to the longest gap', () => {
		const told = gaps(toldAt(new ReaderPacing(), 5, 10_000));
		expect(told.slice(0, 3)).toEqual([50, 100, 200]);
		expect(Math.max(...told)).toBe(READERS_LONGEST_GAP_MS);
		expect(told.length).toBeLessThan(40); // 10 s of changes: ~35 passes, not 2,000
	});

	it('starts again from the first gap after a quiet moment', () => {
		const pacing = new ReaderPacing();
		toldAt(pacing, 5, 3_000); // a burst: the gap is at its longest
		const afterQuiet = 3_000 + 2_000;
		expect(pacing.delay(afterQuiet)).toBe(0);
		pacing.told(afterQuiet);
		expect(pacing.delay(afterQuiet + 10)).toBe(READERS_GAP_MS - 10);
	});

	it('tells a quiet moment after the last change of a stream, without waiting out its gap', () => {
		const told = toldAt(new ReaderPacing(), 5, 1_000); // the stream's last change at 1,000
		expect(told.at(-1)).toBe(1_000 + READERS_QUIET_MS);
		// and while it lasted, at most once per gap
		expect(
			gaps(told.slice(0, -1))
				.slice(3)
				.every((gap) => gap === READERS_LONGEST_GAP_MS)
		).toBe(true);
	});

	it('tells at a pause in a stream, then spaces out again', () => {
		const pacing = new ReaderPacing();
		const first = toldAt(pacing, 5, 300);
		expect(first.at(-1)).toBe(300 + READERS_QUIET_MS);
		// A change right after the pause waits out the gap reached (doubled, not reset)
		const next = 300 + READERS_QUIET_MS + 10;
		expect(pacing.delay(next)).toBe(READERS_QUIET_MS);
		expect(pacing.due(next + READERS_QUIET_MS)).toBe(0);
	});

	it('tells once rows stop coming and going, while rows keep changing in place', () => {
		// A new device: people arrive until 1,000, then their rows are rebuilt in place (their
		// organizations' names arriving) until 2,000. The last arrivals show a quiet moment
		// after 1,000, not a longest gap later.
		const told = toldAt(new ReaderPacing(), 5, 2_000, 1_000);
		expect(told).toContain(1_000 + READERS_QUIET_MS);
		// The in-place changes are still paced: spaced out again, and told once they stop.
		const after = told.filter((t) => t > 1_000 + READERS_QUIET_MS);
		expect(after.length).toBeLessThan(10);
		expect(after.at(-1)).toBe(2_000 + READERS_QUIET_MS);
		// Without resizes the same stream is told at its gaps only.
		const inPlace = toldAt(new ReaderPacing(), 5, 2_000);
		expect(inPlace).not.toContain(1_000 + READERS_QUIET_MS);
	});
});
