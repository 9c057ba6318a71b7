/**
 * What an import will do, row by row, before anything is stored: create, update or skip,
 * which existing record a row duplicates and why, and which organizations a person import
 * links to or creates (once per name). Pure over the index, so the preview can show it and
 * recompute it in an instant when the person picks another duplicate mode.
 */
import {
	addToIndex,
	emptyIndex,
	findExisting,
	type DuplicateIndex
} from '$lib/domain/import/existing';
import type { ImportedFields, RowResult } from '$lib/domain/import/rows';
import type { ImportEntity } from '$lib/domain/import/targets';
import type { DuplicateMode } from './import-batch';
import { organizationKey, type WorkspaceIndex } from './import-existing';

export type DuplicateReason = 'same e-mail' | 'same phone' | 'same name';

export interface DuplicateHit {
	row: number; // index of the row in the file
	id: string; // the record it duplicates
	name: string; // that record's name, or "row N of this file"
	reason: DuplicateReason;
	/** The duplicate is an earlier row of the same file, not an existing record. */
	inFile: boolean;
}

export interface PlannedRow {
	row: number;
	action: 'create' | 'update';
	id: string;
	fields: ImportedFields;
	/** A person's organization, found by name or created by this import (undefined: none given). */
	organizationId?: string;
	/** Set on the first row that needs a new organization: create it before this row. */
	newOrganization?: { id: string; name: string };
}

export interface ImportPlan {
	entity: ImportEntity;
	mode: DuplicateMode;
	/** Rows to write, in file order. */
	rows: PlannedRow[];
	totalRows: number;
	creates: number;
	updates: number;
	/** Rows left out: empty ones and (mode 'skip') duplicates. */
	skipped: number;
	empty: number;
	newOrganizations: number;
	duplicates: DuplicateHit[];
}

export interface PlanOptions {
	/** "Row 3", "Card 3": how a row is named when a later row duplicates it. */
	rowName?(row: number): string;
	newId?(): string;
}

function matchContacts(
	fields: ImportedFields,
	index: DuplicateIndex
): { id: string; reason: DuplicateReason } | null {
	const byEmail = fields.emails ? findExisting({ emails: fields.emails }, index) : null;
	if (byEmail) return { id: byEmail, reason: 'same e-mail' };
	const byPhone = fields.phones ? findExisting({ phones: fields.phones }, index) : null;
	return byPhone ? { id: byPhone, reason: 'same phone' } : null;
}

export function planImport(
	rows: RowResult[],
	existing: WorkspaceIndex,
	mode: DuplicateMode,
	opts: PlanOptions = {}
): ImportPlan {
	const entity = existing.entity;
	const rowName = opts.rowName ?? ((r: number) => `row ${r + 1}`);
	const newId = opts.newId ?? (() => crypto.randomUUID());
	const fileContacts = emptyIndex();
	const fileNames = new Map<string, string>(); // organization imports: name key → id
	const rowOfId = new Map<string, number>(); // ids created by this file → their row
	const newOrgs = new Map<string, string>(); // person imports: organization name key → new id

	const plan: ImportPlan = {
		entity,
		mode,
		rows: [],
		totalRows: rows.length,
		creates: 0,
		updates: 0,
		skipped: 0,
		empty: 0,
		newOrganizations: 0,
		duplicates: []
	};

	rows.forEach((result, row) => {
		if (result.empty) {
			plan.empty++;
			plan.skipped++;
			return;
		}
		const { fields } = result;
		const nameKey = entity === 'organization' && fields.name ? organizationKey(fields.name) : '';
		let hit: DuplicateHit | null = null;
		const existingMatch =
			matchContacts(fields, existing.contacts) ??
			(nameKey && existing.organizationsByName.has(nameKey)
				? { id: existing.organizationsByName.get(nameKey)!, reason: 'same name' as const }
				: null);
		if (existingMatch) {
			hit = { row, ...existingMatch, name: existing.nameOf(existingMatch.id), inFile: false };
		} else {
			const fileMatch =
				matchContacts(fields, fileContacts) ??
				(nameKey && fileNames.has(nameKey)
					? { id: fileNames.get(nameKey)!, reason: 'same name' as const }
					: null);
			if (fileMatch) {
				const earlier = rowOfId.get(fileMatch.id) ?? 0;
				hit = { row, ...fileMatch, name: `${rowName(earlier)} of this file`, inFile: true };
			}
		}
		if (hit) plan.duplicates.push(hit);
		if (hit && mode === 'skip') {
			plan.skipped++;
			return;
		}

		const planned: PlannedRow =
			hit && mode === 'update'
				? { row, action: 'update', id: hit.id, fields }
				: { row, action: 'create', id: newId(), fields };
		if (planned.action === 'create') {
			plan.creates++;
			rowOfId.set(planned.id, row);
		} else plan.updates++;
		addToIndex(fileContacts, planned.id, fields);
		if (nameKey && !fileNames.has(nameKey)) fileNames.set(nameKey, planned.id);

		const orgName = entity === 'person' ? fields.organizationName?.trim() : '';
		if (orgName) {
			const key = organizationKey(orgName);
			const found = existing.organizationsByName.get(key) ?? newOrgs.get(key);
			if (found) planned.organizationId = found;
			else {
				const id = newId();
				newOrgs.set(key, id);
				planned.organizationId = id;
				planned.newOrganization = { id, name: orgName };
				plan.newOrganizations++;
			}
		}
		plan.rows.push(planned);
	});
	return plan;
}
