/**
 * The whole workspace as a backup file: members, custom fields and the records of every
 * record type ($lib/domain/record-types) with their notes, every field as stored (fields a newer peer wrote are kept), deleted
 * records too (with their deletedAt), so a restore gives back exactly this workspace.
 */
import { backupContent, backupToJson, createBackup, type Backup } from '$lib/domain/export/backup';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { collectionOf, readRecord, type Collection } from './layout';
import { fileDate, type ExportFile } from './export-people';
import type { Workspace } from './workspace.svelte';

/** Every record as stored, its text fields (notes) as plain strings. */
function records(collection: Collection, textFields: readonly string[]): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	collection.forEach((map, id) => {
		const record: Record<string, unknown> = { ...readRecord(map), id };
		for (const field of textFields) {
			const text = map.get(field);
			record[field] = text ? String(text) : '';
		}
		out.push(record);
	});
	return out;
}

export function createWorkspaceBackup(ws: Workspace, now: Date = new Date()): Promise<Backup> {
	const byCollection: Record<string, Record<string, unknown>[]> = {};
	for (const type of RECORD_TYPES) {
		byCollection[type.collection] = records(collectionOf(ws.layout, type), type.textFields);
	}
	const head = {
		workspace: { id: ws.id, name: ws.name },
		members: ws.members.list,
		customFields: ws.customFields.list
	};
	return createBackup(backupContent(head, byCollection), now);
}

/** A file name that says which workspace and which day: crm-backup-acme-2025-01-31.json. */
export function backupFileName(name: string, now: Date): string {
	const slug = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40);
	return `crm-backup-${slug ? `${slug}-` : ''}${fileDate(now)}.json`;
}

export async function exportBackup(ws: Workspace, now: Date = new Date()): Promise<ExportFile> {
	const backup = await createWorkspaceBackup(ws, now);
	return {
		fileName: backupFileName(ws.name, now),
		mime: 'application/json',
		text: backupToJson(backup)
	};
}
