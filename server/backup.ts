// A consistent copy of a data directory that a fresh relay can start from (DATA_DIR=<target>).
// Safe while the relay runs: every document of every workspace is read as snapshot + intact log
// records (a prefix of what was acknowledged), merged into one snapshot in the same layout. The copy is assembled in
// `<target>.partial` and renamed into place, so a half-written backup never looks complete.
// Attached files (blobs) are copied as they are: they never change once stored.
import fs from 'node:fs';
import path from 'node:path';
import { copyBlobs } from './blobs.ts';
import {
	documentDir,
	listDocumentDirs,
	readWorkspaceDir,
	syncDir,
	writeSnapshot
} from './file-store.ts';
import { mergeUpdates } from './merge-updates.js';
import { WORKSPACE_ID } from './storage.ts';

export interface BackupResult {
	target: string;
	workspaces: number;
	/** Documents copied, core documents included. */
	documents: number;
	bytes: number;
	/** Attached files copied, and their bytes (not counted in `bytes`). */
	blobs: number;
	blobBytes: number;
}

export async function backup(dataDir: string, target: string): Promise<BackupResult> {
	const destination = path.resolve(target);
	if (fs.existsSync(destination) && fs.readdirSync(destination).length > 0) {
		throw new Error(`backup target ${destination} exists and is not empty`);
	}
	const partial = destination + '.partial';
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });

	// Campaign sending's ledgers are append-only: a copy may end in a torn line, which the
	// ledger cuts off on reading (campaign-ledger.ts), as after a crash.
	const ledgers = fs.existsSync(path.join(dataDir, 'campaigns'))
		? fs.readdirSync(path.join(dataDir, 'campaigns')).filter((n) => n.endsWith('.ledger'))
		: [];
	if (ledgers.length > 0) fs.mkdirSync(path.join(partial, 'campaigns'), { mode: 0o700 });
	for (const name of [
		'auth.json',
		'calendar-feeds.json',
		'smtp-settings.json',
		'campaign-secret',
		...ledgers.map((ledger) => path.join('campaigns', ledger))
	]) {
		const source = path.join(dataDir, name);
		if (!fs.existsSync(source)) continue;
		// The JSON files and the secret are only ever replaced by rename, so one read sees one
		// whole version.
		const copy = path.join(partial, name);
		fs.writeFileSync(copy, fs.readFileSync(source), { mode: 0o600 });
		const fd = fs.openSync(copy, 'r');
		fs.fsyncSync(fd);
		fs.closeSync(fd);
	}

	const root = path.join(dataDir, 'workspaces');
	const ids = fs.existsSync(root) ? fs.readdirSync(root).filter((n) => WORKSPACE_ID.test(n)) : [];
	const copyRoot = path.join(partial, 'workspaces');
	let workspaces = 0;
	let documents = 0;
	let bytes = 0;
	let blobs = 0;
	let blobBytes = 0;
	for (const id of ids) {
		let copied = 0;
		// The core document first: its folder holds the named documents' folders.
		for (const doc of await listDocumentDirs(path.join(root, id))) {
			const updates = await readWorkspaceDir(documentDir(root, id, doc));
			if (updates.length === 0) continue;
			const merged = mergeUpdates(updates);
			const dir = documentDir(copyRoot, id, doc);
			await writeSnapshot(dir, merged);
			// writeSnapshot made the folders above a named document's: make their entries durable.
			for (let up = path.dirname(dir); up.length > copyRoot.length; up = path.dirname(up)) {
				await syncDir(up);
			}
			copied++;
			bytes += merged.length;
		}
		const files = await copyBlobs(path.join(root, id), path.join(copyRoot, id));
		blobs += files.files;
		blobBytes += files.bytes;
		if (copied === 0 && files.files === 0) continue;
		workspaces++;
		documents += copied;
	}
	if (workspaces > 0) await syncDir(path.join(partial, 'workspaces'));
	if (ledgers.length > 0) await syncDir(path.join(partial, 'campaigns'));
	await syncDir(partial);
	if (fs.existsSync(destination)) fs.rmdirSync(destination);
	fs.renameSync(partial, destination);
	await syncDir(path.dirname(destination));
	return { target: destination, workspaces, documents, bytes, blobs, blobBytes };
}
