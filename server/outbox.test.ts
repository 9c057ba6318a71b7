import { Duplex, type Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { flushSocket, frame, writeFrame } from './outbox.ts';

// ws's own frame parser (exported at runtime, absent from its type definitions).
const { Receiver } = wsModule as unknown as {
	Receiver: new (options: { isServer: boolean; maxPayload: number }) => Writable;
};

/** What a websocket client makes of these bytes: the messages, or the error. */
function parse(bytes: Buffer): Promise<Buffer[]> {
	return new Promise((resolve, reject) => {
		const receiver = new Receiver({ isServer: false, maxPayload: 0 });
		const messages: Buffer[] = [];
		receiver.on('message', (data: Buffer, isBinary: boolean) => {
			expect(isBinary).toBe(true);
			messages.push(Buffer.from(data));
		});
		receiver.on('error', reject);
		receiver.write(bytes, () => resolve(messages));
	});
}

/** A socket stand-in that records each write it is asked to make, as one buffer per call. */
function recordingSocket(): { socket: Duplex; writes: Buffer[] } {
	const writes: Buffer[] = [];
	const socket = new Duplex({
		read() {},
		write(chunk: Buffer, _encoding, callback) {
			writes.push(chunk);
			callback();
		},
		writev(chunks, callback) {
			writes.push(Buffer.concat(chunks.map((c) => c.chunk as Buffer)));
			callback();
		}
	});
	return { socket, writes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('frame', () => {
	it('frames payloads of every length class as one binary message', async () => {
		for (const length of [0, 1, 125, 126, 16_383, 16_384, 65_535, 65_536, 300_000]) {
			const payload = Buffer.alloc(length, length % 251);
			const messages = await parse(Buffer.concat(frame(payload)));
			expect(messages).toHaveLength(1);
			expect(messages[0].equals(payload)).toBe(true);
		}
	});

	it('copies small payloads but only references large ones', () => {
		const small = Buffer.alloc(100, 1);
		const large = Buffer.alloc(100_000, 2);
		expect(frame(small)).toHaveLength(1);
		const parts = frame(large);
		expect(parts).toHaveLength(2);
		expect(parts[1]).toBe(large);
	});
});

describe('writeFrame', () => {
	it('sends a lone message at once, and the rest of a burst in one write after the turn', async () => {
		const { socket, writes } = recordingSocket();
		const messages = [
			Buffer.from('a'),
			Buffer.alloc(20_000, 7),
			Buffer.from('c'),
			Buffer.alloc(70_000, 9)
		];
		for (const message of messages) writeFrame(socket, frame(message));
		expect(writes).toHaveLength(1);
		await nextTurn();
		expect(writes).toHaveLength(2);
		expect(await parse(Buffer.concat(writes))).toEqual(messages);
		expect(await parse(writes[1])).toEqual(messages.slice(1));

		// A new turn: the first message goes out at once again.
		writeFrame(socket, frame(Buffer.from('d')));
		expect(writes).toHaveLength(3);
		await nextTurn();
		expect(writes).toHaveLength(3);
	});

	it('sends a large first message whole, header and payload in one write', () => {
		const { socket, writes } = recordingSocket();
		writeFrame(socket, frame(Buffer.alloc(100_000, 3)));
		expect(writes).toHaveLength(1);
		expect(writes[0].length).toBe(100_010);
	});

	it('sends at once when flushed, so a close frame can follow', async () => {
		const { socket, writes } = recordingSocket();
		writeFrame(socket, frame(Buffer.from('first')));
		writeFrame(socket, frame(Buffer.from('last words')));
		expect(writes).toHaveLength(1);
		flushSocket(socket);
		expect(writes).toHaveLength(2);
		socket.write(Buffer.from([0x88, 0])); // a close frame, written by ws itself
		expect(writes).toHaveLength(3);
		await nextTurn();
		expect(writes).toHaveLength(3);
	});
});
