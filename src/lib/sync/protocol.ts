/**
 * What only the app reads on the wire: the kind of a frame it is about to send. The wire itself
 * (message types, sync subtypes, close codes, roles, ack, role and sync frames) is shared with
 * the relay in ./wire.
 */
import * as decoding from 'lib0/decoding';
import { MESSAGE_SYNC, type Role } from './wire';

/** The relay's roles under the name session/ gives them. */
export type WorkspaceRole = Role;

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
