/** Reading saved segments a peer stored: good ones by name, anything else broken with why. */
import { describe, expect, it } from 'vitest';
import { person } from '../record-types';
import { readSavedSegments, segmentNameProblem } from './saved';

const FIELDS = person.segmentFields;
const def = { match: 'all', children: [{ field: 'city', op: 'is', value: 'Berlin' }] };

describe('saved segments', () => {
	it('read good values by name and list broken ones with the reason', () => {
		const { segments, broken } = readSavedSegments(
			[
				[
					's2',
					{ name: 'Zurich', def, createdBy: 'm1', createdAt: 5, updatedBy: 'm1', updatedAt: 6 }
				],
				['s1', { name: ' Berlin ', def }],
				['s3', 'garbage'],
				['s4', { name: 'Bad', def: { match: 'some', children: [] } }],
				['s5', { name: '', def }],
				[
					's6',
					{
						name: 'Unknown field',
						def: { match: 'all', children: [{ field: 'x', op: 'is', value: 'y' }] }
					}
				]
			],
			FIELDS
		);
		expect(segments.map((s) => [s.id, s.name])).toEqual([
			['s1', 'Berlin'],
			['s2', 'Zurich']
		]);
		expect(segments[0]).toMatchObject({ createdBy: '', createdAt: 0 });
		expect(broken.map((b) => b.id)).toEqual(['s3', 's4', 's5', 's6']);
		expect(broken[0].problem).toMatch(/stored as/);
		expect(broken[1].problem).toMatch(/"all" or "any"/);
		expect(broken[2].problem).toBe('it has no name');
		expect(broken[3].problem).toMatch(/no field "x"/);
	});

	it('refuse empty, too long and taken names', () => {
		const { segments } = readSavedSegments([['s1', { name: 'Berlin', def }]], FIELDS);
		expect(segmentNameProblem('  ', segments, null)).toBe('Give the segment a name.');
		expect(segmentNameProblem('x'.repeat(81), segments, null)).toMatch(/at most 80/);
		expect(segmentNameProblem('berlin', segments, null)).toMatch(/already a segment/);
		expect(segmentNameProblem('berlin', segments, 's1')).toBeNull();
	});
});
