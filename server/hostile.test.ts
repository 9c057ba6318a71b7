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
import { startRelay, type RelayProcess } from './test-helpers.ts';

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
