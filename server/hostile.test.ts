// Whatever arrives from the network, the relay keeps serving: hostile request targets, random
// headers and bodies on plain requests and on websocket upgrades.
import fs from 'node:fs';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RelayProcess } from './test-helpers.ts';

let relay: RelayProcess;

beforeAll(async () => {
	relay = await startRelay({ env: { CREATE_WORKSPACE_BURST: '1000' } });
});

afterAll(async () => {
	await relay?.stop();
	fs.rmSync(relay.dataDir, { recursive: true, force: true });
});

/** Sends raw bytes, returns whatever comes back before the server closes or 1 s passes. */
function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		const done = () => {
			socket.destroy();
			resolve(answer);
		};
		socket.setTimeout(1000, done);
		socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
		socket.on('error', done);
		socket.on('close', done);
		socket.write(bytes);
	});
}

function upgradeRequest(target: string, extra = ''): string {
	return (
		`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
		`Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`
	);
}

async function healthy(): Promise<void> {
	expect(relay.child.exitCode).toBeNull();
	const res = await fetch(`${relay.http}/healthz`);
	expect(res.status).toBe(200);
}

describe('hostile request targets', () => {
	it.each(['//[', 'http://[', '//%', 'http://a:b@[::1', '//[::1]:99999/sync/x', '*'])(
		'an upgrade to %s is refused and the relay keeps serving',
		async (target) => {
			const answer = await rawRequest(relay.port, upgradeRequest(target));
			expect(answer).toMatch(/^HTTP\/1\.1 (400|404)/);
			await healthy();
		}
	);

	it.each(['//[', 'http://[', '//%', 'http://a:b@[::1'])(
		'a plain GET of %s is refused and the relay keeps serving',
		async (target) => {
			const answer = await rawRequest(
				relay.port,
				`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`
			);
			expect(answer).toMatch(/^HTTP\/1\.1 400/);
			await healthy();
		}
	);
});

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

const requestArb = fc.record({
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

describe('random requests', () => {
	it('leave the relay serving (fast-check property, seeded)', async () => {
		await fc.assert(
			fc.asyncProperty(requestArb, async (r) => {
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
				await rawRequest(relay.port, head + '\r\n' + r.body);
				expect(relay.child.exitCode).toBeNull();
			}),
			{ seed: 20240610, numRuns: 300 }
		);
		await healthy();
		expect(relay.lines.filter((l) => l.includes('"handler_failed"'))).toEqual([]);
	}, 120_000);
});
