import { describe, expect, it } from 'vitest';
import { onlyQueryDiffers, readListView, writeListView, type ListView } from './list-url';

const FILTERS = ['kind', 'ownerId', 'tags'];
const SORTS = new Set(['name', 'lastName', 'kind']);
const DEFAULT = { key: null, dir: 'asc' as const };

describe('a list view in the URL', () => {
	it('round-trips search, filters (with "nobody") and sort, keeping parameters it does not own', () => {
		const view: ListView = {
			query: 'anna lead',
			picked: { kind: ['lead', 'client'], ownerId: [null], tags: [] },
			sortKey: 'lastName',
			sortDir: 'desc'
		};
		const params = writeListView(
			new URLSearchParams('segment=s1&view=all'),
			view,
			FILTERS,
			DEFAULT
		);
		expect(params.getAll('segment')).toEqual(['s1']);
		expect(params.get('view')).toBe('all');
		expect(params.toString()).toBe(
			'segment=s1&view=all&q=anna+lead&kind=lead&kind=client&ownerId=%28nobody%29&sort=lastName&dir=desc'
		);
		expect(readListView(params, FILTERS, SORTS, DEFAULT)).toEqual(view);
	});

	it('leaves out what is at its default, and replaces the old view', () => {
		const view: ListView = { query: '', picked: {}, sortKey: null, sortDir: 'asc' };
		const old = new URLSearchParams('q=x&kind=lead&sort=kind&dir=asc&segment=s2');
		expect(writeListView(old, view, FILTERS, DEFAULT).toString()).toBe('segment=s2');
	});

	it('falls back to the default sort for an unknown key or direction', () => {
		const read = (q: string) => readListView(new URLSearchParams(q), FILTERS, SORTS, DEFAULT);
		expect(read('sort=custom:gone&dir=desc')).toMatchObject({ sortKey: null, sortDir: 'asc' });
		expect(read('sort=kind&dir=sideways')).toMatchObject({ sortKey: 'kind', sortDir: 'asc' });
		expect(read('')).toEqual({
			query: '',
			picked: { kind: [], ownerId: [], tags: [] },
			sortKey: null,
			sortDir: 'asc'
		});
	});

	it('tells a keystroke (replace) from a sort or filter change (push)', () => {
		const p = (s: string) => new URLSearchParams(s);
		expect(onlyQueryDiffers(p('q=an&kind=lead'), p('q=ann&kind=lead'))).toBe(true);
		expect(onlyQueryDiffers(p('q=an'), p('q=an&kind=lead'))).toBe(false);
		expect(onlyQueryDiffers(p('sort=kind&dir=asc'), p('sort=kind&dir=desc'))).toBe(false);
	});
});
