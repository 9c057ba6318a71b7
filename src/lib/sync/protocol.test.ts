import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeOutgoing } from './protocol';
import {
	encodeAck,
	encodeDocMessage,
	encodeRole,
	encodeUpdateFrame,
	isDocName,
	readDocMessage,
	MESSAGE_ACK,
	MESSAGE_AWARENESS,
	MESSAGE_ROLE,
	MESSAGE_SYNC,
	readAck,
	readRole,
	SYNC_STEP_1,
	SYNC_STEP_2,
	SYNC_UPDATE
} from './wire';

function syncFrame(write: (encoder: encoding.Encoder, doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('m').set('k', 'v');
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	write(encoder, doc);
	return encoding.toUint8Array(encoder);
}

describe('decodeOutgoing', () => {
	it('reads the sync subtype of real y-protocols frames', () => {
		expect(decodeOutgoing(syncFrame((e, d) => syncProtocol.writeSyncStep1(e, d)))).toEqual({
			type: MESSAGE_SYNC,
			syncType: SYNC_STEP_1
		});
		expect(decodeOutgoing(syncFrame((e, d) => syncProtocol.writeSyncStep2(e, d)))).toEqual({
			type: MESSAGE_SYNC,
			syncType: SYNC_STEP_2
		});
		const update = syncFrame((e, d) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(d)));
		expect(decodeOutgoing(update)).toEqual({ type: MESSAGE_SYNC, syncType: SYNC_UPDATE });
	});

	it('accepts ArrayBuffers and views into larger buffers', () => {
		const frame = syncFrame((e, d) => syncProtocol.writeSyncStep1(e, d));
		const padded = new Uint8Array(frame.length + 4);
		padded.set(frame, 2);
		expect(decodeOutgoing(padded.subarray(2, 2 + frame.length))?.syncType).toBe(SYNC_STEP_1);
		expect(decodeOutgoing(frame.slice().buffer)?.syncType).toBe(SYNC_STEP_1);
		expect(decodeOutgoing(new DataView(padded.buffer, 2, frame.length))?.syncType).toBe(
			SYNC_STEP_1
		);
	});

	it('tells awareness frames from sync frames', () => {
		expect(decodeOutgoing(Uint8Array.of(MESSAGE_AWARENESS, 0))).toEqual({
			type: MESSAGE_AWARENESS,
			syncType: null
		});
	});

	it('returns null for what it cannot read', () => {
		expect(decodeOutgoing('text')).toBeNull();
		expect(decodeOutgoing(new Uint8Array())).toBeNull();
		expect(decodeOutgoing(Uint8Array.of(0x80))).toBeNull(); // varUint cut short
		expect(decodeOutgoing(Uint8Array.of(MESSAGE_SYNC))).toBeNull(); // no subtype
	});

	it('reads multi-byte varUints', () => {
		expect(decodeOutgoing(Uint8Array.of(0x80, 0x01))).toEqual({ type: 128, syncType: null });
	});
});

describe('relay messages', () => {
	it('round-trips acks, including large counts', () => {
		for (const n of [0, 1, 127, 128, 300_000]) {
			const decoder = decoding.createDecoder(encodeAck(n));
			expect(decoding.readVarUint(decoder)).toBe(MESSAGE_ACK);
			expect(readAck(decoder)).toBe(n);
		}
	});

	it('round-trips roles and rejects unknown ones', () => {
		const decoder = decoding.createDecoder(encodeRole('viewer'));
		expect(decoding.readVarUint(decoder)).toBe(MESSAGE_ROLE);
		expect(readRole(decoder)).toBe('viewer');
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, 'admin');
		expect(readRole(decoding.createDecoder(encoding.toUint8Array(encoder)))).toBeNull();
	});
});

describe('document envelope', () => {
	it('round-trips a message of a named document and of the core document', () => {
		const inner = encodeUpdateFrame(Uint8Array.of(1, 2, 3));
		for (const doc of ['', 'people.a7', 'history.2026-12']) {
			const read = readDocMessage(encodeDocMessage(doc, inner));
			expect(read?.doc).toBe(doc);
			expect([...read!.message]).toEqual([...inner]);
		}
	});

	it('refuses frames that are not envelopes or name no valid document', () => {
		expect(readDocMessage(encodeUpdateFrame(Uint8Array.of(1)))).toBeNull();
		expect(readDocMessage(encodeDocMessage('../etc', Uint8Array.of(0)))).toBeNull();
		expect(readDocMessage(encodeDocMessage('People', Uint8Array.of(0)))).toBeNull();
		expect(readDocMessage(Uint8Array.of(6, 200))).toBeNull();
		expect(isDocName('a'.repeat(33))).toBe(false);
		expect(isDocName('orders.2026-12')).toBe(true);
	});
});
