/**
 * A list and its segments work for any record type from its declaration alone: a throwaway
 * "deal" type, declared only here with a stage (a choice) and an amount (a number), is filtered
 * by stage in a list and selected by amount in a segment, with no edit anywhere else. The
 * people list keeps its kind, owner and tag filters.
 */
import { describe, expect, it } from 'vitest';
import { declareRecordType, person, type PersonRow } from '$lib/domain/record-types';
import { emptyPerson } from '$lib/domain/records';
import { searchText } from '$lib/domain/search';
import { evaluateSegment, validateSegment, type SegmentDef } from '$lib/domain/segments';
import { BUILTIN_FIELDS } from '$lib/domain/segments/definition';
import { ListState, NONE, reorder, sharedOrder } from './list-state.svelte';
import { testLookup } from '$lib/domain/record-types/testing';

interface DealFields {
	title: string;
	stage: string;
	amount: number | null;
	notes: string;
	custom: Record<string, never>;
}

interface DealRow {
	id: string;
	name: string;
	stage: string;
	amount: number | null;
	updatedAt: number;
	hasIssues: boolean;
	search: string;
}

const STAGES = ['qualified', 'proposal', 'won', 'lost'];

const deal = declareRecordType<DealFields, DealRow>({
	name: 'deal',
	collection: 'deals',
	nouns: ['deal', 'deals'],
	labels: { title: 'Title', stage: 'Stage', amount: 'Amount', notes: 'Notes', custom: 'Custom' },
	empty: () => ({ title: '', stage: 'qualified', amount: null, notes: '', custom: {} }),
	validate: (raw) => ({ value: raw as DealFields, issues: [] }),
	textFields: ['notes'],
	displayName: (d) => d.title,
	row: (id, d, updatedAt, hasIssues, _defs, lookup) => ({
		id,
		name: d.title,
		stage: lookup.intern(d.stage),
		amount: d.amount,
		updatedAt,
		hasIssues,
		search: searchText([d.title, d.stage])
	}),
	segmentFields: {
		name: BUILTIN_FIELDS.name,
		stage: { type: 'choice', label: 'Stage' },
		amount: { type: 'number', label: 'Amount' },
		updatedAt: BUILTIN_FIELDS.updatedAt
	},
	list: { filters: [{ field: 'stage', label: 'Stage', values: STAGES }] },
	relations: [],
	merge: (keep) => ({ merged: keep, conflicts: [] }) as never,
	duplicates: { from: 'rows', find: () => [] }
});

const lookup = testLookup();

const dealRow = (id: string, title: string, stage: string, amount: number | null) =>
	deal.row(id, { ...deal.empty(), title, stage, amount }, 1, false, [], lookup);

const DEALS = [
	dealRow('d1', 'Acme renewal', 'won', 12_000),
	dealRow('d2', 'Bolt pilot', 'proposal', 800),
	dealRow('d3', 'Cyan rollout', 'won', 450),
	dealRow('d4', 'Dune upsell', 'lost', 30_000),
	dealRow('d5', 'Echo audit', 'qualified', null)
];

const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);
/** Sorts by the row's own value. */
const byName = (key: string) => (row: object) => (row as Record<string, unknown>)[key];

describe('a list and a segment of a type declared elsewhere', () => {
	it('offer its declared filter and filter its rows by the choice picked', () => {
		const list = new ListState<DealRow>(() => DEALS, byName, deal);
		expect(list.filters.map((f) => [f.field, f.label, f.values])).toEqual([
			['stage', 'Stage', STAGES]
		]);
		expect(list.filtered).toBe(false);
		expect(ids(list.shown)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);

		list.setMany('stage', ['won']);
		expect(list.filtered).toBe(true);
		expect(ids(list.shown)).toEqual(['d1', 'd3']);
		list.setMany('stage', ['won', 'lost']);
		expect(ids(list.shown)).toEqual(['d1', 'd3', 'd4']);

		// With search, and sorted by the number.
		list.query = 'acme';
		expect(ids(list.shown)).toEqual(['d1']);
		list.query = '';
		list.sortBy('amount');
		list.sortBy('amount');
		expect(ids(list.shown)).toEqual(['d4', 'd1', 'd3']);

		list.clear();
		expect(list.filtered).toBe(false);
		expect(list.many('stage')).toEqual([]);
	});

	it('evaluate a segment on its number field, and refuse fields it does not declare', () => {
		const big: SegmentDef = {
			match: 'all',
			children: [{ field: 'amount', op: 'gte', value: 1_000 }]
		};
		expect(validateSegment(big, [], deal.segmentFields)).toEqual({ ok: true, segment: big });
		const ctx = { fields: deal.segmentFields, customFields: [], now: 0 };
		expect(ids(evaluateSegment(DEALS, big, ctx).rows)).toEqual(['d1', 'd4']);

		const wonSmall: SegmentDef = {
			match: 'all',
			children: [
				{ field: 'stage', op: 'is_any_of', value: ['won'] },
				{ field: 'amount', op: 'between', value: [100, 999] }
			]
		};
		expect(ids(evaluateSegment(DEALS, wonSmall, ctx).rows)).toEqual(['d3']);
		const noAmount: SegmentDef = { match: 'all', children: [{ field: 'amount', op: 'is_empty' }] };
		expect(ids(evaluateSegment(DEALS, noAmount, ctx).rows)).toEqual(['d5']);

		const byKind = { match: 'all', children: [{ field: 'kind', op: 'is_empty' }] };
		expect(validateSegment(byKind, [], deal.segmentFields).ok).toBe(false);
		expect(evaluateSegment(DEALS, byKind as SegmentDef, ctx).count).toBe(0);
	});

	it('filter 100k rows in one pass per keystroke (timing printed, not asserted)', () => {
		const rows = Array.from({ length: 100_000 }, (_, i) =>
			dealRow(`d${i}`, `Deal ${i}`, STAGES[i % 4], i % 7 ? i * 10 : null)
		);
		const list = new ListState<DealRow>(() => rows, byName, deal);
		list.setMany('stage', ['won', 'proposal']);
		expect(list.shown.length).toBe(50_000);
		const times: number[] = [];
		for (const query of ['d', 'de', 'dea', 'deal', 'deal 9', 'deal 99']) {
			const t = performance.now();
			list.query = query;
			void list.shown.length;
			times.push(performance.now() - t);
		}
		expect(list.shown.length).toBeGreaterThan(0);
		console.log(
			`ListState, 100k deal rows, stage filter + typing: ${times.map((t) => t.toFixed(1)).join(', ')} ms per keystroke`
		);
	});
});

describe('the people list', () => {
	const personRow = (id: string, kind: PersonRow['kind'], ownerId: string | null, tags: string[]) =>
		person.row(id, { ...emptyPerson(), firstName: id, kind, ownerId, tags }, 1, false, [], lookup);
	const PEOPLE = [
		personRow('ann', 'client', 'm1', ['vip', 'wine']),
		personRow('bob', 'lead', null, ['wine']),
		personRow('eve', 'client', 'm2', [])
	];

	it('filters by kinds, one owner or nobody, and one tag in use', () => {
		const list = new ListState<PersonRow>(() => PEOPLE, byName, person);
		expect(list.filters.map((f) => f.field)).toEqual(['kind', 'ownerId', 'tags']);
		expect(list.inRows).toEqual({ tags: ['vip', 'wine'] });

		list.setMany('kind', ['client']);
		expect(ids(list.shown)).toEqual(['ann', 'eve']);
		list.setOne('ownerId', 'm2');
		expect(list.one('ownerId')).toBe('m2');
		expect(ids(list.shown)).toEqual(['eve']);
		list.setMany('kind', []);
		list.setOne('ownerId', NONE);
		expect(list.one('ownerId')).toBe(NONE);
		expect(ids(list.shown)).toEqual(['bob']);
		list.setOne('ownerId', '');
		list.setOne('tags', 'vip');
		expect(ids(list.shown)).toEqual(['ann']);
		list.clear();
		expect(list.one('tags')).toBe('');
		expect(ids(list.shown)).toEqual(['ann', 'bob', 'eve']);
	});
});

describe('the default order', () => {
	it('is the same on every device, whatever order the documents give the rows in', () => {
		const rows = [
			dealRow('d9', 'Same name', 'won', 1),
			dealRow('d2', 'beta', 'lost', 2),
			dealRow('d7', 'Same name', 'won', 3),
			dealRow('d1', 'Alpha', 'won', 4)
		];
		const a = new ListState<DealRow>(() => rows, byName, deal);
		const b = new ListState<DealRow>(() => [...rows].reverse(), byName, deal);
		expect(ids(a.shown)).toEqual(['d1', 'd2', 'd7', 'd9']);
		expect(ids(b.shown)).toEqual(ids(a.shown));
		// A sort with ties keeps that shared order among equal values.
		a.sortBy('stage');
		b.sortBy('stage');
		expect(ids(a.shown)).toEqual(['d2', 'd1', 'd7', 'd9']);
		expect(ids(b.shown)).toEqual(ids(a.shown));
	});

	it('shows the view a URL names and gives it back', () => {
		const list = new ListState<DealRow>(() => DEALS, byName, deal);
		list.apply({
			query: '',
			picked: { stage: ['won'], other: ['x'] },
			sortKey: 'amount',
			sortDir: 'asc'
		});
		expect(ids(list.shown)).toEqual(['d3', 'd1']);
		expect(list.view).toEqual({
			query: '',
			picked: { stage: ['won'] },
			sortKey: 'amount',
			sortDir: 'asc'
		});
	});
});

describe('the shared order after an edit', () => {
	it('merged from the order before equals a fresh sort, after renames, adds and deletes', () => {
		const NAMES = [
			'Ola',
			'ola',
			'Óla',
			'Bea',
			' Bea ',
			'',
			'Zed',
			'Adam Nowak',
			'adam nowak',
			'Ćma'
		];
		let seed = 7;
		const rand = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		type R = { id: string; name: string; search: string };
		const make = (id: string): R => ({ id, name: NAMES[rand(NAMES.length)], search: '' });
		let rows: R[] = Array.from({ length: 200 }, (_, i) => make(`id${rand(1000)}-${i}`));
		let ordered = sharedOrder(rows);
		for (let step = 0; step < 200; step++) {
			const next = rows.slice();
			for (let k = rand(4); k >= 0; k--) {
				const op = rand(3);
				const i = rand(next.length);
				if (op === 0) next[i] = { ...next[i], name: NAMES[rand(NAMES.length)] };
				else if (op === 1) next.splice(i, 1);
				else next.splice(i, 0, make(`new${step}-${k}`));
			}
			const merged = reorder(rows, ordered, next);
			expect(merged).not.toBeNull();
			expect(merged!.map((r) => r.id)).toEqual(sharedOrder(next).map((r) => r.id));
			rows = next;
			ordered = merged!;
		}
	});

	it('keeps the very order array for the same rows in a new array (what was derived holds)', () => {
		type R = { id: string; name: string; search: string };
		const rows: R[] = ['b', 'a', 'c'].map((id) => ({ id, name: id.toUpperCase(), search: '' }));
		const ordered = sharedOrder(rows);
		expect(reorder(rows, ordered, [...rows].reverse())).toBe(ordered);
		// A row edited (a new object) or gone: a new array.
		const edited = [rows[0], { ...rows[1] }, rows[2]];
		expect(reorder(rows, ordered, edited)).not.toBe(ordered);
		expect(reorder(rows, ordered, rows.slice(1))).not.toBe(ordered);
	});
});
