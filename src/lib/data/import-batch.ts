/**
 * Import batches: one entry per import in the shared document, so an import can be reverted
 * in one step afterwards — after a reload and from another device too.
 *
 * A batch is a Y.Map in the top-level map 'imports' (importId → batch). Records an import
 * creates carry the batch's id in their snapshot (field `importId`), so the batch does not
 * list ids (100k ids would bloat the document); revert finds them with one scan. Records an
 * import updates get their previous values stored in the batch ('previous': Y.Map recordId →
 * PreviousValues), so revert can put them back.
 */
import * as Y from 'yjs';
import { coreLayoutOf } from './layout';
import type { ImportEntity } from '$lib/domain/import/targets';
import { IMPORT } from './origins';
import type { Workspace } from './workspace.svelte';

/**
 * The top-level map of batches. It belongs in layout.ts (the one module naming top-level
 * types); it is defined here until the lead moves it there as `imports`.
 */
export function importsMap(core: Y.Doc): Y.Map<Y.Map<unknown>> {
	return coreLayoutOf(core).imports;
}

export type ImportStatus = 'running' | 'done' | 'cancelled' | 'reverted';
export type DuplicateMode = 'skip' | 'update' | 'create';
export type { CollectionName } from '$lib/domain/record-types';
import { person, type CollectionName } from '$lib/domain/record-types';

/** What an import changed on one existing record, so revert can restore it. */
export interface PreviousValues {
	collection: CollectionName;
	/** Field (or 'custom:<id>') → value before the import; null where it had none. */
	fields: Record<string, unknown>;
	/** Text the import appended to the notes, removed again on revert. */
	notesAppended?: string;
}

export interface ImportBatch {
	id: string;
	at: number;
	by: string; // member id
	fileName: string;
	/** The record type's name; a type this build does not know is kept as written. */
	entity: string;
	mode: DuplicateMode;
	/** Rows the import meant to write (created + updated when it ran to the end). */
	total: number;
	created: number;
	createdOrganizations: number;
	/** Records of other types the import made, by collection (an order import's people and
	 * products): stored as `created:<collection>` keys. */
	createdOther: Record<string, number>;
	updated: number;
	skipped: number;
	status: ImportStatus;
	finishedAt: number | null;
	revertedAt: number | null;
	revertedBy: string | null;
}

const STATUSES: ImportStatus[] = ['running', 'done', 'cancelled', 'reverted'];
const MODES: DuplicateMode[] = ['skip', 'update', 'create'];

export interface BatchStart {
	fileName: string;
	entity: ImportEntity;
	mode: DuplicateMode;
	total: number;
	skipped: number;
}

/** Creates the batch entry; the import then writes its records with this id. */
export function startBatch(ws: Workspace, start: BatchStart, now = Date.now()): string {
	const id = crypto.randomUUID();
	ws.docs.core.transact(() => {
		const batch = new Y.Map<unknown>();
		const values: Omit<ImportBatch, 'id' | 'createdOther'> = {
			at: now,
			by: ws.me,
			fileName: start.fileName,
			entity: start.entity,
			mode: start.mode,
			total: start.total,
			created: 0,
			createdOrganizations: 0,
			updated: 0,
			skipped: start.skipped,
			status: 'running',
			finishedAt: null,
			revertedAt: null,
			revertedBy: null
		};
		for (const [k, v] of Object.entries(values)) batch.set(k, v);
		batch.set('previous', new Y.Map<PreviousValues>());
		importsMap(ws.docs.core).set(id, batch);
	}, IMPORT);
	return id;
}

export function batchMap(doc: Y.Doc, importId: string): Y.Map<unknown> | undefined {
	return importsMap(doc).get(importId);
}

export function previousMap(doc: Y.Doc, importId: string): Y.Map<PreviousValues> | undefined {
	const p = batchMap(doc, importId)?.get('previous');
	return p instanceof Y.Map ? (p as Y.Map<PreviousValues>) : undefined;
}

/** A batch as stored, read defensively: a buggy peer's entry is shown, never crashes. */
export function readBatch(id: string, map: Y.Map<unknown>): ImportBatch {
	const num = (k: string) => {
		const v = map.get(k);
		return typeof v === 'number' && Number.isFinite(v) ? v : 0;
	};
	const numOrNull = (k: string) => {
		const v = map.get(k);
		return typeof v === 'number' && Number.isFinite(v) ? v : null;
	};
	const str = (k: string) => {
		const v = map.get(k);
		return typeof v === 'string' ? v : '';
	};
	const entity = str('entity');
	const status = str('status') as ImportStatus;
	const mode = str('mode') as DuplicateMode;
	return {
		id,
		at: num('at'),
		by: str('by'),
		fileName: str('fileName'),
		// An older batch may lack its entity: imports were of people first.
		entity: entity || person.name,
		mode: MODES.includes(mode) ? mode : 'skip',
		total: num('total'),
		created: num('created'),
		createdOrganizations: num('createdOrganizations'),
		createdOther: createdOther(map),
		updated: num('updated'),
		skipped: num('skipped'),
		status: STATUSES.includes(status) ? status : 'done',
		finishedAt: numOrNull('finishedAt'),
		revertedAt: numOrNull('revertedAt'),
		revertedBy: str('revertedBy') || null
	};
}

export const CREATED_PREFIX = 'created:';

function createdOther(map: Y.Map<unknown>): Record<string, number> {
	const out: Record<string, number> = {};
	map.forEach((v, k) => {
		if (k.startsWith(CREATED_PREFIX) && typeof v === 'number' && Number.isFinite(v) && v > 0)
			out[k.slice(CREATED_PREFIX.length)] = v;
	});
	return out;
}

/** Every batch of the workspace, newest first. */
export function listBatches(doc: Y.Doc): ImportBatch[] {
	const out: ImportBatch[] = [];
	importsMap(doc).forEach((map, id) => {
		if (map instanceof Y.Map) out.push(readBatch(id, map));
	});
	// Newest first; imports of the same millisecond in one order on every device.
	return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
