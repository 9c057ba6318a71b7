import { describe, expect, it } from 'vitest';
import { formatBytes } from './byte-size';

describe('formatBytes', () => {
	it.each([
		[0, '0 bytes'],
		[1, '1 byte'],
		[812, '812 bytes'],
		[1024, '1 KB'],
		[14 * 1024 + 300, '14 KB'],
		[3.24 * 1024 * 1024, '3.2 MB'],
		[25 * 1024 * 1024, '25 MB'],
		[1024 ** 3, '1 GB']
	])('%d bytes read as %s', (bytes, text) => {
		expect(formatBytes(bytes)).toBe(text);
	});

	it('says nothing for a size that is not one', () => {
		expect(formatBytes(-1)).toBe('');
		expect(formatBytes(Number.NaN)).toBe('');
	});
});
