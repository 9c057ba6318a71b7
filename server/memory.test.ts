// Memory follows the live documents: a released workspace leaves nothing behind in the relay.
// The relay runs in this process so the test can see its rooms and collect garbage.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { createRelay, type Relay } from './relay.ts';
import { SyncClient, tempDir } from './test-helpers.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let relay: Relay;
let port: number;
let dataDir: string;

beforeAll(async () => {
	dataDir = tempDir('relay-memory-');
	relay = createRelay(
		loadConfig({
			HOST: '127.0.0.1',
			PORT: '0',
			DATA_DIR: dataDir,
			STATIC_DIR: path.join(dataDir, 'no-build'),
			WORKSPACE_IDLE_MS: '0'
		})
	);
	port = await relay.listen();
});

afterAll(async () => {
	await relay.shutdown();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('released workspaces', () => {
	it('give their documents back', async () => {
		const internals = relay.rooms as unknown as { rooms: Map<string, object> };
		const store = relay.store as unknown as { documents: Map<string, object> };
		const refs: WeakRef<object>[] = [];
		gc();
		const baseline = process.memoryUsage().heapUsed;
		for (let w = 0; w < 20; w++) {
			const { workspace, token } = await relay.auth.createWorkspace({ name: `W${w}` });
			const client = new SyncClient(
				`ws://127.0.0.1:${port}/sync/${workspace.id}?token=${token}&crm=1`
			);
			await client.opened;
			await client.waitSynced();
			for (let i = 0; i < 10; i++) client.doc.getMap('m').set('big', `${i}`.repeat(200_000));
			await client.waitAcked();
			// Rooms are keyed `<workspaceId>/<doc>`; this is the core document's.
			refs.push(new WeakRef(internals.rooms.get(`${workspace.id}/`)!));
			await client.close();
			client.doc.destroy();
		}
		await until(() => internals.rooms.size === 0, 'rooms released');
		await until(() => store.documents.size === 0, 'store released');
		for (let i = 0; i < 3; i++) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			gc();
		}
		expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
		// 20 × 10 × 200 KB went through; what stays is a few MB at most.
		expect(process.memoryUsage().heapUsed - baseline).toBeLessThan(8 * 1024 * 1024);
	}, 60_000);
});
