/**
 * Where an imported column goes: the vocabulary shared by the mapping suggestions, the
 * mapping screen and the row converter.
 */
import type { CustomFieldDef } from '../records';

export type ImportEntity = 'person' | 'organization';

/** Single-valued text fields (and the lists tags and interests, split from one cell). */
export type PlainField =
	| 'firstName'
	| 'middleName' // no field of its own: appended to the first name
	| 'lastName'
	| 'fullName' // split into first and last name when those are empty
	| 'title'
	| 'organization' // a person's organization, by name; the caller finds or creates it
	| 'decisionRole'
	| 'kind'
	| 'source'
	| 'notes'
	| 'consent'
	| 'tags'
	| 'interests'
	| 'name' // an organization's name
	| 'website'
	| 'industry';

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

export const PERSON_FIELDS: PlainField[] = [
	'firstName',
	'middleName',
	'lastName',
	'fullName',
	'title',
	'organization',
	'decisionRole',
	'kind',
	'source',
	'notes',
	'consent',
	'tags',
	'interests'
];

export const ORGANIZATION_FIELDS: PlainField[] = [
	'name',
	'kind',
	'website',
	'industry',
	'source',
	'notes',
	'tags'
];

const FIELD_NAMES: Record<PlainField, string> = {
	firstName: 'First name',
	middleName: 'Middle name (added to the first name)',
	lastName: 'Last name',
	fullName: 'Full name (split into first and last)',
	title: 'Job title',
	organization: 'Organization (by name)',
	decisionRole: 'Decision role',
	kind: 'Relationship',
	source: 'Source',
	notes: 'Notes',
	consent: 'Marketing consent',
	tags: 'Tags',
	interests: 'Interests',
	name: 'Name',
	website: 'Website',
	industry: 'Industry'
};

const PART_NAMES: Record<AddressPart, string> = {
	street: 'street',
	city: 'city',
	region: 'region',
	postcode: 'postcode',
	country: 'country',
	label: 'label'
};

/** What the mapping screen shows for a target. */
export function describeTarget(t: MappingTarget, customDefs: CustomFieldDef[]): string {
	switch (t.type) {
		case 'ignore':
			return 'Do not import';
		case 'field':
			return FIELD_NAMES[t.field];
		case 'email':
			return `E-mail ${t.index + 1} (${t.label})`;
		case 'emailLabel':
			return `E-mail ${t.index + 1} label`;
		case 'phone':
			return `Phone ${t.index + 1} (${t.label})`;
		case 'phoneLabel':
			return `Phone ${t.index + 1} label`;
		case 'address':
			return `Address ${t.index + 1} (${t.label}) ${PART_NAMES[t.part]}`;
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
 * The targets a column can be set to on the mapping screen: every field of the entity, the
 * entity's custom fields, and e-mail, phone and address slots up to the given counts.
 */
export function targetChoices(
	entity: ImportEntity,
	customDefs: CustomFieldDef[],
	slots: { emails: number; phones: number; addresses: number } = {
		emails: 3,
		phones: 3,
		addresses: 2
	}
): MappingTarget[] {
	const fields = entity === 'person' ? PERSON_FIELDS : ORGANIZATION_FIELDS;
	const out: MappingTarget[] = [{ type: 'ignore' }];
	for (const field of fields) out.push({ type: 'field', field });
	for (let i = 0; i < slots.emails; i++) {
		out.push({ type: 'email', index: i, label: i === 0 ? 'work' : 'other' });
		out.push({ type: 'emailLabel', index: i });
	}
	for (let i = 0; i < slots.phones; i++) {
		out.push({ type: 'phone', index: i, label: i === 0 ? 'work' : 'mobile' });
		out.push({ type: 'phoneLabel', index: i });
	}
	for (let i = 0; i < slots.addresses; i++) {
		const label = i === 0 ? 'work' : 'home';
		for (const part of Object.keys(PART_NAMES) as AddressPart[]) {
			out.push({ type: 'address', index: i, label, part });
		}
	}
	for (const def of [...customDefs].sort((a, b) => a.order - b.order)) {
		if (def.entity === entity) out.push({ type: 'custom', defId: def.id });
	}
	out.push({ type: 'noteLine' });
	return out;
}
