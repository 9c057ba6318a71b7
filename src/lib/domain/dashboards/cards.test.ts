import { describe, expect, it } from 'vitest';
import { addCardKeys, moveCardKeys, readCards, type CardSpec, type DashboardCard } from './cards';
import { TEMPLATES, templateCardId, templateDashboardId } from './templates';
import { validateDashboard } from '../record-types/dashboard';
import { reportOf } from '../reports';
import { CUSTOMER_REPORT_IDS } from '../reports/customer-input';

const spec = (reportId: string): CardSpec => ({
	reportId,
	kind: 'chart',
	size: 'medium',
	chart: null,
	title: ''
});

/** Applies keys to a record as a Y.Map would: each key its own value. */
function apply(record: Record<string, unknown>, ...patches: Record<string, unknown>[]) {
	return Object.assign({}, record, ...patches);
}

const ids = (cards: DashboardCard[]) => cards.map((c) => c.id);

describe('dashboard cards', () => {
	it('two people adding a card at once both keep theirs', () => {
		const start = apply({}, addCardKeys([], 'a', spec('won-lost')));
		const cards = readCards(start);
		// Both see one card and add after it: same position, different ids.
		const merged = apply(
			start,
			addCardKeys(cards, 'x', spec('loss-reasons')),
			addCardKeys(cards, 'b', spec('satisfaction'))
		);
		expect(ids(readCards(merged))).toEqual(['a', 'b', 'x']);
	});

	it('a move writes only the moved card’s position, between its new neighbours', () => {
		let r = {};
		for (const id of ['a', 'b', 'c', 'd'])
			r = apply(r, addCardKeys(readCards(r), id, spec('won-lost')));
		const keys = moveCardKeys(readCards(r), 'd', 1);
		expect(keys).toEqual({ 'pos:d': 0.5 });
		expect(ids(readCards(apply(r, keys)))).toEqual(['a', 'd', 'b', 'c']);
		expect(ids(readCards(apply(r, moveCardKeys(readCards(r), 'a', 9))))).toEqual([
			'b',
			'c',
			'd',
			'a'
		]);
		expect(ids(readCards(apply(r, moveCardKeys(readCards(r), 'c', 0))))).toEqual([
			'c',
			'a',
			'b',
			'd'
		]);
		expect(moveCardKeys(readCards(r), 'b', 1)).toEqual({});
	});

	it('two moves of two cards at once both hold', () => {
		let r = {};
		for (const id of ['a', 'b', 'c', 'd'])
			r = apply(r, addCardKeys(readCards(r), id, spec('won-lost')));
		const seen = readCards(r);
		const merged = apply(r, moveCardKeys(seen, 'a', 3), moveCardKeys(seen, 'd', 0));
		expect(ids(readCards(merged))).toEqual(['d', 'b', 'c', 'a']);
	});

	it('moved by one, removed by another: removed', () => {
		let r = {};
		for (const id of ['a', 'b']) r = apply(r, addCardKeys(readCards(r), id, spec('won-lost')));
		const seen = readCards(r);
		const merged = apply(r, moveCardKeys(seen, 'b', 0), { 'gone:b': true });
		expect(ids(readCards(merged))).toEqual(['a']);
	});

	it('renumbers when two cards share a position and one goes between them', () => {
		const r = apply(
			{},
			addCardKeys([], 'a', spec('won-lost')),
			addCardKeys([], 'b', spec('won-lost')),
			addCardKeys([], 'c', spec('won-lost'))
		);
		const keys = moveCardKeys(readCards(r), 'c', 1);
		expect(keys).toEqual({ 'pos:a': 0, 'pos:c': 1, 'pos:b': 2 });
		expect(ids(readCards(apply(r, keys)))).toEqual(['a', 'c', 'b']);
	});

	it('skips unreadable cards and reads missing options as the defaults', () => {
		const cards = readCards({
			'card:a': { reportId: 'won-lost', kind: 'pie', size: 7 },
			'card:b': 'nonsense',
			'card:c': { kind: 'chart' }
		});
		expect(cards).toEqual([
			{
				id: 'a',
				reportId: 'won-lost',
				kind: 'chart',
				size: 'medium',
				chart: null,
				title: '',
				position: 0
			}
		]);
	});
});

describe('templates', () => {
	it('name reports that exist, with fixed ids', () => {
		for (const t of Object.values(TEMPLATES)) {
			expect(t.cards.length).toBeGreaterThan(0);
			for (const c of t.cards) expect(reportOf(c.reportId), `${t.id}: ${c.reportId}`).toBeDefined();
		}
		expect(TEMPLATES.manager.cards).toHaveLength(8);
		expect(templateDashboardId('manager', 'm1')).toBe('dashboard-manager');
		expect(templateDashboardId('sales', 'm1')).toBe('dashboard-sales-m1');
		expect(templateCardId('manager', 0)).toBe('manager-1');
	});

	it('give every role and a new workspace the customer reports it acts on', () => {
		const customer = (id: keyof typeof TEMPLATES) =>
			TEMPLATES[id].cards.map((c) => c.reportId).filter((r) => CUSTOMER_REPORT_IDS.has(r));
		expect(customer('default')).toEqual(['revenue-by-category']);
		expect(customer('manager')).toEqual(['new-customers']);
		expect(customer('sales')).toEqual(['rfm-grid', 'revenue-by-value-tier']);
		expect(customer('support')).toEqual(['retention']);
		// A number card needs a report with one figure.
		const number = TEMPLATES.manager.cards.find((c) => c.reportId === 'new-customers');
		expect(number?.kind).toBe('number');
	});
});

describe('dashboard validation', () => {
	it('reads the filters and the card keys; bad values are reported and replaced', () => {
		const { value, issues } = validateDashboard({
			name: 'Team',
			period: 'next-decade',
			compare: true,
			ownerId: 'm1',
			'card:a': spec('won-lost'),
			'pos:a': 2
		});
		expect(value).toMatchObject({
			name: 'Team',
			period: 'this-quarter',
			compare: true,
			ownerId: 'm1'
		});
		expect(value.cards.map((c) => [c.id, c.position])).toEqual([['a', 2]]);
		expect(issues.map((i) => i.field)).toEqual(['period']);
		expect(
			validateDashboard({ period: { from: '2026-01-01', to: '2026-01-31' } }).value.period
		).toEqual({
			from: '2026-01-01',
			to: '2026-01-31'
		});
	});
});
