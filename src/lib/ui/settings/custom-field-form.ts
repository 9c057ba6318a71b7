/** Checks what the "add custom field" form holds before it reaches the workspace. */
import { CUSTOM_FIELD_TYPES, type CustomFieldDef, type CustomFieldType } from '$lib/domain/records';
import { recordType, type RecordTypeName } from '$lib/domain/record-types';
import { renamedOption } from '$lib/domain/custom-fields';

export interface CustomFieldInput {
	label: string;
	type: string;
	options: string;
	entity: string;
}

export type CustomFieldDraft = Omit<CustomFieldDef, 'id' | 'order'>;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_LABEL = 60;

/** What each custom field type is called on screen (the stored names are internal). */
export const CUSTOM_FIELD_TYPE_NAMES: Readonly<Record<CustomFieldType, string>> = {
	text: 'Text',
	number: 'Number',
	date: 'Date',
	choice: 'Choice (one of a list)',
	'multi-choice': 'Multiple choice (several of a list)',
	boolean: 'Yes/no'
};

/** A type's name on screen; a newer peer's type shows as stored. */
export function customFieldTypeName(type: string): string {
	return (CUSTOM_FIELD_TYPE_NAMES as Record<string, string>)[type] ?? type;
}

/** "a, b ,, a" → ["a", "b"]: trimmed, no empties, first spelling of a repeat wins. */
export function parseOptions(text: string): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const raw of text.split(',')) {
		const option = raw.trim();
		if (!option || seen.has(option.toLowerCase())) continue;
		seen.add(option.toLowerCase());
		out.push(option);
	}
	return out;
}

export function needsOptions(type: string): boolean {
	return type === 'choice' || type === 'multi-choice';
}

/** A field label must be present, short, and unique among the entity's other fields. */
export function checkLabel(
	label: string,
	entity: CustomFieldDef['entity'],
	existing: readonly CustomFieldDef[],
	exceptId?: string
): Checked<string> {
	const trimmed = label.trim();
	if (!trimmed) return { ok: false, message: 'Give the field a label.' };
	if (trimmed.length > MAX_LABEL)
		return { ok: false, message: `Keep the label under ${MAX_LABEL} characters.` };
	const clash = existing.find(
		(d) =>
			d.entity === entity && d.id !== exceptId && d.label.toLowerCase() === trimmed.toLowerCase()
	);
	if (clash) return { ok: false, message: `There is already a field called “${clash.label}”.` };
	return { ok: true, value: trimmed };
}

export function checkCustomField(
	input: CustomFieldInput,
	existing: readonly CustomFieldDef[]
): Checked<CustomFieldDraft> {
	if (!recordType(input.entity))
		return { ok: false, message: 'Choose which records the field applies to.' };
	const entity = input.entity as RecordTypeName;
	if (!(CUSTOM_FIELD_TYPES as readonly string[]).includes(input.type))
		return { ok: false, message: 'Choose a field type.' };
	const label = checkLabel(input.label, entity, existing);
	if (!label.ok) return label;
	const type = input.type as CustomFieldType;
	const options = needsOptions(type) ? parseOptions(input.options) : [];
	if (needsOptions(type) && options.length === 0)
		return { ok: false, message: 'List the choices, separated by commas.' };
	return { ok: true, value: { entity, label: label.value, type, options } };
}

export interface OptionEdit {
	options: string[];
	renames: { from: string; to: string }[];
}

/**
 * The choices after an edit: `edited[i]` is what the box of `current[i]` holds now (changed: a
 * rename, empty: removed), `added` new choices separated by commas. At least one choice, no two
 * alike (case does not count).
 */
export function checkOptionEdits(
	current: readonly string[],
	edited: readonly string[],
	added: string,
	renamed?: Readonly<Record<string, string>>
): Checked<OptionEdit> {
	const options: string[] = [];
	const renames: OptionEdit['renames'] = [];
	const seen = new Set<string>();
	const take = (option: string, from?: string): string | null => {
		const key = option.toLowerCase();
		if (seen.has(key)) return `“${option}” is there twice: give each choice its own name.`;
		// Records that kept an old name mean the option it became: that name stays taken.
		const meant = renamedOption(renamed, option);
		if (meant !== null && meant.toLowerCase() !== (from ?? option).toLowerCase())
			return `“${option}” was the name of “${meant}”, and records that kept it mean “${meant}”: choose another name.`;
		seen.add(key);
		options.push(option);
		return null;
	};
	for (let i = 0; i < current.length; i++) {
		const now = (edited[i] ?? current[i]).trim();
		if (now === '') continue;
		const clash = take(now, current[i]);
		if (clash) return { ok: false, message: clash };
		if (now === current[i]) continue;
		// A swap (A → B while B → A) would read as one rename undoing the other: two steps.
		const other = current.find((c, j) => j !== i && c.toLowerCase() === now.toLowerCase());
		if (other)
			return { ok: false, message: `“${other}” is another choice's name: rename that one first.` };
		renames.push({ from: current[i], to: now });
	}
	for (const option of parseOptions(added)) {
		const clash = take(option);
		if (clash) return { ok: false, message: clash };
	}
	if (options.length === 0) return { ok: false, message: 'Keep at least one choice.' };
	return { ok: true, value: { options, renames } };
}
