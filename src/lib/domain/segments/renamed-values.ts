/**
 * A custom choice condition saved before one of its options was renamed names the old label:
 * it means the option, as the rows (read through the renames) now show it.
 */
import { renamedOption } from '../custom-fields';
import type { SegmentContext } from './context';
import type { SegmentCondition } from './definition';
import type { ResolvedField } from './fields';

export function renamedValues(
	cond: SegmentCondition,
	field: ResolvedField,
	ctx: SegmentContext
): SegmentCondition {
	if (!('customId' in field) || !('value' in cond) || !Array.isArray(cond.value)) return cond;
	const def = ctx.customFields.find((d) => d.id === field.customId);
	if (!def?.renamed) return cond;
	const value = (cond.value as (string | null)[]).map((v) =>
		v === null ? v : (renamedOption(def.renamed, v) ?? v)
	);
	return { ...cond, value } as SegmentCondition;
}
