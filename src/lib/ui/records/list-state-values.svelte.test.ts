import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { person, type PersonRow } from '$lib/domain/record-types';
import { emptyPerson } from '$lib/domain/records';
import { noteRowsDelta } from '$lib/domain/shared-order';
import { ListState } from './list-state.svelte';
import { testLookup } from '$lib/domain/record-types/testing';

const lookup = testLookup();
const personRow = (id: string, tags: string[]) =>
	person.row(id, { ...emptyPerson(), firstName: id, tags }, 1, false, [], lookup) as PersonRow;
const byName = () => (r: PersonRow) => r.name;

describe('a list’s tags in use, as its rows change', () => {
	it('follows each noted change, and counts afresh from rows it has no change for', () => {
		const ann = personRow('ann', ['vip', 'wine']);
		const bob = personRow('bob', ['wine']);
		let rows = $state.raw([ann, bob]);
		const list = new ListState<PersonRow>(() => rows, byName, person);
		const stop = $effect.root(() => {});
		const step = (removed: PersonRow[], added: PersonRow[]) => {
			const next = rows.filter((r) => !removed.includes(r)).concat(added);
			noteRowsDelta(next, rows, removed, added);
			rows = next;
			flushSync();
		};
		expect(list.inRows).toEqual({ tags: ['vip', 'wine'] });
		step([], [personRow('zed', ['golf'])]);
		expect(list.inRows).toEqual({ tags: ['golf', 'vip', 'wine'] });
		step([ann], []);
		expect(list.inRows).toEqual({ tags: ['golf', 'wine'] });
		step([bob], [personRow('bob', [])]);
		expect(list.inRows).toEqual({ tags: ['golf'] });
		// Rows with no noted change (a new start): counted afresh.
		rows = [personRow('eve', ['tea'])];
		flushSync();
		expect(list.inRows).toEqual({ tags: ['tea'] });
		stop();
	});

	it('counts a large list over several tasks, showing the last values until done, then follows changes', async () => {
		const many = Array.from({ length: 30_000 }, (_, i) =>
			personRow(`p${i}`, i % 1000 === 0 ? ['rare'] : ['common'])
		);
		let rows = $state.raw([personRow('ann', ['vip'])]);
		const list = new ListState<PersonRow>(() => rows, byName, person);
		expect(list.inRows).toEqual({ tags: ['vip'] });
		rows = many; // no noted change: a count over every row
		flushSync();
		expect(list.inRows).toEqual({ tags: ['vip'] }); // the last count, not a task of 30k rows
		await vi.waitFor(() => expect(list.inRows).toEqual({ tags: ['common', 'rare'] }));
		// Rows that changed while it counted, with a noted change: followed from the count.
		const next = many.filter((r) => !r.tags.includes('rare')).concat(personRow('zed', ['golf']));
		noteRowsDelta(
			next,
			many,
			many.filter((r) => r.tags.includes('rare')),
			[next.at(-1)!]
		);
		rows = next;
		flushSync();
		expect(list.inRows).toEqual({ tags: ['common', 'golf'] });
	});
});
