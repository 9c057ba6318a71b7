/** Segments: saved, shareable filters over any record type's rows (PRODUCT.md capability 7). */
export * from './definition';
export type { SegmentContext, SegmentPredicate, SegmentRow } from './context';
export type { TimeZone } from './dates';
export { resolveField, type ResolvedField } from './fields';
export { validateSegment, type SegmentProblem, type SegmentValidation } from './validate';
export {
	compileSegment,
	countRows,
	evaluateSegment,
	selectRows,
	type SegmentResult
} from './compile';
export { referenceMatches } from './reference';
