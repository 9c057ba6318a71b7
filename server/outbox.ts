// The relay's send path. A message bound for many connections is framed once (server frames
// are unmasked, so the bytes are the same for everyone) and written straight to each socket.
// A socket's first message in a turn of the event loop goes out at once; more in the same turn
// are corked and leave together right after it, so a burst of updates costs two writes per
// socket instead of one per message: loopback syscalls, not Yjs, were most of the relay's CPU
// time under fan-out.
import type { Duplex } from 'node:stream';

/** A binary websocket message framed for writing: [header, payload] or [header + payload]. */
export type Frame = readonly Uint8Array[];

// Small payloads are copied into the header's buffer: one chunk per write is cheaper for the
// socket than two. Large ones (a whole document) are referenced, never copied.
const MERGE_BELOW = 16 * 1024;

/** Frames `payload` as one final, unmasked binary message (RFC 6455 §5.2). */
export function frame(payload: Uint8Array): Frame {
	const length = payload.length;
	const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const merged = length < MERGE_BELOW;
	const out = Buffer.allocUnsafe(merged ? headerBytes + length : headerBytes);
	out[0] = 0x82; // FIN + binary
	if (length < 126) {
		out[1] = length;
	} else if (length < 65536) {
		out[1] = 126;
		out.writeUInt16BE(length, 2);
	} else {
		out[1] = 127;
		out.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
		out.writeUInt32BE(length >>> 0, 6);
	}
	if (!merged) return [out, payload];
	out.set(payload, headerBytes);
	return [out];
}

/** Sockets written to in this turn of the event loop; the corked ones among them. */
const written = new Set<Duplex>();
const corked: Duplex[] = [];
let turnEndScheduled = false;

/**
 * Writes a frame to a socket. The first frame of a turn of the event loop goes out at once (no
 * added latency for a lone update); later ones in the same turn wait, corked, and leave
 * together with one writev right after it.
 */
export function writeFrame(socket: Duplex, message: Frame): void {
	if (!written.has(socket)) {
		written.add(socket);
		if (!turnEndScheduled) {
			turnEndScheduled = true;
			setImmediate(endTurn);
		}
		writeNow(socket, message);
		return;
	}
	if (!socket.writableCorked) {
		socket.cork();
		corked.push(socket);
	}
	for (const chunk of message) socket.write(chunk);
}

/** Sends what this socket holds now, e.g. before a close frame that must follow it. */
export function flushSocket(socket: Duplex): void {
	while (socket.writableCorked > 0) socket.uncork();
}

function writeNow(socket: Duplex, message: Frame): void {
	if (message.length === 1) {
		socket.write(message[0]);
		return;
	}
	socket.cork();
	for (const chunk of message) socket.write(chunk);
	socket.uncork();
}

function endTurn(): void {
	turnEndScheduled = false;
	written.clear();
	for (const socket of corked.splice(0)) {
		try {
			flushSocket(socket);
		} catch {
			socket.destroy(); // a socket that cannot be written to is of no use to anyone
		}
	}
}
