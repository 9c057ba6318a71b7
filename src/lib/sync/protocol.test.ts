import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
	encodeAck,
	encodeBatch,
	encodeDocMessage,
	encodeRole,
	encodeUpdateFrame,
	isDocName,
	readDocMessage,
	MESSAGE_ACK,
	MESSAGE_BATCH,
	MESSAGE_ROLE,
	readAck,
	readBatch,
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

describe('batches', () => {
	it('round-trips several documents’ messages in order', () => {
		const entries = [
			{ doc: '', message: encodeUpdateFrame(Uint8Array.of(1)) },
			{ doc: 'people.a7', message: encodeAck(3) },
			{ doc: 'people.a7', message: encodeUpdateFrame(Uint8Array.of(2, 3)) }
		];
		const frame = encodeBatch(entries);
		expect(frame[0]).toBe(MESSAGE_BATCH);
		const read = readBatch(frame)!;
		expect(read.map((e) => e.doc)).toEqual(['', 'people.a7', 'people.a7']);
		expect(read.map((e) => [...e.message])).toEqual(entries.map((e) => [...e.message]));
	});

	it('refuses a frame that is not a batch, is empty, truncated or names no valid document', () => {
		expect(readBatch(encodeDocMessage('', Uint8Array.of(0)))).toBeNull();
		expect(readBatch(Uint8Array.of(MESSAGE_BATCH))).toBeNull();
		const good = encodeBatch([{ doc: 'people.a7', message: Uint8Array.of(0, 1, 0) }]);
		expect(readBatch(good.subarray(0, good.length - 1))).toBeNull();
		expect(readBatch(encodeBatch([{ doc: '../x', message: Uint8Array.of(0) }]))).toBeNull();
		expect(readBatch(encodeBatch([{ doc: 'people.a7', message: new Uint8Array() }]))).toBeNull();
	});
});
