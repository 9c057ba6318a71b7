/**
 * The device's copy of attached files, by workspace and SHA-256, in their own IndexedDB database
 * (`crm-blobs`): files are large, change never, and have nothing to do with the documents'
 * updates in `crm-docs` or the rebuildable cache in `crm-local`. A row holds the bytes as a Blob
 * (the browser keeps it on disk, not in memory) and whether the relay has it yet.
 */
import Dexie, { type Table } from 'dexie';

export interface StoredBlob {
	ws: string;
	/** SHA-256 of the bytes, lowercase hex. */
	hash: string;
	bytes: Blob;
	size: number;
	/** The media type it was attached with ('' when unknown). */
	type: string;
	/** The relay holds it: added on this device and uploaded since, or downloaded from it. */
	uploaded: boolean;
	addedAt: number;
}

export const BLOBS_DB = 'crm-blobs';

export class BlobDb extends Dexie {
	blobs!: Table<StoredBlob, [string, string]>;

	constructor(name = BLOBS_DB) {
		super(name);
		// `uploaded` is a boolean, which IndexedDB cannot index: pending rows are found by `ws`.
		this.version(1).stores({ blobs: '[ws+hash], ws' });
	}
}

let shared: BlobDb | null = null;
export function blobDb(): BlobDb {
	shared ??= new BlobDb();
	return shared;
}
