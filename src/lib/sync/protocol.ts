/**
 * The relay's wire format: standard y-websocket messages (sync = 0, awareness = 1) plus two
 * messages the relay adds when the client connects with `crm=1`: an ack of durably stored sync
 * messages (4) and the connection's role (5).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_ACK = 4;
export const MESSAGE_ROLE = 5;

/** Subtypes of a sync message (y-protocols/sync). */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export const ROLES = ['owner', 'editor', 'viewer'] as const;
export type WorkspaceRole = (typeof ROLES)[number];

export function isRole(value: unknown): value is WorkspaceRole {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface OutgoingKind {
	type: number;
	/** The sync subtype when `type` is MESSAGE_SYNC, otherwise null. */
	syncType: number | null;
}

/** Reads the outer type (and the sync subtype) of a frame the client sends; null if unreadable. */
export function decodeOutgoing(data: unknown): OutgoingKind | null {
	const bytes = toBytes(data);
	if (bytes === null || bytes.length === 0) return null;
	try {
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		if (type !== MESSAGE_SYNC) return { type, syncType: null };
		return { type, syncType: decoding.readVarUint(decoder) };
	} catch {
		return null; // truncated varUint: not a frame the relay would count either
	}
}

function toBytes(data: unknown): Uint8Array | null {
	if (data instanceof Uint8Array) return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	if (ArrayBuffer.isView(data))
		return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	return null;
}

/** Reads the body of an ack (after its type): how many sync messages are durable. */
export function readAck(decoder: decoding.Decoder): number {
	return decoding.readVarUint(decoder);
}

/** Reads the body of a role message (after its type); null if it names no known role. */
export function readRole(decoder: decoding.Decoder): WorkspaceRole | null {
	const role = decoding.readVarString(decoder);
	return isRole(role) ? role : null;
}

export function encodeAck(n: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ACK);
	encoding.writeVarUint(encoder, n);
	return encoding.toUint8Array(encoder);
}

export function encodeRole(role: WorkspaceRole): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ROLE);
	encoding.writeVarString(encoder, role);
	return encoding.toUint8Array(encoder);
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

/** A sync update frame carrying `update`. */
export function encodeUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, SYNC_UPDATE);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
