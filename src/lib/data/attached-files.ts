/**
 * Files attached to a record: one key per file (`file:<sha256>`), so two people attaching at
 * once both land, and removing one is deleting its key. The document holds only what describes
 * the file; the bytes are in the device's and the relay's file store, addressed by the hash.
 */
import * as Y from 'yjs';
import { FILE_PREFIX, type StoredRecord } from './layout';

export interface AttachedFile {
	/** SHA-256 of the bytes, lowercase hex. */
	hash: string;
	name: string;
	type: string;
	size: number;
	/** Member id. */
	addedBy: string;
	addedAt: number;
}

const HASH = /^[0-9a-f]{64}$/;

/** The record's files, oldest first; an entry a buggy peer wrote is read as far as it goes. */
export function attachedFiles(record: StoredRecord | undefined): AttachedFile[] {
	const out: AttachedFile[] = [];
	if (!(record instanceof Y.Map)) return out; // a settled record has none (settled-records.ts)
	record.forEach((value, key) => {
		if (!key.startsWith(FILE_PREFIX)) return;
		const hash = key.slice(FILE_PREFIX.length);
		if (!HASH.test(hash) || typeof value !== 'object' || value === null) return;
		const v = value as Record<string, unknown>;
		out.push({
			hash,
			name: typeof v.name === 'string' && v.name ? v.name : 'unnamed file',
			type: typeof v.type === 'string' ? v.type : 'application/octet-stream',
			size: typeof v.size === 'number' && v.size >= 0 ? v.size : 0,
			addedBy: typeof v.addedBy === 'string' ? v.addedBy : '',
			addedAt: typeof v.addedAt === 'number' ? v.addedAt : 0
		});
	});
	return out.sort((a, b) => a.addedAt - b.addedAt || (a.hash < b.hash ? -1 : 1));
}

export function fileKey(hash: string): string {
	if (!HASH.test(hash)) throw new Error(`not a SHA-256 hash: ${hash}`);
	return FILE_PREFIX + hash;
}
