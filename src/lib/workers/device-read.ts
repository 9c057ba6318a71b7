/**
 * Reading the device's stored documents off the page's thread. A Yjs update read from
 * IndexedDB is copied into the reading thread when its request succeeds: a month of a million
 * interactions (12 MB, one merged row) held the page ~115 ms in one task, measured in Chromium;
 * read in a worker, the page only takes the buffers over (transferred, not copied).
 *
 * A large document (a hot month) also comes back merged and in slices (data/update-slices.ts):
 * applied whole it held the page 300–450 ms; decoding it to slice it costs as much, here.
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
import { SLICE_LIMITS, sliceUpdate, type SliceLimits } from '$lib/data/update-slices';
import * as Y from 'yjs';

/** What to read of workspace `ws`. */
export type DeviceRead = { ws: string } & (
	| { /** Every document but those that open later at `now`. */ read: 'workspace'; now: number }
	| { read: 'doc'; doc: string }
);

export type DeviceReadRequest = DeviceRead & { id: number };

/** A document's stored rows as one merged update, in slices to apply one after another. */
export interface SlicedDoc {
	doc: string;
	/** The rows it holds: all of the document's rows that were read. */
	ids: number[];
	slices: Uint8Array[];
}

/** What a read found: rows as stored, and the large documents' rows merged in slices. */
export interface StoredRead {
	rows: StoredUpdate[];
	sliced: SlicedDoc[];
}

export type DeviceReadAnswer = { id: number } & (
	| { /** The read's transaction started (its first request answered). */ started: true }
	| (StoredRead & { /** The documents left unread (`read: 'workspace'`). */ left: string[] })
	| { error: string }
);

/** A document whose rows hold more than this comes back in slices: applied whole, a month of
 * interactions costs the page 50–70 ms per MB (0.8 MB: 55 ms in Node, 129 ms profiled in
 * Chromium; 12.7 MB: 440 ms), a shard of 4,000 people (0.4 MB) ~22 ms. */
export const SLICE_FROM_BYTES = 512 * 1024;

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
		const read = inSlices(rows);
		// Each buffer once (a row read from IndexedDB owns its buffer; never send one twice).
		const buffers = [...read.rows.map((row) => row.update), ...read.sliced.flatMap((d) => d.slices)]
			.map((bytes) => (bytes as Uint8Array | undefined)?.buffer)
			.filter((buffer) => buffer instanceof ArrayBuffer);
		answer({ id, ...read, left }, [...new Set(buffers)]);
	} catch (err) {
		answer({ id, error: err instanceof Error ? err.message : String(err) });
	}
}

/**
 * `rows` with each document of more than `fromBytes` merged and sliced. Rows that do not
 * merge (one is not a valid update) stay rows: the page applies them one by one and reports the
 * bad one.
 */
export function inSlices(
	rows: StoredUpdate[],
	fromBytes = SLICE_FROM_BYTES,
	limits = SLICE_LIMITS
): StoredRead {
	const byDoc = new Map<string, StoredUpdate[]>();
	for (const row of rows) {
		const list = byDoc.get(row.doc);
		if (list) list.push(row);
		else byDoc.set(row.doc, [row]);
	}
	const kept: StoredUpdate[] = [];
	const sliced: SlicedDoc[] = [];
	for (const [doc, list] of byDoc) {
		const bytes = list.reduce((n, row) => n + (row.update?.byteLength ?? 0), 0);
		const slices = bytes > fromBytes ? slicedRows(list, limits) : null;
		if (slices) sliced.push({ doc, ids: list.map((row) => row.id!), slices });
		else kept.push(...list);
	}
	return { rows: kept, sliced };
}

function slicedRows(list: StoredUpdate[], limits: SliceLimits): Uint8Array[] | null {
	try {
		const updates = list.map((row) => row.update);
		return sliceUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates), limits);
	} catch {
		return null;
	}
}
