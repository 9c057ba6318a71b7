/** Which field a condition names, and of what type, given the workspace's custom fields. */
import type { CustomFieldDef } from '../records';
import { BUILTIN_FIELDS, customFieldId, type FieldType, type SegmentFields } from './definition';

export type ResolvedField =
	| { builtin: string; type: FieldType; label: string }
	| { customId: string; type: FieldType; label: string };

/** The field, or a sentence saying why it cannot be tested. `fields`: the row's own fields. */
export function resolveField(
	field: string,
	customFields: readonly CustomFieldDef[],
	fields: SegmentFields = BUILTIN_FIELDS
): ResolvedField | { problem: string } {
	if (Object.hasOwn(fields, field)) return { builtin: field, ...fields[field] };
	const id = customFieldId(field);
	if (id === null) return { problem: `there is no field "${field}"` };
	const def = customFields.find((d) => d.id === id);
	// Definitions sync on their own: a segment may arrive before the field it tests.
	if (!def) return { problem: `the custom field ${id} does not exist (any more)` };
	return { customId: id, type: def.type, label: def.label || id };
}
