import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
	encodeAck,
	encodeDocMessage,
	encodeRole,
	encodeUpdateFrame,
	isDocName,
	readDocMessage,
	MESSAGE_ACK,
	MESSAGE_ROLE,
	readAck,
	readRole
} from './wire';

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
