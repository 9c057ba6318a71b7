/**
 * The whole workspace as a backup file: members, custom fields, settings and the records of every
 * record type ($lib/domain/record-types) with their notes, every field as stored (fields a newer peer wrote are kept), deleted
 * records too (with their deletedAt), so a restore gives back exactly this workspace.
 */
import { toBase64 } from 'lib0/buffer';
import {
	META_NOT_SETTINGS,
	RECORD_FILES,
	backupContent,
	backupToJson,
	createBackup,
	type Backup,
	type BackupSettings
} from '$lib/domain/export/backup';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { attachedFiles } from './attached-files';
import { collectionOf, readRecord, type Collection } from './layout';
import { fileDate, type ExportFile } from './export-people';
import { BACKUP_TRAIL, readTrail } from './stage-trail';
import { recordTextValue } from './record-texts';
import type { Workspace } from './workspace.svelte';

/** Every record as stored, its text fields (notes) as plain strings. */
function records(collection: Collection, textFields: readonly string[]): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	collection.forEach((map, id, doc) => {
		const record: Record<string, unknown> = { ...readRecord(map), id };
		for (const field of textFields) record[field] = recordTextValue(map, field, { doc, id });
		const files = attachedFiles(map);
		if (files.length > 0) record[RECORD_FILES] = files;
		const trail = readTrail(map);
		if (trail.length > 0) record[BACKUP_TRAIL] = trail;
		out.push(record);
	});
	return out;
}

/** An attached file's bytes (the device's, else the relay's), or why they cannot be had. */
export type ReadFile = (hash: string) => Promise<Uint8Array | { problem: string }>;

/**
 * The backup of the documents open (a caller wanting every month opens them first: see
 * session/exports.ts) with, when `readFile` is given, the attached files' bytes; a file that
 * cannot be read fails the backup with why, rather than leaving it out unsaid.
 */
export async function createWorkspaceBackup(
	ws: Workspace,
	now: Date = new Date(),
	readFile?: ReadFile
): Promise<Backup> {
	const byCollection: Record<string, Record<string, unknown>[]> = {};
	for (const type of RECORD_TYPES) {
		byCollection[type.collection] = records(collectionOf(ws.layout, type), type.textFields);
	}
	const head = {
		workspace: { id: ws.id, name: ws.name },
		members: ws.members.list,
		customFields: ws.customFields.list
	};
	const content = backupContent(head, byCollection);
	content.settings = settingsOf(ws);
	if (readFile) content.files = await fileContents(Object.values(byCollection), readFile);
	return createBackup(content, now);
}

/** The settings kept in the core document (pipelines, service levels, currency and rates). */
function settingsOf(ws: Workspace): BackupSettings {
	const meta: Record<string, unknown> = {};
	for (const [key, value] of ws.layout.meta.entries())
		if (!META_NOT_SETTINGS.includes(key)) meta[key] = value;
	return {
		meta,
		pipelines: Object.fromEntries(ws.layout.pipelines.entries()),
		segments: Object.fromEntries(ws.layout.segments.entries())
	};
}

async function fileContents(
	lists: Record<string, unknown>[][],
	readFile: ReadFile
): Promise<Record<string, string>> {
	const hashes = new Set<string>();
	for (const list of lists)
		for (const record of list)
			for (const file of (record[RECORD_FILES] as { hash: string }[] | undefined) ?? [])
				hashes.add(file.hash);
	const out: Record<string, string> = {};
	const problems: string[] = [];
	for (const hash of [...hashes].sort()) {
		const bytes = await readFile(hash);
		if (bytes instanceof Uint8Array) out[hash] = toBase64(bytes);
		else problems.push(bytes.problem);
	}
	if (problems.length > 0)
		throw new Error(
			`${problems.length} attached ${problems.length === 1 ? 'file' : 'files'} could not be read (${problems[0]}). Connect to the relay and export again.`
		);
	return out;
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

export async function exportBackup(
	ws: Workspace,
	now: Date = new Date(),
	readFile?: ReadFile
): Promise<ExportFile> {
	const backup = await createWorkspaceBackup(ws, now, readFile);
	return {
		fileName: backupFileName(ws.name, now),
		mime: 'application/json',
		text: backupToJson(backup)
	};
}
