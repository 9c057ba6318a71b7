// Whatever arrives from the network, the relay keeps serving: hostile request targets, random
// headers and bodies on plain requests and on websocket upgrades.
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	KNOWN_BAD_TARGETS,
	rawRequest,
	renderRequest,
	requestArb,
	upgradeRequest
} from './faults/hostile-requests.ts';
import {
	SyncClient,
	createWorkspace,
	fetchDoc,
	startRelay,
	syncUrl,
	syncedClient,
	type RelayProcess
} from './test-helpers.ts';

let relay: RelayProcess;

beforeAll(async () => {
	relay = await startRelay({ env: { CREATE_WORKSPACE_BURST: '1000' } });
});

afterAll(async () => {
	await relay?.stop();
	fs.rmSync(relay.dataDir, { recursive: true, force: true });
});

async function healthy(): Promise<void> {
	expect(relay.child.exitCode).toBeNull();
	const res = await fetch(`${relay.http}/healthz`);
	expect(res.status).toBe(200);
}

describe('hostile request targets', () => {
	it.each(KNOWN_BAD_TARGETS)(
		'an upgrade to %s is refused and the relay keeps serving',
		async (target) => {
			const answer = await rawRequest(relay.port, upgradeRequest(target));
			expect(answer).toMatch(/^HTTP\/1\.1 (400|404)/);
			await healthy();
		}
	);

	it.each(KNOWN_BAD_TARGETS.slice(0, 4))(
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

describe('random requests', () => {
	it('leave the relay serving (fast-check property, seeded)', async () => {
		await fc.assert(
			fc.asyncProperty(requestArb, async (request) => {
				await rawRequest(relay.port, renderRequest(request));
				expect(relay.child.exitCode).toBeNull();
			}),
			{ seed: 20240610, numRuns: 300 }
		);
		await healthy();
		expect(relay.lines.filter((l) => l.includes('"handler_failed"'))).toEqual([]);
	}, 120_000);
});

/** Messages that start like protocol messages (sync, awareness, query) and go wrong after. */
const messageArb = fc.oneof(
	fc.uint8Array({ maxLength: 64 }),
	fc
		.tuple(
			fc.constantFrom(0, 1, 2, 3, 4, 5),
			fc.constantFrom(0, 1, 2),
			fc.uint8Array({ maxLength: 64 })
		)
		.map(([type, sub, rest]) => Uint8Array.from([type, sub, ...rest])),
	fc.tuple(fc.nat(5), fc.string({ maxLength: 40 })).map(([n, json]) => {
		const text = Buffer.from(json);
		return Uint8Array.from([1, text.length + 4, 1, n, 1, text.length, ...text]);
	})
);

describe('random websocket messages', () => {
	it('close at most their sender; the relay and a bystander keep working (seeded)', async () => {
		const ws = await createWorkspace(relay);
		const url = syncUrl(relay, ws.workspaceId, ws.token);
		const bystander = await syncedClient(url);
		await fc.assert(
			fc.asyncProperty(fc.array(messageArb, { minLength: 1, maxLength: 5 }), async (messages) => {
				const client = new SyncClient(url);
				await client.opened;
				for (const message of messages) {
					if (client.ws.readyState === client.ws.OPEN) client.sendRaw(message);
				}
				await new Promise((resolve) => setTimeout(resolve, 5));
				client.ws.terminate();
				expect(relay.child.exitCode).toBeNull();
			}),
			{ seed: 7, numRuns: 150 }
		);
		bystander.doc.getMap('m').set('still', 'here');
		await bystander.waitAcked();
		expect(bystander.closeCode).toBeNull();
		expect((await fetchDoc(url)).getMap('m').get('still')).toBe('here');
		await healthy();
		// Every bad message was recognised as such: nothing failed inside the relay.
		expect(relay.lines.filter((l) => /"(handler|message)_failed"/.test(l))).toEqual([]);
		await bystander.close();
	}, 120_000);
});
