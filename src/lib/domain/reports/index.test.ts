import { describe, expect, it } from 'vitest';
import { REPORTS, reportOf, reportProblems } from './index';
import { filters, input } from './rows-fixtures';

describe('report registry', () => {
	it('has unique slugs and finds a report by id', () => {
		expect(reportProblems()).toEqual([]);
		expect(reportOf('won-lost')?.title).toBe('Won and lost per month');
		expect(reportOf('nope')).toBeUndefined();
		expect(reportProblems([REPORTS[0], REPORTS[0]])).toEqual([
			`two reports are "${REPORTS[0].id}"`
		]);
	});

	it('every report computes over an empty workspace: a table as wide as its columns', () => {
		for (const r of REPORTS) {
			const result = r.compute(input({}), filters());
			for (const row of result.table.rows) {
				expect(row.cells).toHaveLength(result.table.columns.length);
				if (row.drills) expect(row.drills).toHaveLength(result.table.columns.length);
			}
		}
	});
});
