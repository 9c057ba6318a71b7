import { describe, expect, it } from 'vitest';
import { emptyOrganization, emptyPerson } from '../records';
import { evaluateSegment, validateSegment, type SegmentDef } from '../segments';
import {
	RECORD_TYPES,
	deal,
	order,
	organization,
	person,
	product,
	request,
	task,
	recordType,
	recordTypeOfCollection,
	registryProblems,
	relationsTo
} from './index';
import { testLookup } from './testing';

const lookup = testLookup({
	related: (field, id) => (field === 'organizationId' && id === 'o1' ? 'Acme' : ''),
	count: (reverse, id) => (reverse === 'people' && id === 'o1' ? 3 : 0)
});

describe('record type registry', () => {
	it('has consistent declarations', () => {
		expect(registryProblems()).toEqual([]);
	});

	it('reads a field left out as null (a settled record’s snapshot leaves nulls out)', () => {
		for (const type of RECORD_TYPES) {
			const record = type.empty() as unknown as Record<string, unknown>;
			const nulls = Object.keys(record).filter((key) => record[key] === null);
			const without = Object.fromEntries(nulls.map((key) => [key, undefined]));
			expect(type.validate({ ...record, ...without }, []), type.name).toEqual(
				type.validate(record, [])
			);
		}
	});

	it('finds types by name and by collection', () => {
		expect(recordType('person')).toBe(person);
		expect(recordTypeOfCollection('organizations')).toBe(organization);
		expect(recordType('deal')).toBe(deal);
		expect(recordType('task')).toBe(task);
		expect(recordTypeOfCollection('requests')).toBe(request);
		expect(recordTypeOfCollection('products')).toBe(product);
		expect(recordType('order')).toBe(order);
		expect(recordType('newsletter')).toBeUndefined();
		expect(recordTypeOfCollection('campaigns')?.name).toBe('campaign');
		expect(RECORD_TYPES.map((t) => t.collection)).toEqual([
			'organizations',
			'people',
			'products',
			'deals',
			'orders',
			'requests',
			'interactions',
			'tasks',
			'goals',
			'campaigns',
			'dashboards'
		]);
	});

	it('derives the relations pointing at a type', () => {
		expect(relationsTo(organization).map((r) => [r.from.name, r.field])).toEqual([
			['person', 'organizationId'],
			['deal', 'organizationId'],
			['order', 'organizationId'],
			['request', 'organizationId'],
			['interaction', 'organizationId'],
			['task', 'organizationId']
		]);
		expect(relationsTo(person).map((r) => [r.from.name, r.field])).toEqual([
			['deal', 'personId'],
			['deal', 'peopleIds'],
			['order', 'personId'],
			['request', 'requesterId'],
			['interaction', 'personIds'],
			['task', 'personId']
		]);
	});

	it('links tasks and interactions to a service request', () => {
		expect(relationsTo(request).map((r) => [r.from.name, r.field, r.reverse])).toEqual([
			['interaction', 'requestId', 'interactions'],
			['task', 'requestId', 'tasks']
		]);
	});

	it('reports a relation to an unknown or later type', () => {
		const deal = { ...person, name: 'deal', collection: 'deals' };
		const orphan = {
			...deal,
			relations: [{ ...person.relations[0], to: 'pipeline' }]
		};
		expect(registryProblems([organization, person, orphan])).toEqual([
			'deal.organizationId points at unknown type "pipeline"'
		]);
		expect(registryProblems([person, organization])).toEqual([
			'organization must come before person'
		]);
	});

	it('builds rows through the lookup', () => {
		const fields = {
			...emptyPerson(),
			firstName: 'Ada',
			lastName: 'Lovelace',
			organizationId: 'o1'
		};
		const row = person.row('p1', fields, 5, false, [], lookup);
		expect(row).toMatchObject({ id: 'p1', name: 'Ada Lovelace', organizationName: 'Acme' });
		expect(row.search).toContain('acme');
		const org = organization.row(
			'o1',
			{ ...emptyOrganization(), name: 'Acme' },
			5,
			true,
			[],
			lookup
		);
		expect(org).toMatchObject({ name: 'Acme', peopleCount: 3, hasIssues: true });
	});

	it('names records', () => {
		expect(person.displayName({ ...emptyPerson(), firstName: 'Ada' })).toBe('Ada');
		expect(organization.displayName({ ...emptyOrganization(), name: 'Acme' })).toBe('Acme');
	});
});

describe('segments over a declared type', () => {
	it('test the fields the type declares, and refuse the others', () => {
		const rows = [
			organization.row(
				'o1',
				{ ...emptyOrganization(), name: 'Acme', industry: 'Rail' },
				1,
				false,
				[],
				lookup
			),
			organization.row(
				'o2',
				{ ...emptyOrganization(), name: 'Bolt', industry: 'Air' },
				1,
				false,
				[],
				lookup
			)
		];
		const ctx = { customFields: [], now: 0, fields: organization.segmentFields };
		const rail = { match: 'all', children: [{ field: 'industry', op: 'is', value: 'rail' }] };
		expect(validateSegment(rail, [], organization.segmentFields).ok).toBe(true);
		expect(evaluateSegment(rows, rail as SegmentDef, ctx).rows.map((r) => r.id)).toEqual(['o1']);
		const many = { match: 'all', children: [{ field: 'peopleCount', op: 'gte', value: 3 }] };
		expect(evaluateSegment(rows, many as SegmentDef, ctx).count).toBe(1);
		const byTitle = { match: 'all', children: [{ field: 'title', op: 'is_empty' }] };
		expect(validateSegment(byTitle, [], organization.segmentFields).ok).toBe(false);
		expect(validateSegment(byTitle, [], person.segmentFields).ok).toBe(true);
	});
});
