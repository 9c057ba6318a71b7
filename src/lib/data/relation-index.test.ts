import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelationIndex, type Targets } from './relation-index';
import { RELATIONS, interaction } from '$lib/domain/record-types';

const relation = RELATIONS.find((r) => r.from === interaction && r.field === 'personIds')!;
const SOURCES = ['i1', 'i2', 'i3', 'i4'];
const TARGETS = ['p1', 'p2', 'p3'];

/** What a source row may hold: none, one id, several (with repeats and blanks, as a buggy peer). */
const targets: fc.Arbitrary<Targets> = fc.oneof(
	fc.constantFrom(null, undefined, ''),
	fc.constantFrom(...TARGETS),
	fc.array(fc.constantFrom(...TARGETS, ''), { maxLength: 3 })
);

function listed(value: Targets): string[] {
	if (!value) return [];
	return (typeof value === 'string' ? [value] : value).filter((t) => t !== '');
}

describe('RelationIndex', () => {
	it('answers as the rows say after any sequence of changes, and tells whom they touched', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom(...SOURCES), targets), { maxLength: 40 }),
				(changes) => {
					const index = new RelationIndex(relation);
					const rows = new Map<string, Targets>();
					for (const [id, value] of changes) {
						const before = new Set(listed(rows.get(id)));
						rows.set(id, value);
						const after = new Set(listed(value));
						const touched = new Set<string>();
						index.update([id], (source) => rows.get(source), touched);
						const moved = [...before, ...after].filter((t) => before.has(t) !== after.has(t));
						expect([...touched].sort()).toEqual([...new Set(moved)].sort());
					}
					for (const target of TARGETS) {
						const expected = SOURCES.filter((s) => listed(rows.get(s)).includes(target));
						expect([...index.sourcesOf(target)].sort()).toEqual(expected);
						const each: string[] = [];
						index.forEachSource(target, (id) => each.push(id));
						expect(each.sort()).toEqual(expected);
						expect(index.count(target)).toBe(expected.length);
					}
					for (const source of SOURCES)
						expect(index.targetsOfSource(source)).toEqual(listed(rows.get(source)));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('a record pointed at by one, then two, then one again', () => {
		const index = new RelationIndex(relation);
		const rows = new Map<string, Targets>([['i1', ['p1']]]);
		const update = (id: string) => index.update([id], (s) => rows.get(s), new Set());
		update('i1');
		expect([...index.sourcesOf('p1')]).toEqual(['i1']);
		rows.set('i2', 'p1');
		update('i2');
		expect([...index.sourcesOf('p1')].sort()).toEqual(['i1', 'i2']);
		rows.set('i1', null);
		update('i1');
		expect([...index.sourcesOf('p1')]).toEqual(['i2']);
		expect(index.count('p1')).toBe(1);
		expect(index.targetsOfSource('i1')).toEqual([]);
		rows.delete('i2');
		update('i2');
		expect(index.count('p1')).toBe(0);
		expect(index.sourcesOf('p1').size).toBe(0);
	});
});
