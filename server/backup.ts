// A consistent copy of a data directory that a fresh relay can start from (DATA_DIR=<target>).
// Safe while the relay runs: every workspace is read as snapshot + intact log records (a
// prefix of what was acknowledged), merged into one snapshot. The copy is assembled in
// `<target>.partial` and renamed into place, so a half-written backup never looks complete.
import fs from 'node:fs';
import path from 'node:path';
import { readWorkspaceDir, syncDir, writeSnapshot } from './file-store.ts';
import { mergeUpdates } from './merge-updates.js';
import { WORKSPACE_ID } from './storage.ts';

export interface BackupResult {
	target: string;
	workspaces: number;
	bytes: number;
}

export async function backup(dataDir: string, target: string): Promise<BackupResult> {
	const destination = path.resolve(target);
	if (fs.existsSync(destination) && fs.readdirSync(destination).length > 0) {
		throw new Error(`backup target ${destination} exists and is not empty`);
	}
	const partial = destination + '.partial';
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });

	const authFile = path.join(dataDir, 'auth.json');
	if (fs.existsSync(authFile)) {
		// auth.json is only ever replaced by rename, so one read sees one whole version.
		const copy = path.join(partial, 'auth.json');
		fs.writeFileSync(copy, fs.readFileSync(authFile), { mode: 0o600 });
		const fd = fs.openSync(copy, 'r');
		fs.fsyncSync(fd);
		fs.closeSync(fd);
	}

	const root = path.join(dataDir, 'workspaces');
	const ids = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => WORKSPACE_ID.test(n)) : [];
	let workspaces = 0;
	let bytes = 0;
	for (const id of ids) {
		const updates = await readWorkspaceDir(path.join(root, id));
		if (updates.length === 0) continue;
		const merged = mergeUpdates(updates);
		await writeSnapshot(path.join(partial, 'workspaces', id), merged);
		workspaces++;
		bytes += merged.length;
	}
	if (workspaces > 0) await syncDir(path.join(partial, 'workspaces'));
	await syncDir(partial);
	if (fs.existsSync(destination)) fs.rmdirSync(destination);
	fs.renameSync(partial, destination);
	await syncDir(path.dirname(destination));
	return { target: destination, workspaces, bytes };
}
