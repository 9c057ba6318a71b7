// The relay's own wire helpers. What the app and the relay share — message types, sync
// subtypes, close codes, roles, and the ack, role and sync frames — is src/lib/sync/wire.ts.
import * as encoding from 'lib0/encoding';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../src/lib/sync/wire.ts';

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
