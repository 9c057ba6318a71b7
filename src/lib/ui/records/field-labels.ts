/**
 * Human labels of record fields: the form's input labels, the history lines and the presence
 * line ("Ada is editing First name") all say the same words.
 */
import {
	ORGANIZATION_FIELD_LABELS as DOMAIN_ORGANIZATION_LABELS,
	PERSON_FIELD_LABELS as DOMAIN_PERSON_LABELS,
	type CustomFieldDef
} from '$lib/domain/records';

/** The domain's labels, plus the fields only the data layer adds (notes, soft delete). */
export const PERSON_FIELD_LABELS: Record<string, string> = {
	...DOMAIN_PERSON_LABELS,
	notes: 'Notes'
};

export const ORGANIZATION_FIELD_LABELS: Record<string, string> = {
	...DOMAIN_ORGANIZATION_LABELS,
	notes: 'Notes'
};

/** Presence and history name custom fields `custom:<id>` (the data layer's key). */
export const customFieldKey = (id: string): string => `custom:${id}`;

export function fieldLabel(
	labels: Record<string, string>,
	defs: readonly CustomFieldDef[],
	field: string
): string {
	if (labels[field]) return labels[field];
	if (field.startsWith('file:')) return 'File';
	const customId = field.startsWith('custom:') ? field.slice('custom:'.length) : field;
	const def = defs.find((d) => d.id === customId);
	return def ? def.label : field;
}

/** History shows names, not ids: an owner's name, an organization's name. */
export function idValueDescriber(ctx: {
	memberName: (id: string) => string;
	organizationName?: (id: string) => string;
}): (field: string, value: unknown) => string | undefined {
	return (field, value) => {
		// An attached file's entry: its name.
		if (field.startsWith('file:') && typeof value === 'object' && value !== null)
			return String((value as { name?: unknown }).name ?? 'a file');
		if (typeof value !== 'string' || value === '') return undefined;
		if (field === 'ownerId') return ctx.memberName(value);
		if (field === 'organizationId') return ctx.organizationName?.(value);
		return undefined;
	};
}
