/**
 * The whole workspace as a backup file: members, custom fields, people and organizations
 * with their notes, every field as stored (fields a newer peer wrote are kept), deleted
 * records too (with their deletedAt), so a restore gives back exactly this workspace.
 */
import {
	backupToJson,
	createBackup,
	type Backup,
	type BackupOrganization,
	type BackupPerson
} from '$lib/domain/export/backup';
import { NOTES_KEY, readRecord, type Collection } from './layout';
import { fileDate, type ExportFile } from './export-people';
import type { Workspace } from './workspace.svelte';

function records<T>(collection: Collection): T[] {
	const out: T[] = [];
	collection.forEach((map, id) => {
		const notes = map.get(NOTES_KEY);
		out.push({ ...readRecord(map), id, notes: notes ? String(notes) : '' } as T);
	});
	return out;
}

export function createWorkspaceBackup(ws: Workspace, now: Date = new Date()): Promise<Backup> {
	return createBackup(
		{
			workspace: { id: ws.id, name: ws.name },
			members: ws.members.list,
			customFields: ws.customFields.list,
			people: records<BackupPerson>(ws.layout.people),
			organizations: records<BackupOrganization>(ws.layout.organizations),
			collections: {}
		},
		now
	);
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
