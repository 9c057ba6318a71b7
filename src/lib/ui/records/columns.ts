/**
 * The columns of the people and organization lists. Each column knows its sort key (a row
 * property, as sortRows expects), its width and the text of its cells.
 */
import type { CustomFieldDef } from '$lib/domain/records';
import { formatCustomValue } from '$lib/domain/custom-fields';
import type { OrganizationRow, PersonRow } from '$lib/data/types';

export interface Column<T> {
	/** Sort key: a row property, or `custom:<id>` for a custom field. */
	key: string;
	label: string;
	/** Minimum width in pixels; the last column takes the remaining space. */
	width: number;
	text: (row: T) => string;
	/** What sorting compares when the text will not do (numbers, names for ids). */
	sortValue?: (row: T) => unknown;
	/** The cell can be edited in place (EditableCell.svelte); left out, it is text. */
	edit?: CellEdit<T>;
	/** Not shown until the user picks it in the Columns menu (it still sorts: "Sort by"). */
	hidden?: true;
}

/**
 * How a cell is edited in place: a choice among options (a stage, an owner) or a number (an
 * amount). `save` writes one field of the row's record; a problem keeps the editor open and says
 * why.
 */
export type CellEdit<T> =
	| {
			kind: 'choice';
			value: (row: T) => string;
			options: (row: T) => readonly { value: string; label: string }[];
			save: (row: T, value: string) => void;
	  }
	| {
			kind: 'number';
			value: (row: T) => number | null;
			save: (row: T, value: number | null) => void;
	  };

/** The sort value of a column: its own, else the row property of the same name. */
export function sortValueOf<T>(columns: readonly Column<T>[], key: string): (row: T) => unknown {
	const col = columns.find((c) => c.key === key);
	return col?.sortValue ?? ((row: T) => (row as Record<string, unknown>)[key]);
}

interface ColumnContext {
	ownerName: (id: string | null) => string;
	customDefs: readonly CustomFieldDef[];
}

function customColumns<T extends { custom: PersonRow['custom'] }>(
	defs: readonly CustomFieldDef[]
): Column<T>[] {
	return defs.map((def) => ({
		key: `custom:${def.id}`,
		label: def.label,
		width: def.type === 'boolean' || def.type === 'number' ? 110 : 160,
		text: (row: T) => formatCustomValue(def, row.custom[def.id] ?? null),
		sortValue: (row: T) => row.custom[def.id] ?? null
	}));
}

const tagsText = (row: { tags: string[] }) => row.tags.join(', ');

/** "Last contacted" and "Next step", from the timeline; the row property sorts (null: never). */
function contactColumns<
	T extends { lastContactedAt: number | null; nextStep: string }
>(): Column<T>[] {
	return [
		{
			key: 'lastContactedAt',
			label: 'Last contacted',
			width: 130,
			text: (r) => (r.lastContactedAt === null ? '' : shortDate(r.lastContactedAt))
		},
		{ key: 'nextStep', label: 'Next step', width: 180, text: (r) => r.nextStep }
	];
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A moment as the reader's calendar date ('1 Dec 2026'). */
function shortDate(ms: number): string {
	return dateFormat.format(ms);
}

/** The first column is the name: the table renders it as the link to the record. */
export function personColumns(ctx: ColumnContext): Column<PersonRow>[] {
	return [
		{ key: 'name', label: 'Name', width: 220, text: (r) => r.name },
		// "Name" is "First Last" and sorts so; many sort people by their last name.
		{
			key: 'lastName',
			label: 'Last name',
			width: 150,
			text: (r) => r.lastName,
			sortValue: (r) => (r.lastName ? `${r.lastName}\u0000${r.firstName}` : ''),
			hidden: true
		},
		{ key: 'organizationName', label: 'Organization', width: 180, text: (r) => r.organizationName },
		{ key: 'kind', label: 'Kind', width: 110, text: (r) => r.kind },
		{
			key: 'ownerId',
			label: 'Owner',
			width: 140,
			text: (r) => ctx.ownerName(r.ownerId),
			sortValue: (r) => ctx.ownerName(r.ownerId)
		},
		// Where a screen's width shows them: who needs calling is what the list is opened for.
		...contactColumns<PersonRow>(),
		{ key: 'email', label: 'Email', width: 220, text: (r) => r.email },
		{ key: 'phone', label: 'Phone', width: 150, text: (r) => r.phone },
		{ key: 'city', label: 'City', width: 130, text: (r) => r.city },
		{ key: 'tags', label: 'Tags', width: 160, text: tagsText },
		...customColumns<PersonRow>(ctx.customDefs)
	];
}

export function organizationColumns(ctx: ColumnContext): Column<OrganizationRow>[] {
	return [
		{ key: 'name', label: 'Name', width: 240, text: (r) => r.name },
		{ key: 'kind', label: 'Kind', width: 110, text: (r) => r.kind },
		{
			key: 'ownerId',
			label: 'Owner',
			width: 140,
			text: (r) => ctx.ownerName(r.ownerId),
			sortValue: (r) => ctx.ownerName(r.ownerId)
		},
		...contactColumns<OrganizationRow>(),
		{ key: 'industry', label: 'Industry', width: 150, text: (r) => r.industry },
		{ key: 'website', label: 'Website', width: 200, text: (r) => r.website },
		{ key: 'city', label: 'City', width: 130, text: (r) => r.city },
		{ key: 'peopleCount', label: 'People', width: 80, text: (r) => String(r.peopleCount) },
		{ key: 'tags', label: 'Tags', width: 160, text: tagsText },
		...customColumns<OrganizationRow>(ctx.customDefs)
	];
}
