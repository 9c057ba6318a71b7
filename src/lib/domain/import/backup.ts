/**
 * Reads a workspace backup back, refusing anything that is not exactly what was written: a
 * different format, a newer version, a changed or truncated file. Only the shape is checked
 * here; each record is validated on read by the data layer, as every record is.
 */
import { BACKUP_FORMAT, BACKUP_VERSION, backupChecksum, type Backup } from '../export/backup';

export type BackupParse = { ok: true; backup: Backup } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

export async function parseBackup(text: string): Promise<BackupParse> {
	const fail = (error: string): BackupParse => ({ ok: false, error });
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\ufeff/, ''));
	} catch (e) {
		const reason = e instanceof Error ? e.message : String(e);
		return fail(
			`This file is not a readable backup: it is not valid JSON, or it was cut off (${reason}).`
		);
	}
	if (!isObject(data) || data.format !== BACKUP_FORMAT) {
		return fail(`This file is not a backup of this CRM (its "format" is not "${BACKUP_FORMAT}").`);
	}
	const version = data.version;
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
		return fail('The backup has no valid version number, so it cannot be restored.');
	}
	if (version > BACKUP_VERSION) {
		return fail(
			`This backup was written by a newer version (v${version}); update the app to restore it.`
		);
	}
	if (typeof data.checksum !== 'string') {
		return fail('The backup file is damaged (its checksum is missing); use another copy.');
	}
	const expected = await backupChecksum(data as unknown as Backup);
	if (expected !== data.checksum.toLowerCase()) {
		return fail(
			'The backup file is damaged (checksum mismatch): it was changed or cut short after it was written. Use another copy.'
		);
	}
	const shapeError = checkShape(data);
	if (shapeError) return fail(`The backup is incomplete: ${shapeError}.`);
	return { ok: true, backup: data as unknown as Backup };
}

function checkShape(d: Record<string, unknown>): string | null {
	if (typeof d.exportedAt !== 'string') return '"exportedAt" is missing';
	const ws = d.workspace;
	if (!isObject(ws) || typeof ws.id !== 'string' || typeof ws.name !== 'string') {
		return '"workspace" needs an id and a name';
	}
	for (const key of ['members', 'customFields', 'people', 'organizations']) {
		const list = d[key];
		if (!Array.isArray(list)) return `"${key}" is not a list`;
		const bad = list.findIndex((r) => !isObject(r) || typeof r.id !== 'string');
		if (bad >= 0) return `item ${bad + 1} of "${key}" has no id`;
	}
	if (!isObject(d.collections)) return '"collections" is not an object';
	for (const [name, list] of Object.entries(d.collections)) {
		if (!Array.isArray(list) || list.some((r) => !isObject(r))) {
			return `collection "${name}" is not a list of records`;
		}
	}
	if (d.settings !== undefined) {
		const s = d.settings;
		if (!isObject(s) || !isObject(s.meta) || !isObject(s.pipelines))
			return '"settings" needs "meta" and "pipelines"';
		if (s.segments !== undefined && !isObject(s.segments))
			return '"settings"."segments" must be an object of saved segments';
	}
	if (d.files !== undefined) {
		if (!isObject(d.files)) return '"files" is not an object';
		for (const [hash, bytes] of Object.entries(d.files))
			if (!/^[0-9a-f]{64}$/.test(hash) || typeof bytes !== 'string')
				return `file "${hash.slice(0, 16)}" is not a file's hash and its contents`;
	}
	return null;
}
