import { describe, expect, it } from 'vitest';
import { cellName, clusterParam, readClusterParam, withRowsOf } from './cluster-param';

describe('cluster links', () => {
	it('round-trips a cell through the URL and names it', () => {
		const param = new URLSearchParams(clusterParam('value', 'high/unset')).get('cluster');
		const ref = readClusterParam(param);
		expect(ref).toEqual({ grid: 'value', key: 'high/unset' });
		expect(cellName(ref!)).toBe('Current value High, potential value not set');
		expect(cellName({ grid: 'rfm', key: 'cannot-lose' })).toBe("RFM: Can't lose");
		expect(cellName({ grid: 'effort', key: 'heavy/low' })).toBe('Effort Over 10 h, value Low');
	});

	it('refuses what names no cell', () => {
		for (const bad of [null, '', 'rfm', 'rfm:best', 'x:champions', 'value:high', ':champions'])
			expect(readClusterParam(bad)).toBeNull();
	});

	it('narrows a repository to the cell’s rows and keeps its methods', () => {
		const repo = {
			rows: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
			count() {
				return this.rows.length;
			}
		};
		const narrowed = withRowsOf(repo, new Set(['a', 'c']));
		expect(narrowed.rows.map((r) => r.id)).toEqual(['a', 'c']);
		expect(narrowed.count()).toBe(3);
	});
});
