import { describe, expect, it } from 'vitest';
import { Q1, utc, ZONE } from './report-fixtures';
import { readSizeLog, sizeKey, sizesPerMonth, utcDay } from './segment-sizes';

const at = (iso: string) => ({ size: 0, at: utc(iso) });

describe('segment size log', () => {
	it('reads entries per segment, oldest first, skipping what a buggy peer stored', () => {
		const log = readSizeLog([
			[sizeKey('s1', '2026-02-01'), { size: 12, at: utc('2026-02-01T08:00:00Z') }],
			[sizeKey('s1', '2026-01-05'), { size: 10, at: utc('2026-01-05T08:00:00Z') }],
			[sizeKey('s:2', '2026-01-05'), { size: 3, at: utc('2026-01-05T09:00:00Z') }],
			[sizeKey('s1', '2026-01-06'), { size: -1, at: 1 }],
			[sizeKey('s1', 'yesterday'), { size: 1, at: 1 }],
			[sizeKey('s1', '2026-01-07'), 'twelve'],
			['rate:x', { size: 1, at: 1 }]
		]);
		expect([...log.keys()]).toEqual(['s1', 's:2']);
		expect(log.get('s1')!.map((e) => [e.day, e.size])).toEqual([
			['2026-01-05', 10],
			['2026-02-01', 12]
		]);
		expect(log.get('s:2')![0].size).toBe(3);
	});

	it('keys a day in UTC, whatever the zone of the device', () => {
		expect(utcDay(utc('2026-03-31T23:30:00Z'))).toBe('2026-03-31');
	});

	it('takes the last size of each Berlin month, null for a month nobody logged', () => {
		const entries = [
			{ ...at('2025-12-31T22:30:00Z'), size: 1, day: '2025-12-31' }, // 23:30 on 31 Dec, Berlin
			{ ...at('2025-12-31T23:30:00Z'), size: 5, day: '2025-12-31' }, // 1 Jan, Berlin
			{ ...at('2026-01-20T10:00:00Z'), size: 7, day: '2026-01-20' },
			{ ...at('2026-03-31T21:30:00Z'), size: 9, day: '2026-03-31' }, // 23:30 on 31 March
			{ ...at('2026-03-31T22:30:00Z'), size: 99, day: '2026-03-31' } // 1 April, Berlin
		].map((e) => ({ segmentId: 's', ...e }));
		expect(sizesPerMonth(entries, Q1, ZONE).map((m) => [m.bucket.key, m.size, m.day])).toEqual([
			['2026-01', 7, '2026-01-20'],
			['2026-02', null, null],
			['2026-03', 9, '2026-03-31']
		]);
	});
});
