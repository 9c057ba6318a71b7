import { describe, expect, it } from 'vitest';
import { timeLeft } from './time-left';

describe('timeLeft', () => {
	it('extrapolates from the pace so far', () => {
		expect(timeLeft({ done: 1000, total: 3000, startedAt: 0 }, 2000)).toBe('about 4 s left');
		expect(timeLeft({ done: 1000, total: 100_000, startedAt: 0 }, 1000)).toBe('about 2 min left');
		expect(timeLeft({ done: 0, total: 10, startedAt: 0 }, 5)).toBeNull();
	});
});
