import { describe, expect, it } from 'vitest';
import { interaction, task } from '$lib/domain/record-types';
import type { Collection } from './layout';
import { relationIdSharer } from './shared-ids';

/** Collections holding `held` ids, noting which ids were asked for, by collection. */
function collections(held: string[]) {
	const asked: string[] = [];
	const of = (type: { collection: string }) =>
		({
			heldId: (id: string) => {
				asked.push(`${type.collection}:${id}`);
				return held.includes(id) ? id : null;
			}
		}) as unknown as Collection;
	return { of, asked };
}

describe('rows sharing the ids they point at', () => {
	it('asks each one-record relation’s collection for its copy, and keeps an id it lacks', () => {
		const { of, asked } = collections(['p1', 'o1']);
		const row = { id: 't1', personId: 'p1', organizationId: 'o1', dealId: 'gone', requestId: null };
		relationIdSharer(task, of)(row);
		expect(row).toEqual({
			id: 't1',
			personId: 'p1',
			organizationId: 'o1',
			dealId: 'gone',
			requestId: null
		});
		expect(asked.sort()).toEqual(['deals:gone', 'organizations:o1', 'people:p1']);
	});

	it('leaves lists of ids alone (an interaction’s people)', () => {
		const { of, asked } = collections(['p1']);
		const row = { id: 'i1', personIds: ['p1'], organizationId: '' };
		relationIdSharer(interaction, of)(row);
		expect(row.personIds).toEqual(['p1']);
		expect(asked.filter((a) => a.startsWith('people:'))).toEqual([]);
	});
});
