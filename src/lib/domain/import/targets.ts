/**
 * Where an imported column goes: the vocabulary shared by the mapping suggestions, the
 * mapping screen and the row converter.
 */
import type { CustomFieldDef } from '../records';
import { RECORD_TYPES, type AnyRecordType, type ImportDeclaration } from '../record-types';

/** A record type that declares how files become its records. */
export type ImportableType = AnyRecordType & { readonly import: ImportDeclaration };

/** The name of a type the import offers: what crosses to the worker and back. */
export type ImportEntity = string;

/** The types the import offers, in their declared order (the first is the default). */
export function importableTypes(types: readonly AnyRecordType[] = RECORD_TYPES): ImportableType[] {
	return types
		.filter((t): t is ImportableType => t.import !== undefined)
		.sort((a, b) => a.import.order - b.import.order);
}

/** The importable type of that name, or undefined. */
export function importableType(
	name: string,
	types: readonly AnyRecordType[] = RECORD_TYPES
): ImportableType | undefined {
	return importableTypes(types).find((t) => t.name === name);
}

/** The key of a field in the type's import section (a person's 'firstName', …). */
export type PlainField = string;

export type AddressPart = 'street' | 'city' | 'region' | 'postcode' | 'country' | 'label';

export type MappingTarget =
	| { type: 'ignore' }
	| { type: 'field'; field: PlainField }
	/** The index-th e-mail; `label` is used unless an emailLabel column gives one. */
	| { type: 'email'; index: number; label: string }
	| { type: 'emailLabel'; index: number }
	| { type: 'phone'; index: number; label: string }
	| { type: 'phoneLabel'; index: number }
	| { type: 'address'; index: number; label: string; part: AddressPart }
	/** Kept as a line "Header: value" in the notes (for columns with no field of their own). */
	| { type: 'noteLine' }
	| { type: 'custom'; defId: string };

export interface ColumnMapping {
	column: number; // index into the row
	header: string;
	target: MappingTarget;
}

const PART_NAMES: Record<AddressPart, string> = {
	street: 'street',
	city: 'city',
	region: 'region',
	postcode: 'postcode',
	country: 'country',
	label: 'label'
};

/** What the mapping screen shows for a target. */
export function describeTarget(
	t: MappingTarget,
	customDefs: CustomFieldDef[],
	type: ImportableType
): string {
	switch (t.type) {
		case 'ignore':
			return 'Do not import';
		case 'field':
			return type.import.fields.find((f) => f.key === t.field)?.label ?? t.field;
		// A slot is named by the label its value is stored with, not by its position: Outlook's
		// "Business Phone" read "Phone 8 (mobile)" though it was stored as a work phone.
		case 'email':
			return `E-mail (${t.label})`;
		case 'emailLabel':
			return `E-mail ${t.index + 1} label`;
		case 'phone':
			return `Phone (${t.label})`;
		case 'phoneLabel':
			return `Phone ${t.index + 1} label`;
		case 'address':
			return `Address (${t.label}) ${PART_NAMES[t.part]}`;
		case 'noteLine':
			return 'A line in the notes';
		case 'custom': {
			const def = customDefs.find((d) => d.id === t.defId);
			return def ? def.label : 'A deleted custom field';
		}
	}
}

/** A stable string for a target: a <select> value, a key for comparing targets. */
export function targetKey(t: MappingTarget): string {
	switch (t.type) {
		case 'ignore':
		case 'noteLine':
			return t.type;
		case 'field':
			return t.field;
		case 'email':
			return `emails[${t.index}]`;
		case 'emailLabel':
			return `emails[${t.index}].label`;
		case 'phone':
			return `phones[${t.index}]`;
		case 'phoneLabel':
			return `phones[${t.index}].label`;
		case 'address':
			return `addresses[${t.index}].${t.part}`;
		case 'custom':
			return `custom:${t.defId}`;
	}
}

/**
 * The targets a column can be set to on the mapping screen: every field the type imports, its
 * custom fields, e-mail, phone and address slots up to the given counts (for a type with
 * contacts), and a line in the notes. A slot the current mapping uses is offered as it is
 * mapped (Outlook's "Business Phone" in slot 8 is a work phone), so what the screen shows
 * and what choosing it stores are the mapping's own label.
 */
export function targetChoices(
	type: ImportableType,
	customDefs: CustomFieldDef[],
	slots: { emails: number; phones: number; addresses: number } = {
		emails: 3,
		phones: 3,
		addresses: 2
	},
	current: readonly ColumnMapping[] = []
): MappingTarget[] {
	const used = new Map(current.map((m) => [targetKey(m.target), m.target]));
	return slotChoices(type, customDefs, slots).map((t) => used.get(targetKey(t)) ?? t);
}

/**
 * The choices with what the screen shows of each: a text that would repeat (two phone slots
 * labelled "mobile") is numbered from its second ("Phone (mobile) 2"), so options differ.
 */
export function describeChoices(
	choices: readonly MappingTarget[],
	customDefs: CustomFieldDef[],
	type: ImportableType
): { key: string; label: string }[] {
	const described = choices.map((t) => ({
		key: targetKey(t),
		label: describeTarget(t, customDefs, type)
	}));
	const total = new Map<string, number>();
	for (const d of described) total.set(d.label, (total.get(d.label) ?? 0) + 1);
	const seen = new Map<string, number>();
	return described.map((d) => {
		if ((total.get(d.label) ?? 0) < 2) return d;
		const n = (seen.get(d.label) ?? 0) + 1;
		seen.set(d.label, n);
		return { key: d.key, label: n === 1 ? d.label : `${d.label} ${n}` };
	});
}

function slotChoices(
	type: ImportableType,
	customDefs: CustomFieldDef[],
	slots: { emails: number; phones: number; addresses: number }
): MappingTarget[] {
	const out: MappingTarget[] = [{ type: 'ignore' }];
	for (const field of type.import.fields) out.push({ type: 'field', field: field.key });
	const contacts = type.import.contacts;
	for (let i = 0; contacts && i < slots.emails; i++) {
		out.push({ type: 'email', index: i, label: i === 0 ? 'work' : 'other' });
		out.push({ type: 'emailLabel', index: i });
	}
	for (let i = 0; contacts && i < slots.phones; i++) {
		out.push({ type: 'phone', index: i, label: i === 0 ? 'work' : 'mobile' });
		out.push({ type: 'phoneLabel', index: i });
	}
	for (let i = 0; contacts && i < slots.addresses; i++) {
		const label = i === 0 ? 'work' : 'home';
		for (const part of Object.keys(PART_NAMES) as AddressPart[]) {
			out.push({ type: 'address', index: i, label, part });
		}
	}
	for (const def of [...customDefs].sort((a, b) => a.order - b.order)) {
		if (def.entity === type.name) out.push({ type: 'custom', defId: def.id });
	}
	if (takesNotes(type)) out.push({ type: 'noteLine' });
	return out;
}

/** Whether the type keeps columns with no field of their own as lines in its notes. */
export function takesNotes(type: ImportableType): boolean {
	return type.import.fields.some((f) => f.key === 'notes');
}
