import { describe, expect, it } from 'vitest';
import { evaluateSegment, type SegmentDef } from '../segments';
import { deal, emptyDeal, type DealFields } from './deal';
import { registryProblems } from './index';
import { testLookup } from './testing';

const lookup = testLookup({
	related: (field, id) => (field === 'organizationId' && id === 'o1' ? 'Acme' : '')
});

const fields = (patch: Partial<DealFields>): DealFields => ({ ...emptyDeal(), ...patch });

describe('deal: validation on read', () => {
	it('reads a well-formed deal as it is, without issues', () => {
		const stored = fields({
			name: 'Acme renewal',
			stage: 'proposal',
			amount: 12_000,
			currency: 'USD',
			expectedCloseAt: Date.UTC(2026, 2, 31),
			organizationId: 'o1',
			personId: 'p1',
			ownerId: 'm1',
			tags: ['q1']
		});
		expect(deal.validate(stored)).toEqual({ value: stored, issues: [] });
	});

	it('fills what an older peer did not write with the defaults, silently', () => {
		expect(deal.validate({ name: 'Pilot' })).toEqual({
			value: fields({ name: 'Pilot' }),
			issues: []
		});
	});

	it("shows a buggy peer's wrong types with a warning per field, keeping the raw value", () => {
		const { value, issues } = deal.validate({
			name: 42,
			stage: 'Closed Won',
			amount: '1 200,50',
			currency: 'usd',
			expectedCloseAt: '2026-03-31',
			organizationId: 7,
			tags: 'a, b'
		});
		expect(value).toMatchObject({
			name: '42',
			stage: 'won',
			amount: 1200.5,
			currency: 'USD',
			expectedCloseAt: Date.UTC(2026, 2, 31),
			organizationId: '7',
			tags: ['a', 'b']
		});
		expect(issues.map((i) => i.field).sort()).toEqual(
			['amount', 'currency', 'expectedCloseAt', 'name', 'organizationId', 'stage', 'tags'].sort()
		);
		expect(issues.find((i) => i.field === 'amount')).toMatchObject({ raw: '1 200,50' });
	});

	it('shows values it cannot read as empty or the default, and never throws', () => {
		const { value, issues } = deal.validate({
			stage: ['frozen'],
			amount: -5,
			currency: 'euro',
			expectedCloseAt: { when: 'soon' }
		});
		expect(value).toMatchObject({
			stage: 'lead',
			amount: null,
			currency: 'EUR',
			expectedCloseAt: null
		});
		expect(issues).toHaveLength(4);
		expect(deal.validate('garbage')).toMatchObject({ value: emptyDeal() });
		expect(deal.validate(null).issues).toHaveLength(1);
	});
});

describe('deal: row', () => {
	it('shows, sorts and searches name, stage, amount, organization, owner and close date', () => {
		const close = Date.UTC(2026, 5, 1);
		const row = deal.row(
			'd1',
			fields({
				name: 'Acme renewal',
				stage: 'negotiation',
				amount: 5000,
				expectedCloseAt: close,
				organizationId: 'o1',
				personId: 'p1',
				ownerId: 'm1',
				tags: ['vip']
			}),
			9,
			true,
			[],
			lookup
		);
		expect(row).toEqual({
			id: 'd1',
			name: 'Acme renewal',
			pipelineId: null,
			stage: 'negotiation',
			probability: null,
			amount: 5000,
			currency: 'EUR',
			expectedCloseAt: close,
			organizationId: 'o1',
			organizationName: 'Acme',
			personId: 'p1',
			ownerId: 'm1',
			tags: ['vip'],
			forecastCategory: null,
			lostReason: '',
			peopleIds: [],
			// No trail read (no 7th argument): created at its last edit, at its current stage.
			createdAt: 9,
			stageTrail: [[9, 'negotiation']],
			updatedAt: 9,
			hasIssues: true,
			search: row.search
		});
		for (const word of ['acme', 'renewal', 'negotiation', '5000', 'vip'])
			expect(row.search).toContain(word);
		expect(deal.displayName(fields({ name: 'Acme renewal' }))).toBe('Acme renewal');
	});

	it('lets segments test stage, amount and close date', () => {
		const rows = [
			deal.row('d1', fields({ name: 'A', stage: 'won', amount: 900 }), 1, false, [], lookup),
			deal.row('d2', fields({ name: 'B', stage: 'won', amount: 90 }), 1, false, [], lookup),
			deal.row('d3', fields({ name: 'C', stage: 'lost', amount: 900 }), 1, false, [], lookup)
		];
		const segment = {
			match: 'all',
			children: [
				{ field: 'stage', op: 'is_any_of', value: ['won'] },
				{ field: 'amount', op: 'gte', value: 500 },
				{ field: 'expectedCloseAt', op: 'is_empty' }
			]
		} as SegmentDef;
		const ctx = { customFields: [], now: 0, fields: deal.segmentFields };
		expect(evaluateSegment(rows, segment, ctx).rows.map((r) => r.id)).toEqual(['d1']);
	});

	it('is a consistent member of the registry', () => {
		expect(registryProblems()).toEqual([]);
	});
});

describe('deal: merge and duplicates', () => {
	it('keeps every value: empty fields filled, tags united, differing values as conflicts', () => {
		const keep = fields({ name: 'Renewal', stage: 'proposal', amount: null, tags: ['a'] });
		const other = fields({
			name: 'Renewal 2026',
			stage: 'won',
			amount: 300,
			currency: 'USD',
			ownerId: 'm2',
			tags: ['a', 'b']
		});
		const { merged, conflicts } = deal.merge(keep, other);
		expect(merged).toMatchObject({
			name: 'Renewal',
			stage: 'proposal',
			amount: 300,
			currency: 'USD',
			ownerId: 'm2',
			tags: ['a', 'b']
		});
		expect(conflicts).toEqual([
			{ field: 'name', kept: 'Renewal', other: 'Renewal 2026' },
			{ field: 'stage', kept: 'proposal', other: 'won' }
		]);
	});

	it('finds deals of one organization with the same name', () => {
		const row = (id: string, name: string, organizationId: string | null) =>
			deal.row(id, fields({ name, organizationId }), 1, false, [], lookup);
		const pairs = deal.duplicates.find([
			row('d1', 'Acme Renewal', 'o1'),
			row('d2', ' acme  renewal', 'o1'),
			row('d3', 'Acme renewal', 'o2'),
			row('d4', 'Pilot', 'o1'),
			row('d5', 'Pilot', null),
			row('d6', 'Pilot', null)
		]);
		expect(pairs.map((p) => [p.a, p.b])).toEqual([['d1', 'd2']]);
	});
});

describe('deal: pipelines, probability, people and reasons', () => {
	it('keeps any stage id, since the stage belongs to its pipeline (a peer’s newer stage too)', () => {
		const stored = fields({
			pipelineId: 'renewals',
			stage: 'k3v9x2',
			probability: 35,
			people: [
				{ personId: 'p1', role: 'decision maker' },
				{ personId: 'p2', role: 'influencer' }
			],
			source: 'Referral',
			lostReason: ''
		});
		expect(deal.validate(stored)).toEqual({
			value: { ...stored, peopleIds: ['p1', 'p2'] },
			issues: []
		});
	});

	it('reads a forecast category, absent in older deals, and lists the people involved by id', () => {
		expect(deal.validate({ name: 'Old' }).value.forecastCategory).toBeNull();
		expect(deal.validate({ forecastCategory: 'commit' }).value.forecastCategory).toBe('commit');
		const { value, issues } = deal.validate({ forecastCategory: 'maybe', peopleIds: ['x'] });
		expect(value.forecastCategory).toBeNull();
		expect(value.peopleIds).toEqual([]); // derived from the people, never read as stored
		expect(issues.map((i) => i.field)).toEqual(['forecastCategory']);
	});

	it('reads a deal written before pipelines as in the default pipeline at its stage', () => {
		const { value, issues } = deal.validate({ name: 'Old', stage: 'proposal', amount: 10 });
		expect(value).toMatchObject({ pipelineId: null, stage: 'proposal', probability: null });
		expect(value.people).toEqual([]);
		expect(issues).toEqual([]);
	});

	it('warns of a probability outside 0–100 and of malformed people, keeping what it can', () => {
		const { value, issues } = deal.validate({
			probability: 140,
			people: [{ personId: 'p1', role: 'boss' }, { personId: 'p1', role: 'user' }, 'x']
		});
		expect(value.probability).toBeNull();
		expect(value.people).toEqual([{ personId: 'p1', role: 'other' }]);
		expect(issues.map((i) => i.field).sort()).toEqual(['people', 'probability']);
		expect(deal.validate({ probability: 33.4 }).value.probability).toBe(33);
	});

	it('reads line items as an order’s lines, fixing or leaving out a buggy peer’s line', () => {
		const line = {
			productId: 'pr1',
			sku: 'W-1',
			name: 'Widget',
			category: '',
			quantity: 2,
			price: 10,
			discount: 0
		};
		expect(deal.validate(fields({ lines: [line] })).issues).toEqual([]);
		const { value, issues } = deal.validate({ lines: [line, { quantity: 0 }] });
		expect(value.lines).toEqual([line]);
		expect(issues.map((i) => i.field)).toEqual(['lines']);
	});

	it('merges the people of both, each once', () => {
		const keep = fields({ name: 'A', people: [{ personId: 'p1', role: 'user' }] });
		const other = fields({
			name: 'A',
			people: [
				{ personId: 'p1', role: 'champion' },
				{ personId: 'p2', role: 'blocker' }
			]
		});
		expect(deal.merge(keep, other).merged.people).toEqual([
			{ personId: 'p1', role: 'user' },
			{ personId: 'p2', role: 'blocker' }
		]);
	});
});
