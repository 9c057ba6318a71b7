/**
 * Reading the device's stored documents off the page's thread. A Yjs update read from
 * IndexedDB is copied into the reading thread when its request succeeds: a month of a million
 * interactions (12 MB, one merged row) held the page ~115 ms in one task, measured in Chromium;
 * read in a worker, the page only takes the buffers over (transferred, not copied).
 *
 * The requests and answers, and what the worker does with a request (a function of the
 * database, so it is tested without a worker).
 */
import {
	readDoc,
	readWorkspaceExcept,
	type DeviceDocsDb,
	type StoredUpdate
} from '$lib/data/device-docs-db';
import { opensLater } from '$lib/data/shards';

/** What to read of workspace `ws`. */
export type DeviceRead = { ws: string } & (
	| { /** Every document but those that open later at `now`. */ read: 'workspace'; now: number }
	| { read: 'doc'; doc: string }
);

export type DeviceReadRequest = DeviceRead & { id: number };

export type DeviceReadAnswer = { id: number } & (
	| { /** The read's transaction started (its first request answered). */ started: true }
	| { rows: StoredUpdate[]; /** The documents left unread (`read: 'workspace'`). */ left: string[] }
	| { error: string }
);

/** Reads what `request` asks for, telling `answer` when it started and what it read; the
 * rows' buffers are the transfer list of the last answer. */
export async function answerRead(
	db: DeviceDocsDb,
	request: DeviceReadRequest,
	answer: (message: DeviceReadAnswer, transfer?: Transferable[]) => void
): Promise<void> {
	const { id, ws } = request;
	const started = () => answer({ id, started: true });
	try {
		const { rows, left } =
			request.read === 'workspace'
				? await readWorkspaceExcept(db, ws, (doc) => opensLater(doc, request.now), started)
				: { rows: await readDoc(db, ws, request.doc, started), left: [] };
		// Each buffer once (a row read from IndexedDB owns its buffer; never send one twice).
		const transfer = [...new Set(rows.map((row) => row.update.buffer as ArrayBuffer))];
		answer({ id, rows, left }, transfer);
	} catch (err) {
		answer({ id, error: err instanceof Error ? err.message : String(err) });
	}
}
