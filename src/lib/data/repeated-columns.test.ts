import { describe, expect, it } from 'vitest';
import { RepeatedColumns } from './repeated-columns';

const members = ['m-ana', 'm-bo', 'm-cy'];

function tasks(n: number) {
	return Array.from({ length: n }, (_, i) => ({
		id: `task-${i}`,
		name: i % 2 ? 'Call back' : `Visit ${i}`,
		assigneeId: members[i % 3],
		status: i % 10 ? 'done' : 'open',
		dueDate: null,
		tags: i % 4 ? ['vip'] : [],
		search: `visit ${i} call back`
	}));
}

function repeatedOf(rows: object[]): string[] {
	const columns = new RepeatedColumns(rows.length);
	for (const row of rows) columns.add(row);
	return columns.names().sort();
}

describe('repeated columns of cached rows', () => {
	it('are the strings and lists of strings holding few distinct values', () => {
		expect(repeatedOf(tasks(400))).toEqual(['assigneeId', 'status', 'tags']);
	});

	it('include a column of half repeated values once one value in four is distinct at most', () => {
		// 'Call back' on every second row, the other half distinct: 201 of 400 distinct.
		expect(repeatedOf(tasks(400))).not.toContain('name');
		const rows = tasks(400).map((row, i) => ({ ...row, name: i % 8 ? 'Call back' : row.name }));
		expect(repeatedOf(rows)).toContain('name');
	});

	it('are none for too few rows to tell', () => {
		expect(repeatedOf(tasks(4))).toEqual([]);
	});
});
