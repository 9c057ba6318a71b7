import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const now = Date.UTC(2025, 5, 15, 12, 0, 0);

describe('relativeTime', () => {
	it('says just now for under a minute, and for clocks slightly ahead', () => {
		expect(relativeTime(now - 30_000, now)).toBe('just now');
		expect(relativeTime(now + 5_000, now)).toBe('just now');
	});

	it('counts minutes, hours and days with singulars', () => {
		expect(relativeTime(now - 60_000, now)).toBe('1 minute ago');
		expect(relativeTime(now - 5 * 60_000, now)).toBe('5 minutes ago');
		expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 hours ago');
		expect(relativeTime(now - 30 * 3_600_000, now)).toBe('yesterday');
		expect(relativeTime(now - 3 * 86_400_000, now)).toBe('3 days ago');
	});

	it('falls back to the date after a week', () => {
		expect(relativeTime(Date.UTC(2025, 4, 1), now)).toBe('2025-05-01');
	});
});
