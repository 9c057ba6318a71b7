/** Narrowing the last matches gives exactly what a full pass gives, keystroke after keystroke. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { person } from '../record-types';
import type { SegmentContext } from './context';
import { compileSegment } from './compile';
import type { SegmentDef } from './definition';
import { NarrowingEvaluator, narrows } from './narrowing';

const ctx: SegmentContext = { fields: person.segmentFields, customFields: [], now: 0 };
const text = fc
	.array(fc.constantFrom('a', 'b', 'É', 'e', 'ß', 's', ' '), { maxLength: 6 })
	.map((c) => c.join(''));
const rows = fc.array(
	fc.record({ id: fc.string(), name: text, city: text, kind: fc.constantFrom('client', 'lead') }),
	{ maxLength: 30 }
);
const step: fc.Arbitrary<SegmentDef> = fc
	.tuple(
		fc.constantFrom('contains', 'starts_with', 'is'),
		text,
		fc.constantFrom('all', 'any'),
		fc.boolean()
	)
	.map(([op, value, match, withKind]) => ({
		match: match as 'all' | 'any',
		children: [
			{ field: 'name', op, value } as SegmentDef['children'][number],
			...(withKind ? [{ field: 'kind', op: 'is_any_of' as const, value: ['client'] }] : [])
		]
	}));

describe('narrowing the live count', () => {
	it('knows a text that grew narrows, and a changed one does not', () => {
		const c = (value: string) => ({
			match: 'all' as const,
			children: [{ field: 'name', op: 'contains' as const, value }]
		});
		expect(narrows(c('mar'), c('mari'))).toBe(true);
		expect(narrows(c('Mar'), c('xmári'))).toBe(true);
		expect(narrows(c('mari'), c('mar'))).toBe(false);
		expect(narrows(c('mar'), { ...c('mar'), match: 'any' })).toBe(false);
		const added = { match: 'all' as const, children: [...c('mar').children, c('x').children[0]] };
		expect(narrows(c('mar'), added)).toBe(true);
		expect(narrows({ ...c('mar'), match: 'any' }, { ...added, match: 'any' })).toBe(false);
	});

	it('equals a full evaluation after any sequence of edits (property)', () => {
		fc.assert(
			fc.property(rows, fc.array(step, { minLength: 1, maxLength: 12 }), (rs, defs) => {
				const live = new NarrowingEvaluator<(typeof rs)[number]>();
				for (const def of defs) {
					// Typing: each definition also tried letter by letter.
					const name = def.children[0] as { value: string };
					for (let i = 0; i <= name.value.length; i++) {
						const d = structuredClone(def);
						(d.children[0] as { value: string }).value = name.value.slice(0, i);
						expect(live.evaluate(rs, d, ctx)).toEqual(rs.filter(compileSegment(d, ctx)));
					}
				}
			}),
			{ numRuns: 300 }
		);
	});
});
