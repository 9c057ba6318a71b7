/** What the preview shows for a row: its fields as they will be stored, and what happens to it. */
import { formatCustomValue } from '$lib/domain/custom-fields';
import type { ImportedFields, RowResult } from '$lib/domain/import/rows';
import type { ImportableType } from '$lib/domain/import/targets';
import type { CustomFieldDef } from '$lib/domain/records';
import type { ImportPlan } from '$lib/session/import-flow.svelte';

export interface PreviewCells {
	name: string;
	/** The type's own column (a person's organization, an organization's website). */
	column: string;
	emails: string;
	phones: string;
	address: string;
	details: string;
}

export function previewCells(
	f: ImportedFields,
	type: ImportableType,
	customDefs: CustomFieldDef[]
): PreviewCells {
	const preview = type.import.preview;
	const details: string[] = [];
	const add = (label: string, v: unknown) => {
		if (v) details.push(`${label}: ${String(v)}`);
	};
	for (const [label, value] of preview.details(f)) add(label, value);
	for (const [id, value] of Object.entries(f.custom ?? {})) {
		const def = customDefs.find((d) => d.id === id);
		if (def && value !== null) add(def.label, formatCustomValue(def, value));
	}
	if (f.notes) add('Notes', f.notes.length > 80 ? `${f.notes.slice(0, 80)}…` : f.notes);
	const a = f.addresses?.[0];
	return {
		name: preview.name(f),
		column: preview.column.value(f),
		emails: (f.emails ?? []).map((e) => e.value).join(', '),
		phones: (f.phones ?? []).map((p) => p.value).join(', '),
		address: a
			? [a.street, a.postcode, a.city, a.region, a.country].filter(Boolean).join(', ')
			: '',
		details: details.join(' · ')
	};
}

/** What the import does with each of the first `limit` rows, as the preview says it. */
export function rowActions(
	rows: RowResult[],
	plan: ImportPlan | null,
	limit: number
): Map<number, string> {
	const out = new Map<number, string>();
	if (!plan) return out;
	for (let row = 0; row < Math.min(limit, rows.length); row++) {
		if (rows[row].empty) out.set(row, 'Not imported');
	}
	const duplicateOf = new Map<number, string>();
	for (const d of plan.duplicates) {
		if (d.row >= limit) break;
		duplicateOf.set(d.row, d.name);
		out.set(d.row, `Skipped: duplicate of ${d.name}`);
	}
	for (const p of plan.rows) {
		if (p.row >= limit) break;
		out.set(
			p.row,
			p.action === 'update' ? `Updates ${duplicateOf.get(p.row) ?? 'a record'}` : 'New'
		);
	}
	return out;
}
