/**
 * What an import will do, row by row, before anything is stored: create, update or skip,
 * which existing record a row duplicates and why, and which records of another type a row
 * links to or creates (once per name; a person's organization). All of it as the imported
 * type declares (`import.contacts`, `import.sameName`, `import.links`). Pure over the index,
 * so the preview can show it and recompute it in an instant when the person picks another
 * duplicate mode.
 */
import {
	addToIndex,
	emptyIndex,
	findExisting,
	type DuplicateIndex
} from '$lib/domain/import/existing';
import type { ImportedFields, RowResult } from '$lib/domain/import/rows';
import { importableType, type ImportEntity } from '$lib/domain/import/targets';
import type { DuplicateMode } from './import-batch';
import type { PlanIndex } from './import-names';

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
	/** The linked record (a person's organization), found by name or created by this import
	 * (undefined: none given). Stored in the link's relation field. */
	organizationId?: string;
	/** Set on the first row that needs a new linked record: create it before this row. */
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
	/** Linked records this import creates (a person import's new organizations). */
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
	index: DuplicateIndex,
	contacts: boolean
): { id: string; reason: DuplicateReason } | null {
	if (!contacts) return null;
	const byEmail = fields.emails ? findExisting({ emails: fields.emails }, index) : null;
	if (byEmail) return { id: byEmail, reason: 'same e-mail' };
	const byPhone = fields.phones ? findExisting({ phones: fields.phones }, index) : null;
	return byPhone ? { id: byPhone, reason: 'same phone' } : null;
}

export function planImport(
	rows: RowResult[],
	existing: PlanIndex,
	mode: DuplicateMode,
	opts: PlanOptions = {}
): ImportPlan {
	const entity = existing.entity;
	const type = importableType(entity);
	if (!type) throw new Error(`cannot import records of type "${entity}"`);
	const { contacts, sameName } = type.import;
	const existingNames = existing.names.get(entity);
	// Links to records of another type, found by that type's name key.
	const links = (type.import.links ?? []).map((link) => {
		const to = type.relations.find((r) => r.field === link.relation)?.to ?? '';
		const target = importableType(to)?.import.sameName;
		if (!target) throw new Error(`${entity}.${link.relation} links to no type found by name`);
		return { ...link, key: target.key, names: existing.names.get(to) };
	});
	const rowName = opts.rowName ?? ((r: number) => `row ${r + 1}`);
	const newId = opts.newId ?? (() => crypto.randomUUID());
	const fileContacts = emptyIndex();
	const fileNames = new Map<string, string>(); // name key → id (types found by name)
	const rowOfId = new Map<string, number>(); // ids created by this file → their row
	const newLinked = new Map<string, string>(); // linked record's name key → new id

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
		const name = sameName ? fields[sameName.field] : undefined;
		const nameKey = sameName && typeof name === 'string' && name ? sameName.key(name) : '';
		let hit: DuplicateHit | null = null;
		const existingMatch =
			matchContacts(fields, existing.contacts, contacts) ??
			(nameKey && existingNames?.has(nameKey)
				? { id: existingNames.get(nameKey)!, reason: 'same name' as const }
				: null);
		if (existingMatch) {
			hit = { row, ...existingMatch, name: existing.nameOf(existingMatch.id), inFile: false };
		} else {
			const fileMatch =
				matchContacts(fields, fileContacts, contacts) ??
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

		for (const link of links) {
			const value = fields[link.from];
			const linkedName = typeof value === 'string' ? value.trim() : '';
			if (!linkedName) continue;
			const key = link.key(linkedName);
			const found = link.names?.get(key) ?? newLinked.get(key);
			if (found) planned.organizationId = found;
			else {
				const id = newId();
				newLinked.set(key, id);
				planned.organizationId = id;
				planned.newOrganization = { id, name: linkedName };
				plan.newOrganizations++;
			}
		}
		plan.rows.push(planned);
	});
	return plan;
}
