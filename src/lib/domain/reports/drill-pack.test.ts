import { describe, expect, it } from 'vitest';
import { packDrills, unpackDrills } from './drill-pack';
import type { ReportResult } from './report';

describe('drill packing', () => {
	it('gives back the same result, each list of ids sent once as one string', () => {
		const shared = ['2026-01~a', '2026-01~b'];
		const result: ReportResult = {
			kind: 'bar',
			unit: { kind: 'count' },
			series: [
				{
					key: 's',
					label: 'S',
					points: [{ key: 'k', label: 'K', value: 2, drill: { type: 'order', ids: shared } }]
				}
			],
			table: {
				columns: [
					{ key: 'a', label: 'A' },
					{ key: 'b', label: 'B' }
				],
				rows: [
					{
						key: 'k',
						cells: ['K', 2],
						drill: { type: 'order', ids: shared },
						drills: [null, { type: 'person', ids: [] }]
					}
				]
			},
			total: { key: 't', label: 'T', value: 2, drill: { type: 'order', ids: shared } },
			notes: ['n']
		};
		const packed = packDrills(result);
		expect(packed.texts).toEqual(['2026-01~a\n2026-01~b', '']);
		expect(JSON.stringify(packed.result)).not.toContain('~a');
		const back = unpackDrills(structuredClone(packed));
		expect(JSON.parse(JSON.stringify(back))).toEqual(result);
		expect(back.table.rows[0].drills?.[1]?.ids).toEqual([]);
	});
});
