import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
	it('uses decimal units with one decimal below 100', () => {
		expect(formatBytes(12_345_678)).toBe('12.3 MB');
		expect(formatBytes(2_100_000_000)).toBe('2.1 GB');
		expect(formatBytes(1_500)).toBe('1.5 kB');
		expect(formatBytes(456_000_000)).toBe('456 MB');
	});

	it('counts small sizes in bytes', () => {
		expect(formatBytes(1)).toBe('1 byte');
		expect(formatBytes(999)).toBe('999 bytes');
	});

	it('treats unknown or negative sizes as zero', () => {
		expect(formatBytes(0)).toBe('0 bytes');
		expect(formatBytes(Number.NaN)).toBe('0 bytes');
		expect(formatBytes(-5)).toBe('0 bytes');
	});
});
