/**
 * The row cache's first page (domain/first-page.ts) is painted as the list's first rows before
 * the list has sorted anything: it must be exactly what the list's default view puts first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE_ROWS, FirstRows } from '$lib/domain/first-page';
import { sortRowsBy } from '$lib/domain/sort';
import { sharedOrder } from './list-state.svelte';

const row = fc.record({
	id: fc.uuid(),
	// Few names, with case, accents, spaces and empties: many ties, broken by the id.
	name: fc.constantFrom('', ' ', 'Ada', 'ada', 'Åsa', 'asa', 'Zoë', ' Ben', 'ben ', 'Émile'),
	search: fc.constant(''),
	updatedAt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null })
});
const rowsOf = fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 200 });

describe("the row cache's first page", () => {
	it("is the shared order's first rows (by name, then id)", () => {
		fc.assert(
			fc.property(rowsOf, (rows) => {
				const first = new FirstRows<(typeof rows)[number]>(null);
				for (const r of rows) first.add(r);
				expect(first.rows).toEqual(sharedOrder(rows).slice(0, FIRST_PAGE_ROWS));
			})
		);
	});

	it("is a declared sort's first rows, ties in the shared order, both directions", () => {
		fc.assert(
			fc.property(rowsOf, fc.constantFrom('asc' as const, 'desc' as const), (rows, dir) => {
				const first = new FirstRows<(typeof rows)[number]>({ field: 'updatedAt', dir }, 10);
				for (const r of rows) first.add(r);
				const listed = sortRowsBy(sharedOrder(rows), (r) => r.updatedAt, dir);
				expect(first.rows).toEqual(listed.slice(0, 10));
			})
		);
	});
});
