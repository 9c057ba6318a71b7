// Message types on the wire. 0-3 are the standard y-websocket protocol; 4 and 5 are our app's
// extensions, sent only to clients that opt in with `crm=1`.
import * as encoding from 'lib0/encoding';
import type { Role } from './auth.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** `[4][varUint n]`: the first n sync messages this connection sent are durable. */
export const MESSAGE_ACK = 4;
/** `[5][varString role]`: the role the relay granted, sent right after authentication. */
export const MESSAGE_ROLE = 5;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes the relay uses; the app maps them to what it tells the user. */
export const CLOSE = {
	goingAway: 1001,
	internalError: 1011,
	malformed: 4400,
	/** The client did not read what the relay sent: its unsent bytes passed MAX_BUFFERED_BYTES. */
	tooSlow: 4408,
	invalidToken: 4401,
	revoked: 4403,
	unknownWorkspace: 4404,
	tooLarge: 4413,
	rateLimited: 4429,
	tooManyConnections: 4430
} as const;

export function encodeRole(role: Role): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ROLE);
	encoding.writeVarString(encoder, role);
	return encoding.toUint8Array(encoder);
}

export function encodeAck(count: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_ACK);
	encoding.writeVarUint(encoder, count);
	return encoding.toUint8Array(encoder);
}

/** A sync message `[0][subtype][varUint8Array payload]`. */
export function encodeSync(subtype: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, subtype);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** A copy of sync message `message` with another subtype (both are one-byte varuints). */
export function withSyncSubtype(message: Uint8Array, subtype: number): Uint8Array {
	if (message[0] !== MESSAGE_SYNC || message[1] > 127 || subtype > 127) {
		throw new Error('not a sync message with a one-byte subtype');
	}
	const copy = new Uint8Array(message);
	copy[1] = subtype;
	return copy;
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** The state vector of a peer that has nothing yet: zero clients. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.length === 1 && stateVector[0] === 0;
}

/** The update a peer sends when it has nothing new: no structs, empty delete set. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}
