// Hostile HTTP requests, shared by hostile.test.ts (a fast-check property) and the fault suite:
// request targets made of the pieces that broke URL parsers before, random headers (the
// websocket ones included) and bodies, written as raw bytes to a socket.
import net from 'node:net';
import fc from 'fast-check';

/** Targets that once stopped the relay (new URL threw in the upgrade handler). */
export const KNOWN_BAD_TARGETS = [
	'//[',
	'http://[',
	'//%',
	'http://a:b@[::1',
	'*',
	'//[::1]:99999/x'
];

const TARGET_PARTS = [
	'/',
	'//',
	'/sync/',
	'/sync/abcdefgh12',
	'/api/workspaces',
	'/api/workspaces/__proto__/session',
	'/api/workspaces/abcdefgh/invites/x',
	'/healthz',
	'/metrics',
	'http://',
	'[',
	']',
	'%',
	'%zz',
	'%00',
	'@',
	':',
	'?',
	'?token=',
	'&crm=1',
	'#',
	'..',
	'\\',
	'ü',
	'\u0000',
	'constructor',
	'__proto__'
];

const targetArb = fc.oneof(
	fc.array(fc.constantFrom(...TARGET_PARTS), { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
	fc.string({ maxLength: 40 }).map((s) => '/' + s),
	fc.string({ unit: 'binary', maxLength: 30 })
);

const headerArb = fc.tuple(
	fc.constantFrom(
		'Authorization',
		'Content-Type',
		'Content-Length',
		'Sec-WebSocket-Protocol',
		'Sec-WebSocket-Key',
		'Sec-WebSocket-Version',
		'Sec-WebSocket-Extensions',
		'X-Forwarded-For',
		'Transfer-Encoding',
		'Origin',
		'X-Junk'
	),
	fc.oneof(
		fc.string({ maxLength: 60 }),
		fc.constantFrom(
			'Bearer x.y',
			'crm, token.a.b',
			'token.',
			'permessage-deflate; client_max_window_bits=99',
			'chunked',
			'-1',
			'99999999999',
			'13'
		)
	)
);

export interface HostileRequest {
	method: string;
	target: string;
	upgrade: boolean;
	headers: Array<[string, string]>;
	body: string;
}

export const requestArb: fc.Arbitrary<HostileRequest> = fc.record({
	method: fc.constantFrom('GET', 'POST', 'DELETE', 'OPTIONS', 'PUT', 'HEAD', 'BREW', ''),
	target: targetArb,
	upgrade: fc.boolean(),
	headers: fc.array(headerArb, { maxLength: 5 }),
	body: fc.oneof(
		fc.constant(''),
		fc.json({ maxDepth: 2 }),
		fc.string({ maxLength: 200 }),
		fc.constantFrom('{"id":"__proto__","name":"x"}', '{"id":"constructor","name":"x"}', '{"name":')
	)
});

/** The request as bytes on the wire (line breaks inside values are flattened). */
export function renderRequest(r: HostileRequest): string {
	const clean = (s: string) => s.replace(/[\r\n]/g, ' ');
	let head = `${r.method} ${clean(r.target)} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
	if (r.upgrade) {
		head +=
			'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
			'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
	} else head += 'Connection: close\r\n';
	for (const [name, value] of r.headers) head += `${name}: ${clean(value)}\r\n`;
	if (r.body !== '' && !r.headers.some(([n]) => /length|encoding/i.test(n))) {
		head += `Content-Length: ${Buffer.byteLength(r.body)}\r\n`;
	}
	return head + '\r\n' + r.body;
}

/** An upgrade request for `target`, as the reproduction sends it. */
export function upgradeRequest(target: string): string {
	return (
		`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
		`Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
	);
}

/** Sends raw bytes, returns whatever comes back before the server closes or `waitMs` passes. */
export function rawRequest(port: number, bytes: string | Buffer, waitMs = 1000): Promise<string> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		const done = () => {
			socket.destroy();
			resolve(answer);
		};
		socket.setTimeout(waitMs, done);
		socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
		socket.on('error', done);
		socket.on('close', done);
		socket.write(bytes);
	});
}
