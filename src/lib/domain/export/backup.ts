/**
 * A whole workspace as one JSON file that outlives this app: plain records, a format name and
 * version, and a checksum anyone can recompute.
 *
 * The checksum is the SHA-256 (lowercase hex) of the canonical JSON of every top-level field
 * except "checksum": object keys sorted by UTF-16 code units, no whitespace, strings and numbers
 * as JSON.stringify writes them. For ordinary data `jq -cS 'del(.checksum)' f.json | tr -d '\n'
 * | sha256sum` gives the same digest.
 */
import type { CustomFieldDef, Member, Organization, Person } from '../records';

export const BACKUP_FORMAT = 'local-first-crm-backup';
export const BACKUP_VERSION = 1;

/** Records keep fields this version does not know, so a backup loses nothing a newer peer wrote. */
export type BackupPerson = Person & { notes?: string; [field: string]: unknown };
export type BackupOrganization = Organization & { notes?: string; [field: string]: unknown };

export interface BackupContent {
	workspace: { id: string; name: string };
	members: Member[];
	customFields: CustomFieldDef[];
	people: BackupPerson[];
	organizations: BackupOrganization[];
	/** Every other collection (deals, interactions, tasks, ...) by name, as plain records. */
	collections: Record<string, Record<string, unknown>[]>;
	/** The attached files' bytes, base64, by SHA-256 (records list theirs under `$files`). */
	files?: Record<string, string>;
	/** The workspace's settings as stored in its core document, key by key; absent in backups
	 * written before they were kept. */
	settings?: BackupSettings;
}

/**
 * Settings kept one value per key in the core document: `meta` (service levels, the currency,
 * exchange rates — not the name, which is `workspace.name`, nor the schema version, which the
 * restoring app writes), `pipelines` (domain/pipelines/stored.ts) and the saved `segments`
 * (domain/segments/saved.ts; absent in backups written before they were kept).
 */
export interface BackupSettings {
	meta: Record<string, unknown>;
	pipelines: Record<string, unknown>;
	segments?: Record<string, unknown>;
}

/** Keys of the core document's meta map that are not settings to carry over. */
export const META_NOT_SETTINGS: readonly string[] = ['name', 'schemaVersion'];

/** Where a backed-up record lists its attached files (name, type, size, hash, who, when). */
export const RECORD_FILES = '$files';

/**
 * Version 1 keeps these collections at the top level of the file (always present, perhaps
 * empty); every other collection goes in `collections`. A fact of the file format, so it never
 * changes when a record type is added.
 */
export const TOP_LEVEL_COLLECTIONS = ['people', 'organizations'] as const;

type PlainRecord = Record<string, unknown>;

/** The content of a backup from every collection's records, each where version 1 keeps it. */
export function backupContent(
	head: Pick<BackupContent, 'workspace' | 'members' | 'customFields'>,
	records: Readonly<Record<string, PlainRecord[]>>
): BackupContent {
	const collections: Record<string, PlainRecord[]> = {};
	for (const [name, list] of Object.entries(records)) {
		if (!(TOP_LEVEL_COLLECTIONS as readonly string[]).includes(name)) collections[name] = list;
	}
	return {
		...head,
		people: (records.people ?? []) as BackupPerson[],
		organizations: (records.organizations ?? []) as BackupOrganization[],
		collections
	};
}

/** A backup's records by collection name, wherever the file keeps them. */
export function backupRecords(b: BackupContent): Record<string, PlainRecord[]> {
	return { ...b.collections, people: b.people, organizations: b.organizations };
}

export interface Backup extends BackupContent {
	format: typeof BACKUP_FORMAT;
	version: number;
	exportedAt: string; // ISO 8601
	checksum: string;
}

/** JSON with sorted keys and no whitespace: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
	const parts: string[] = [];
	write(value, parts);
	return parts.join('');
}

function write(v: unknown, out: string[]): void {
	if (v === null || typeof v !== 'object') {
		out.push(JSON.stringify(v) ?? 'null');
		return;
	}
	if (Array.isArray(v)) {
		out.push('[');
		v.forEach((item, i) => {
			if (i > 0) out.push(',');
			write(item === undefined || typeof item === 'function' ? null : item, out);
		});
		out.push(']');
		return;
	}
	const obj = v as Record<string, unknown>;
	const keys = Object.keys(obj)
		.filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
		.sort();
	out.push('{');
	keys.forEach((k, i) => {
		if (i > 0) out.push(',');
		out.push(JSON.stringify(k), ':');
		write(obj[k], out);
	});
	out.push('}');
}

export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The checksum of a backup: over everything but the checksum itself. */
export function backupChecksum(
	b: Omit<Backup, 'checksum'> & { checksum?: unknown }
): Promise<string> {
	const { checksum: _omit, ...content } = b;
	return sha256Hex(canonicalJson(content));
}

export async function createBackup(
	content: BackupContent,
	exportedAt: Date = new Date()
): Promise<Backup> {
	const body = {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		exportedAt: exportedAt.toISOString(),
		workspace: content.workspace,
		members: content.members,
		customFields: content.customFields,
		people: content.people,
		organizations: content.organizations,
		collections: content.collections,
		files: content.files,
		settings: content.settings
	} as const;
	return { ...body, checksum: await backupChecksum(body) };
}

/** The file's text: indented so a person can read it, format first and checksum last. */
export function backupToJson(b: Backup): string {
	return JSON.stringify(b, null, 2) + '\n';
}
