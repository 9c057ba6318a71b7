import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countingWebSocket, mergeMany } from './counting-websocket';
import { decodeOutgoing } from './protocol';
import { encodeUpdateFrame, MESSAGE_AWARENESS, readUpdateFrame, SYNC_UPDATE } from './wire';

/** A socket that only records what is sent. */
function stubBase(wire: unknown[]): typeof WebSocket {
	class StubSocket {
		constructor(_url: string | URL, _protocols?: string | string[]) {}
		send(data: unknown): void {
			wire.push(data);
		}
	}
	return StubSocket as unknown as typeof WebSocket;
}

function setup() {
	const wire: unknown[] = [];
	const created: WebSocket[] = [];
	const reported: unknown[] = [];
	const Socket = countingWebSocket(stubBase(wire), {
		created: (socket) => created.push(socket),
		sent: (_socket, data) => reported.push(data)
	});
	const socket = new Socket('ws://relay/sync/w1');
	return { wire, created, reported, socket };
}

/** The update frames y-websocket would send for `n` separate edits. */
function editFrames(n: number): { frames: Uint8Array[]; doc: Y.Doc } {
	const doc = new Y.Doc();
	const frames: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => frames.push(encodeUpdateFrame(update)));
	for (let i = 0; i < n; i++) doc.getMap('m').set(`k${i}`, i);
	return { frames, doc };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('countingWebSocket', () => {
	it('reports each socket it creates', () => {
		const { created, socket } = setup();
		expect(created).toEqual([socket]);
	});

	it('sends a lone update frame as it is, after the current task', async () => {
		const { wire, reported, socket } = setup();
		const { frames } = editFrames(1);
		socket.send(frames[0]);
		expect(wire).toEqual([]);
		await tick();
		expect(wire).toEqual([frames[0]]);
		expect(reported).toEqual([frames[0]]);
	});

	it('merges the update frames of one task into one frame that carries them all', async () => {
		const { wire, reported, socket } = setup();
		const { frames, doc } = editFrames(50);
		for (const frame of frames) socket.send(frame);
		await tick();
		expect(wire).toHaveLength(1);
		expect(reported).toEqual(wire);
		expect(decodeOutgoing(wire[0])?.syncType).toBe(SYNC_UPDATE);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, readUpdateFrame(wire[0] as Uint8Array) as Uint8Array);
		expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
	});

	it('keeps frames in order: buffered updates go before any other frame', () => {
		const { wire, socket } = setup();
		const { frames } = editFrames(2);
		const awareness = Uint8Array.of(MESSAGE_AWARENESS, 0);
		socket.send(frames[0]);
		socket.send(frames[1]);
		socket.send(awareness);
		expect(wire.map((frame) => decodeOutgoing(frame)?.type)).toEqual([0, MESSAGE_AWARENESS]);
	});

	it('does not report a frame the socket refused', () => {
		const reported: unknown[] = [];
		class Closed {
			send(): void {
				throw new Error('InvalidStateError');
			}
		}
		const Socket = countingWebSocket(Closed as unknown as typeof WebSocket, {
			created: () => {},
			sent: (_s, data) => reported.push(data)
		});
		expect(() => new Socket('ws://x').send(Uint8Array.of(MESSAGE_AWARENESS, 0))).toThrow();
		expect(reported).toEqual([]);
	});
});

describe('mergeMany', () => {
	it('gives the same document as merging all at once', () => {
		const { frames, doc } = editFrames(300);
		const updates = frames.map((frame) => readUpdateFrame(frame) as Uint8Array);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, mergeMany(updates));
		expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
		expect(mergeMany([updates[0]])).toBe(updates[0]);
	});
});
