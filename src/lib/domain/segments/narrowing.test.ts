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
				let current = rs;
				for (const [n, def] of defs.entries()) {
					// Now and then the rows change (an edit elsewhere): earlier answers no longer hold.
					if (n % 3 === 2) current = current.slice(1);
					// Typing: each definition also tried letter by letter, then taken back.
					const name = def.children[0] as { value: string };
					const lengths = [...name.value].map((_, i) => i + 1);
					for (const i of [0, ...lengths, ...lengths.reverse().slice(1), 0]) {
						const d = structuredClone(def);
						(d.children[0] as { value: string }).value = name.value.slice(0, i);
						expect(live.evaluate(current, d, ctx)).toEqual(current.filter(compileSegment(d, ctx)));
					}
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('answers a letter taken back from what it knew, testing no row again', () => {
		let reads = 0;
		const names = ['maria', 'mario', 'marek', 'anna', 'jan', 'maja'];
		const people = Array.from({ length: 1000 }, (_, i) => {
			const row = { id: String(i), kind: 'client', city: '', name: '' };
			const name = `${names[i % names.length]} ${i}`;
			return Object.defineProperty(row, 'name', {
				get: () => (reads++, name),
				enumerable: true
			});
		});
		const byName = (value: string): SegmentDef => ({
			match: 'all',
			children: [{ field: 'name', op: 'contains', value }]
		});
		const live = new NarrowingEvaluator<(typeof people)[number]>();
		const typing = ['m', 'ma', 'mar', 'mari', 'maria'];
		for (const typed of typing) live.evaluate(people, byName(typed), ctx);
		reads = 0;
		const back = live.evaluate(people, byName('mari'), ctx);
		expect(reads).toBe(0);
		expect(back.map((p) => p.id)).toEqual(
			people.filter(compileSegment(byName('mari'), ctx)).map((p) => p.id)
		);
		// A text never asked for, after a longer one pasted: narrowed from a shorter one typed.
		const pasted = new NarrowingEvaluator<(typeof people)[number]>();
		const ma = pasted.evaluate(people, byName('ma'), ctx).length;
		pasted.evaluate(people, byName('mario'), ctx);
		reads = 0;
		const mar = pasted.evaluate(people, byName('mar'), ctx);
		expect(reads).toBe(ma);
		expect(mar.length).toBe(people.filter(compileSegment(byName('mar'), ctx)).length);
	});
});
