/**
 * The wire between the app and the relay, written once for both: message types, sync subtypes,
 * close codes, roles, and the frames both sides encode and decode. The relay imports this file
 * by its relative path (`../src/lib/sync/wire.ts`, run by tsx), the app through Vite, so it
 * imports nothing but lib0: no `$lib/` alias, no Node or browser API.
 *
 * Message types 0-3 are the standard y-websocket protocol; 4 to 7 are our extensions, sent
 * only to clients that opt in (`crm=1`, or the `crm`, `crm-docs`, `crm-batch` subprotocols).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** `[4][varUint n]`: the first n sync messages this connection sent are durable. */
export const MESSAGE_ACK = 4;
/** `[5][varString role]`: the role the relay granted, sent right after authentication. */
export const MESSAGE_ROLE = 5;
/**
 * `[6][varString doc][message]`: `message` (any of the above but 2 and 5) belongs to document
 * `doc` of the workspace. Only on a connection that opted in with the `crm-docs` subprotocol,
 * where every message but the role is one of these: one socket, one authentication and one
 * role carry all of a workspace's documents.
 */
export const MESSAGE_DOC = 6;
/**
 * `[7]([varString doc][varUint8Array message])+`: several document messages in one frame, each
 * as a `[6]` frame would carry it, in order. Only on a connection that opted in with the
 * `crm-batch` subprotocol (which is a `crm-docs` connection that may also send and receive
 * these): a new device subscribes hundreds of documents, and the relay answers them, in a few
 * frames instead of thousands.
 */
export const MESSAGE_BATCH = 7;

/** The subprotocol a client offers to carry many documents over one connection. */
export const SUBPROTOCOL_DOCS = 'crm-docs';
/**
 * `crm-docs` with batches (MESSAGE_BATCH) both ways. A client offers both: a relay that
 * predates batches answers `crm-docs`, and the client then sends no batch.
 */
export const SUBPROTOCOL_BATCH = 'crm-batch';

/**
 * A workspace's documents: the core document is '' (what `/sync/<workspaceId>` serves, and
 * every workspace of one document holds); others are named like `people.a7` or
 * `history.2026-12` and served alone at `/sync/<workspaceId>/<doc>`.
 */
export const CORE_DOC = '';
const DOC_NAME = /^[a-z][a-z0-9-]{0,31}(?:\.[a-z0-9-]{1,32}){0,2}$/;

export function isDocName(name: unknown): name is string {
	return name === CORE_DOC || (typeof name === 'string' && DOC_NAME.test(name));
}

/** Wraps one protocol message of document `doc`. */
export function encodeDocMessage(doc: string, message: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_DOC);
	encoding.writeVarString(encoder, doc);
	encoding.writeUint8Array(encoder, message);
	return encoding.toUint8Array(encoder);
}

/**
 * The document and inner message of a `[6]` frame, or null if the frame is not one or names
 * no valid document. The inner message is a view into `frame`, not a copy.
 */
export function readDocMessage(frame: Uint8Array): { doc: string; message: Uint8Array } | null {
	try {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE_DOC) return null;
		const doc = decoding.readVarString(decoder);
		if (!isDocName(doc)) return null;
		return { doc, message: frame.subarray(decoder.pos) };
	} catch {
		return null;
	}
}

/** One document's message in a batch. */
export interface DocMessage {
	doc: string;
	message: Uint8Array;
}

/** A `[7]` frame carrying `entries` (at least one). */
export function encodeBatch(entries: readonly DocMessage[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_BATCH);
	for (const { doc, message } of entries) {
		encoding.writeVarString(encoder, doc);
		encoding.writeVarUint8Array(encoder, message);
	}
	return encoding.toUint8Array(encoder);
}

/** `entries` (at least one) as one frame: a document message when alone, else a batch. */
export function encodeDocMessages(entries: readonly DocMessage[]): Uint8Array {
	return entries.length === 1
		? encodeDocMessage(entries[0].doc, entries[0].message)
		: encodeBatch(entries);
}

/**
 * The document messages of a `[7]` frame (views into `frame`), or null if the frame is not
 * one, is truncated, holds no entry or an empty message, or names an invalid document.
 */
export function readBatch(frame: Uint8Array): DocMessage[] | null {
	try {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE_BATCH) return null;
		const entries: DocMessage[] = [];
		while (decoding.hasContent(decoder)) {
			const doc = decoding.readVarString(decoder);
			const message = decoding.readVarUint8Array(decoder);
			if (!isDocName(doc) || message.length === 0) return null;
			entries.push({ doc, message });
		}
		return entries.length > 0 ? entries : null;
	} catch {
		return null;
	}
}

/** Subtypes of a sync message (y-protocols/sync). */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/**
 * The websocket close codes the relay uses. What each means to the app (retry or not, what to
 * tell the person) is src/lib/sync/close-codes.ts, which must give every code here a meaning
 * (its test checks).
 */
export const CLOSE = {
	goingAway: 1001,
	internalError: 1011,
	malformed: 4400,
	invalidToken: 4401,
	revoked: 4403,
	unknownWorkspace: 4404,
	/** The client did not read what the relay sent: its unsent bytes passed MAX_BUFFERED_BYTES. */
	tooSlow: 4408,
	tooLarge: 4413,
	rateLimited: 4429,
	tooManyConnections: 4430,
	/** A `crm-docs` connection asked for more documents than the relay carries on one socket. */
	tooManyDocuments: 4431
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** The roles an invite grants, strongest first. */
export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** `[4][varUint count]`: the first `count` sync messages of this connection are durable. */
export function encodeAck(count: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ACK);
	encoding.writeVarUint(encoder, count);
	return encoding.toUint8Array(encoder);
}

/** Reads the body of an ack (after its type): how many sync messages are durable. */
export function readAck(decoder: decoding.Decoder): number {
	return decoding.readVarUint(decoder);
}

/** `[5][varString role]`: the role the relay granted this connection. */
export function encodeRole(role: Role): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ROLE);
	encoding.writeVarString(encoder, role);
	return encoding.toUint8Array(encoder);
}

/** Reads the body of a role message (after its type); null if it names no known role. */
export function readRole(decoder: decoding.Decoder): Role | null {
	const role = decoding.readVarString(decoder);
	return isRole(role) ? role : null;
}

/** A sync message `[0][subtype][varUint8Array payload]`. */
export function encodeSync(subtype: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, subtype);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A sync update frame carrying `update`. */
export function encodeUpdateFrame(update: Uint8Array): Uint8Array {
	return encodeSync(SYNC_UPDATE, update);
}

/** The Yjs update inside a sync update frame, or null for any other frame. */
export function readUpdateFrame(frame: Uint8Array): Uint8Array | null {
	try {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
		if (decoding.readVarUint(decoder) !== SYNC_UPDATE) return null;
		return decoding.readVarUint8Array(decoder);
	} catch {
		return null;
	}
}
