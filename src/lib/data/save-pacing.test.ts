import { describe, expect, it } from 'vitest';
import { SavePacing } from './save-pacing';

const options = { quietMs: 2_000, durationFactor: 10, maxGapMs: 60_000 };

describe('SavePacing', () => {
	it('waits only for quiet before the first save and after a quick one', () => {
		const pacing = new SavePacing(options);
		expect(pacing.dueAfterChange(1_000)).toBe(3_000);
		pacing.saved(3_000, 3_050); // 50 ms: a gap of 500 ms, less than the quiet
		expect(pacing.dueAfterChange(3_100)).toBe(5_100);
	});

	it('keeps ten times the last save between saves, at most a minute', () => {
		const pacing = new SavePacing(options);
		pacing.saved(0, 1_500); // a slow save: 15 s before the next
		expect(pacing.dueAfterChange(2_000)).toBe(16_500);
		pacing.saved(20_000, 30_000); // 10 s: the gap is capped at 60 s
		expect(pacing.dueAfterChange(31_000)).toBe(90_000);
	});

	it('lets changes during the gap leave the due save where it is, and push it once quiet is short', () => {
		const pacing = new SavePacing(options);
		pacing.saved(0, 1_500);
		const due = pacing.dueAfterChange(2_000); // 16.5 s
		expect(pacing.keeps(due, 5_000)).toBe(true); // a change every few seconds: not pushed
		expect(pacing.keeps(due, 14_000)).toBe(true);
		expect(pacing.keeps(due, 15_000)).toBe(false); // less than the quiet left: pushed
		expect(pacing.dueAfterChange(15_000)).toBe(17_000);
	});
});
