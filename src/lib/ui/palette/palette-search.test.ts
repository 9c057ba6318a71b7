import { describe, expect, it } from 'vitest';
import { searchText } from '$lib/domain/search';
import { matchActions, paletteActions } from './actions';
import { findRecords, RecordFinder, type RecordSource } from './palette-search';

const row = (id: string, name: string, ...more: string[]) => ({
	id,
	name,
	search: searchText([name, ...more])
});

const people: RecordSource = {
	label: 'People',
	noun: 'person',
	rows: [
		row('p1', 'Jan Kowalski', 'jan@acme.example', '+48 22 555 0101', 'Acme'),
		row('p2', 'Anna Acmeńska', 'anna@other.example'),
		row('p3', 'Ola Nowak', 'ola@acme.example', 'Acme')
	],
	href: (id) => `/people/${id}`
};
const orgs: RecordSource = {
	label: 'Organizations',
	noun: 'organization',
	rows: [row('o1', 'Acme', 'acme.example')],
	href: (id) => `/organizations/${id}`
};

describe('the palette’s record search', () => {
	it('finds by name, email and organization (the rows’ search text), names first, per type', () => {
		const hits = findRecords([people, orgs], 'acme');
		expect(hits.map((h) => h.id)).toEqual(['p2', 'p1', 'p3', 'o1']);
		expect(hits[3]).toEqual({
			id: 'o1',
			name: 'Acme',
			noun: 'organization',
			group: 'Organizations',
			href: '/organizations/o1'
		});
		expect(findRecords([people], 'ola@acme').map((h) => h.id)).toEqual(['p3']);
		expect(findRecords([people], 'kowalski jan').map((h) => h.id)).toEqual(['p1']);
		expect(findRecords([people, orgs], '   ')).toEqual([]);
	});

	it('stops at the per-type limit, preferring names that start with the query', () => {
		const many: RecordSource = {
			...people,
			rows: [
				...Array.from({ length: 50 }, (_, i) => row(`x${i}`, `Other ${i}`, 'smith@x.example')),
				row('s1', 'Smith Adam'),
				row('s2', 'Smithers Bo')
			]
		};
		const hits = findRecords([many], 'smith', 3);
		expect(hits.map((h) => h.id)).toEqual(['s1', 's2', 'x0']);
	});
});

describe('the palette’s actions', () => {
	it('match every word in label or keywords; a viewer gets no create or log actions', () => {
		const all = paletteActions(
			[
				{ id: 'w1', name: 'Acme sales' },
				{ id: 'w2', name: 'Home' }
			],
			'w1',
			false
		);
		expect(matchActions(all, 'new pers').map((a) => a.label)).toEqual(['New person']);
		expect(matchActions(all, 'log call').map((a) => a.label)).toEqual(['Log a call']);
		expect(matchActions(all, 'switch').map((a) => a.label)).toEqual(['Switch to workspace Home']);
		expect(matchActions(all, 'csv').map((a) => a.label)).toEqual([
			'Import contacts',
			'Export or back up'
		]);
		const viewer = paletteActions([], 'w1', true);
		expect(viewer.some((a) => a.do === 'create' || a.do === 'log')).toBe(false);
		expect(matchActions(viewer, 'go people').map((a) => a.label)).toEqual(['Go to People']);
	});
});

describe('the palette’s search between keystrokes', () => {
	it('finds what a fresh search finds, also after the rows change', () => {
		const rows = Array.from({ length: 300 }, (_, i) =>
			row(`p${i}`, `Person ${i}`, `p${i}@firma${i % 7}.example`)
		);
		const source = (r: typeof rows): RecordSource => ({ ...people, rows: r });
		const finder = new RecordFinder();
		let current = source(rows);
		const queries = ['f', 'fi', 'firma3', 'firma3 person', 'firma3 person 1', 'firma', 'zz', 'zzq'];
		for (const [i, q] of queries.entries()) {
			if (i === 4) current = source([row('new', 'Person 1000', 'x@firma3.example'), ...rows]);
			expect(finder.find([current], q, 3)).toEqual(findRecords([current], q, 3));
		}
	});
});
