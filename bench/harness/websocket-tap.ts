/** What the sync benches (sync.bench.ts, interactions.bench.ts) watch of a page's websockets. */
/**
 * Records every sync frame the page's websockets send or receive — [time, direction, document,
 * message type, sync step] on the pages' shared clock (epoch ms) — and when each socket opened.
 * Frames are the crm-docs envelope [6][document name][message] (wire.ts; names are short
 * ASCII, so their length is one byte), or a crm-batch batch [7] of such messages (each noted);
 * a plain frame is the core document's.
 */
export const WEBSOCKET_TAP = `(() => {
	const Base = window.WebSocket;
	const log = (window.__ws = { created: [], opened: [], frames: [] });
	const now = () => performance.timeOrigin + performance.now();
	const note = (dir, d) => {
		let b = d instanceof ArrayBuffer ? new Uint8Array(d)
			: ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : null;
		if (b === null || b.length < 2) return;
		if (b[0] === 7) {
			// A batch (crm-batch): [varString doc][varUint8Array message], each noted on its own.
			let i = 1;
			const varUint = () => {
				let n = 0, shift = 0, c;
				do { c = b[i++]; n += (c & 127) * 2 ** shift; shift += 7; } while (c >= 128);
				return n;
			};
			while (i < b.length) {
				const nameLength = varUint();
				const name = String.fromCharCode(...b.subarray(i, i + nameLength));
				i += nameLength;
				const length = varUint();
				const m = b.subarray(i, i + length);
				i += length;
				if (m.length > 1 && m[0] === 0) log.frames.push([now(), dir, name, m[0], m[1]]);
			}
			return;
		}
		let doc = '';
		if (b[0] === 6) {
			const length = b[1];
			doc = String.fromCharCode(...b.subarray(2, 2 + length));
			b = b.subarray(2 + length);
		}
		if (b.length > 1 && b[0] === 0) log.frames.push([now(), dir, doc, b[0], b[1]]);
	};
	window.WebSocket = class extends Base {
		constructor(...args) {
			super(...args);
			log.created.push(now());
			this.addEventListener('open', () => log.opened.push(now()));
			this.addEventListener('message', (e) => note('in', e.data));
		}
		send(d) {
			note('out', d);
			return super.send(d);
		}
	};
})();`;
export type Frame = [time: number, dir: 'in' | 'out', doc: string, type: number, step: number];
