import { describe, expect, it } from 'vitest';
import type { ReportResult } from '$lib/domain/reports/report';
import { compareTable } from './compare-table';
import { formatValue } from './format';

const format = (n: number, unit: Parameters<typeof formatValue>[1]) =>
	formatValue(n, unit, 'en-US');
const drill = { type: 'deal' as const, ids: [] };

describe("the previous period's figures as a table", () => {
	it('lists each point with its figure now and before, in its own unit', () => {
		const result: ReportResult = {
			kind: 'bar',
			unit: { kind: 'count' },
			series: [
				{
					key: 'won',
					label: 'Won',
					points: [{ key: '2026-12', label: 'Dec 2026', value: 2, previous: 1, drill }]
				},
				{
					key: 'amount',
					label: 'Won amount',
					unit: { kind: 'currency', currency: 'EUR' },
					points: [{ key: '2026-12', label: 'Dec 2026', value: 1200, previous: 600, drill }]
				}
			],
			table: { columns: [], rows: [] }
		};
		expect(compareTable(result, format)?.rows.map((r) => r.cells)).toEqual([
			['Won', 'Dec 2026', '2', '1'],
			['Won amount', 'Dec 2026', '€1,200', '€600']
		]);
	});

	it('is none without a comparison', () => {
		const result: ReportResult = {
			kind: 'bar',
			unit: { kind: 'count' },
			series: [{ key: 'won', label: 'Won', points: [{ key: 'a', label: 'A', value: 2, drill }] }],
			table: { columns: [], rows: [] }
		};
		expect(compareTable(result, format)).toBeNull();
	});
});
