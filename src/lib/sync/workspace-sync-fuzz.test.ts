/**
 * Seeded convergence test in the yjs style: several devices edit many documents through the
 * fake relay while connections drop (restart, overload), devices go offline and back, acks are
 * held back and documents are removed and added again; at the end every device and the relay
 * hold the same documents and nothing is left pending. The seed and the operations are logged
 * on failure; pin a failing seed below as a named case. More seeds: FUZZ_SEEDS=100,101,… .
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import { seededRandom } from '$lib/domain/seeded-random';
import { FakeRelay } from './testing/fake-relay';
import { WorkspaceSync } from './workspace-sync';
import { CORE_DOC } from './wire';

const NodeWebSocket = WS as unknown as typeof WebSocket;
const DEVICES = 3;
const NAMES = [CORE_DOC, ...Array.from({ length: 19 }, (_, i) => `people.f${i}`)];

async function waitFor(check: () => boolean, timeout: number): Promise<boolean> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeout) return false;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	return true;
}

let relay: FakeRelay;
beforeEach(async () => {
	relay = await FakeRelay.start();
	relay.addWorkspace('w1', { edit: 'editor' });
});
afterEach(() => relay.stop());

async function run(seed: number, steps: number): Promise<void> {
	const random = seededRandom(seed);
	const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
	const log: string[] = [];
	const devices = Array.from({ length: DEVICES }, () => {
		const docs = new Map(NAMES.map((name) => [name, new Y.Doc()]));
		const sync = new WorkspaceSync({
			relayUrl: relay.url,
			workspaceId: 'w1',
			token: 'edit',
			WebSocket: NodeWebSocket,
			storage: null,
			disableBc: true,
			random,
			docs
		});
		return { docs, sync };
	});
	try {
		for (let step = 0; step < steps; step++) {
			const d = Math.floor(random() * DEVICES);
			const { docs, sync } = devices[d];
			const roll = random();
			if (roll < 0.7) {
				const name = pick(NAMES);
				const key = `k${Math.floor(random() * 30)}`;
				log.push(`${d} set ${name || "''"} ${key}=${step}`);
				docs.get(name)?.getMap('m').set(key, step);
			} else if (roll < 0.78) {
				const offline = !sync.workOffline;
				log.push(`${d} workOffline ${offline}`);
				sync.setWorkOffline(offline);
			} else if (roll < 0.83) {
				const code = pick([1001, 1011, 4408, 4429]);
				log.push(`relay closes all with ${code}`);
				relay.closeAll(code);
			} else if (roll < 0.88) {
				relay.autoAck = !relay.autoAck;
				log.push(`relay autoAck ${relay.autoAck}`);
				if (relay.autoAck) relay.releaseAcks();
			} else if (roll < 0.92) {
				const name = pick(NAMES.slice(1));
				log.push(`${d} remove and add ${name}`);
				sync.remove(name);
				sync.add(name, docs.get(name) as Y.Doc);
			} else {
				log.push('wait');
				await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 20)));
			}
			if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, 0));
		}
		log.push('settle');
		relay.autoAck = true;
		relay.releaseAcks();
		for (const { sync } of devices) {
			sync.setWorkOffline(false);
			sync.reconnect(); // skip a retry-later wait
		}
		const state = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap('m').toJSON()).sort());
		const converged = () =>
			devices.every(({ sync }) => sync.status.status === 'synced' && sync.status.pending === 0) &&
			NAMES.every((name) =>
				devices.every(({ docs }) => state(docs.get(name) as Y.Doc) === state(relay.doc('w1', name)))
			);
		const ok = await waitFor(converged, 10_000);
		if (!ok) {
			const statuses = devices.map(({ sync }) => sync.status);
			throw new Error(
				`seed ${seed} did not converge: ${JSON.stringify(statuses)}\n${log.join('\n')}`
			);
		}
		expect(ok).toBe(true);
	} finally {
		for (const { sync } of devices) sync.destroy();
	}
}

describe('WorkspaceSync convergence (seeded)', () => {
	for (const seed of (process.env.FUZZ_SEEDS ?? '1,2,3,4,5').split(',').map(Number)) {
		it(
			`converges with drops, offline spells and held acks, seed ${seed}`,
			() => run(seed, 200),
			20_000
		);
	}
	it('converges with a seed of the day', () => {
		const seed = Math.floor(Math.random() * 2 ** 31);
		console.log(`workspace-sync fuzz seed ${seed}`);
		return run(seed, 200);
	}, 20_000);
});
