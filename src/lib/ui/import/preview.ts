/** What the preview shows for a row: its fields as they will be stored, and what happens to it. */
import { formatCustomValue } from '$lib/domain/custom-fields';
import type { ImportedFields, RowResult } from '$lib/domain/import/rows';
import type { ImportEntity } from '$lib/domain/import/targets';
import type { CustomFieldDef } from '$lib/domain/records';
import type { ImportPlan } from '$lib/session/import-flow.svelte';

export interface PreviewCells {
	name: string;
	organization: string; // a person's organization; an organization's website
	emails: string;
	phones: string;
	address: string;
	details: string;
}

export function previewCells(
	f: ImportedFields,
	entity: ImportEntity,
	customDefs: CustomFieldDef[]
): PreviewCells {
	const details: string[] = [];
	const add = (label: string, v: string | undefined) => {
		if (v) details.push(`${label}: ${v}`);
	};
	if (entity === 'person') add('Title', f.title);
	else add('Industry', f.industry);
	add('Relationship', f.kind);
	if (f.decisionRole && f.decisionRole !== 'none') add('Decision role', f.decisionRole);
	add('Consent', f.consent);
	add('Source', f.source);
	add('Tags', f.tags?.join(', '));
	add('Interests', f.interests?.join(', '));
	for (const [id, value] of Object.entries(f.custom ?? {})) {
		const def = customDefs.find((d) => d.id === id);
		if (def && value !== null) add(def.label, formatCustomValue(def, value));
	}
	if (f.notes) add('Notes', f.notes.length > 80 ? `${f.notes.slice(0, 80)}…` : f.notes);
	const a = f.addresses?.[0];
	return {
		name:
			entity === 'person' ? [f.firstName, f.lastName].filter(Boolean).join(' ') : (f.name ?? ''),
		organization: entity === 'person' ? (f.organizationName ?? '') : (f.website ?? ''),
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
