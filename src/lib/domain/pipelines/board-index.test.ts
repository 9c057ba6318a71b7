import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardColumns, monthOf, NO_FILTERS, type BoardFilters } from './board';
import { BoardIndex, type IndexedDeal } from './board-index';
import { DEFAULT_PIPELINE, type Pipeline } from './pipeline';

const RENEWALS: Pipeline = {
	id: 'r1',
	name: 'Renewals',
	order: 1,
	stages: [
		{ id: 'talk', name: 'Talk', order: 0, probability: 50, kind: 'open' },
		{ id: 'won', name: 'Won', order: 1, probability: 100, kind: 'won' }
	]
};
const known = new Set(['default', 'r1']);
const DAY = 86_400_000;
const MARCH = Date.UTC(2026, 2, 1);

const deal = (id: string, patch: Partial<IndexedDeal> = {}): IndexedDeal => ({
	id,
	name: id,
	pipelineId: null,
	stage: 'lead',
	amount: null,
	currency: 'EUR',
	expectedCloseAt: null,
	organizationId: null,
	organizationName: '',
	ownerId: null,
	...patch
});

/** The columns as plain ids and totals, to compare with a fresh build. */
const shape = (cols: ReturnType<typeof boardColumns>) =>
	cols.map((c) => ({
		stage: c.stage?.id ?? null,
		ids: c.deals.map((d) => d.id),
		totals: c.totals
	}));

const arbDeal = (id: string) =>
	fc
		.record({
			id: fc.constant(id),
			name: fc.constantFrom('Acme', 'acme', 'Beta', 'Zed', ''),
			pipelineId: fc.constantFrom(null, 'default', 'r1', 'removed'),
			stage: fc.constantFrom('lead', 'qualified', 'won', 'lost', 'talk', 'gone'),
			amount: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
			currency: fc.constantFrom('EUR', 'USD'),
			expectedCloseAt: fc.option(
				fc.integer({ min: 0, max: 90 }).map((d) => MARCH + d * DAY),
				{
					nil: null
				}
			),
			organizationId: fc.constantFrom(null, 'o1', 'o2'),
			ownerId: fc.constantFrom(null, 'm1', 'm2')
		})
		// An organization's name is the same on each of its deals (its row shows the record's name).
		.map((d) => ({ ...d, organizationName: d.organizationId === 'o1' ? 'One' : '' }));

describe('the board index', () => {
	it('patched one deal at a time, equals a fresh build for every pipeline and filter', () => {
		const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom(...ids), fc.option(fc.constant(0), { nil: undefined })), {
					maxLength: 30
				}),
				fc.array(fc.oneof(...ids.map(arbDeal)), { minLength: 30, maxLength: 30 }),
				(steps, versions) => {
					const current = new Map<string, IndexedDeal>();
					const index = new BoardIndex<IndexedDeal>();
					steps.forEach(([id, removed], i) => {
						// A change is a new row object; a removal takes the deal away.
						const next = removed === undefined ? { ...versions[i], id } : undefined;
						if (next) current.set(id, next);
						else current.delete(id);
						index.put(id, next);
					});
					const filters: BoardFilters[] = [
						NO_FILTERS,
						{ ...NO_FILTERS, ownerId: 'm1' },
						{ ...NO_FILTERS, closeMonth: monthOf(MARCH) }
					];
					const fresh = new BoardIndex([...current.values()]);
					for (const pipeline of [DEFAULT_PIPELINE, RENEWALS]) {
						expect(index.options(pipeline, known)).toEqual(fresh.options(pipeline, known));
						for (const f of filters)
							expect(shape(index.columns(pipeline, known, f))).toEqual(
								shape(boardColumns(pipeline, known, [...current.values()], f))
							);
					}
				}
			)
		);
	});

	it('keeps a column the same object until its deals change', () => {
		const index = new BoardIndex([
			deal('a', { stage: 'won', expectedCloseAt: MARCH }),
			deal('b', { stage: 'won', expectedCloseAt: MARCH - DAY }),
			deal('c', { stage: 'lead' })
		]);
		const first = index.columns(DEFAULT_PIPELINE, known, NO_FILTERS);
		index.put('c', deal('c', { stage: 'qualified', amount: 5 }));
		const second = index.columns(DEFAULT_PIPELINE, known, NO_FILTERS);
		const at = (cols: typeof first, stage: string) => cols.find((c) => c.stage?.id === stage)!;
		expect(at(second, 'won')).toBe(at(first, 'won'));
		expect(at(second, 'won').deals.map((d) => d.id)).toEqual(['b', 'a']);
		expect(at(second, 'lead')).not.toBe(at(first, 'lead'));
		expect(at(second, 'lead').deals).toEqual([]);
		expect(at(second, 'qualified').totals).toEqual([{ currency: 'EUR', amount: 5 }]);
	});

	it('offers the months and organizations its deals have, the same list until they change', () => {
		const index = new BoardIndex([
			deal('a', { expectedCloseAt: MARCH, organizationId: 'o2', organizationName: 'Zeta' }),
			deal('b', {
				expectedCloseAt: MARCH + 40 * DAY,
				organizationId: 'o1',
				organizationName: 'Acme'
			}),
			deal('c', { pipelineId: 'r1', expectedCloseAt: MARCH - 40 * DAY, organizationId: 'o3' })
		]);
		const first = index.options(DEFAULT_PIPELINE, known);
		expect(first.months).toEqual(['2026-03', '2026-04']);
		expect(first.organizations).toEqual([
			{ id: 'o1', name: 'Acme' },
			{ id: 'o2', name: 'Zeta' }
		]);
		expect(index.options(RENEWALS, known)).toEqual({
			months: ['2026-01'],
			organizations: [{ id: 'o3', name: 'Unnamed' }]
		});
		// A move changes neither: the same list, so the filter bar is not drawn again.
		index.put('a', { ...index.row('a')!, stage: 'qualified' });
		expect(index.options(DEFAULT_PIPELINE, known)).toBe(first);
		// The last deal of April goes: April goes from the months.
		index.put('b', undefined);
		expect(index.options(DEFAULT_PIPELINE, known).months).toEqual(['2026-03']);
		// A renamed organization is offered by its new name.
		index.put('a', { ...index.row('a')!, organizationName: 'Zeta Ltd' });
		expect(index.options(DEFAULT_PIPELINE, known).organizations).toEqual([
			{ id: 'o2', name: 'Zeta Ltd' }
		]);
	});
});
