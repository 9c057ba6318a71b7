/**
 * WorkspaceSync against the real relay (server/main.ts): many documents over one socket per
 * device, a relay restart in the middle of it, and a viewer.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import { createInvite, createWorkspace } from './relay-api';
import {
	RELAY_MAIN,
	startRelay,
	stopRelay,
	waitFor,
	type RunningRelay
} from './testing/real-relay';
import { WorkspaceSync, type WorkspaceSyncOptions } from './workspace-sync';
import { CORE_DOC } from './wire';

const NodeWebSocket = WS as unknown as typeof WebSocket;

/** The core document and `n - 1` shards, each empty. */
function docs(n: number): Map<string, Y.Doc> {
	const all = new Map<string, Y.Doc>([[CORE_DOC, new Y.Doc()]]);
	for (let i = 1; i < n; i++) all.set(`people.s${i}`, new Y.Doc());
	return all;
}

/** Each document's map `m`, its keys sorted (peers integrate keys in different orders). */
const contents = (all: Map<string, Y.Doc>) =>
	[...all].map(([name, doc]) => [name, Object.entries(doc.getMap('m').toJSON()).sort()]);

describe.skipIf(!existsSync(RELAY_MAIN))('WorkspaceSync against the real relay', () => {
	let dataDir: string;
	let relay: RunningRelay;
	let workspaceId: string;
	let ownerToken: string;
	const open: WorkspaceSync[] = [];

	const start = (options: Partial<WorkspaceSyncOptions>) => {
		const sync = new WorkspaceSync({
			relayUrl: relay.url,
			workspaceId,
			token: ownerToken,
			WebSocket: NodeWebSocket,
			storage: null,
			disableBc: true,
			...options
		});
		open.push(sync);
		return sync;
	};
	const synced = (s: WorkspaceSync) => s.status.status === 'synced';

	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'crm-workspace-sync-it-'));
		relay = await startRelay(dataDir);
		const created = await createWorkspace(relay.url, { name: 'Acme', memberName: 'Ada' });
		if (!created.ok) throw new Error(created.message);
		workspaceId = created.workspaceId;
		ownerToken = created.token;
	});

	afterEach(() => {
		for (const sync of open.splice(0)) sync.destroy();
	});

	afterAll(async () => {
		if (relay) await stopRelay(relay);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('converges 50 documents between two devices, one socket each', async () => {
		const a = docs(50);
		const b = docs(50);
		const sa = start({ docs: a });
		const sb = start({ docs: b });
		await Promise.all([sa.allSynced(), sb.allSynced()]);
		await waitFor(() => synced(sa) && synced(sb), 'both synced');
		expect(sa.status.role).toBe('owner');

		let i = 0;
		for (const doc of a.values()) doc.getMap('m').set('a', i++);
		for (const doc of b.values()) doc.getMap('m').set('b', i++);
		await waitFor(
			() => JSON.stringify(contents(a)) === JSON.stringify(contents(b)),
			'every document to converge'
		);
		expect(a.get('people.s49')?.getMap('m').size).toBe(2);
		await waitFor(() => sa.status.pending === 0 && sb.status.pending === 0, 'confirmations');

		// What the relay confirmed is what a newcomer gets.
		const c = docs(50);
		const sc = start({ docs: c });
		await sc.allSynced();
		expect(contents(c)).toEqual(contents(a));
	});

	it('converges and confirms everything when the relay restarts in the middle of it', async () => {
		const a = docs(50);
		const b = docs(50);
		const sa = start({ docs: a });
		await waitFor(() => synced(sa), 'a synced');
		const names = [...a.keys()];
		let written = 0;
		const write = (count: number) => {
			for (let k = 0; k < count; k++) {
				const name = names[written % names.length];
				a.get(name)?.getMap('r').set(`k${written}`, written);
				written++;
			}
		};
		write(200);
		await new Promise((resolve) => setTimeout(resolve, 5));
		write(200);
		// b's first sync is under way, and some of a's changes are confirmed, some not.
		const sb = start({ docs: b });
		await new Promise((resolve) => setTimeout(resolve, 20));
		await stopRelay(relay, 'SIGKILL');
		write(200); // written while the relay is down
		expect(sa.status.pending).toBeGreaterThan(0);
		relay = await startRelay(dataDir, relay.port);
		await waitFor(() => synced(sa) && synced(sb), 'both back', 15_000);
		await waitFor(() => sa.status.pending === 0, 'every change confirmed', 15_000);
		const total = () => [...b.values()].reduce((n, doc) => n + doc.getMap('r').size, 0);
		await waitFor(() => total() === written, 'every change at b', 15_000);
		for (const [name, doc] of a) {
			expect(b.get(name)?.getMap('r').toJSON()).toEqual(doc.getMap('r').toJSON());
		}
	});

	it('refuses a viewer’s writes and never confirms them, while the viewer still reads', async () => {
		const invite = await createInvite(relay.url, workspaceId, ownerToken, {
			role: 'viewer',
			label: 'Sam'
		});
		if (!invite.ok) throw new Error(invite.message);
		const owner = docs(5);
		const viewer = docs(5);
		const so = start({ docs: owner });
		const sv = start({ docs: viewer, token: invite.invite.token });
		await waitFor(() => synced(so) && synced(sv), 'both synced');
		expect(sv.status.role).toBe('viewer');

		viewer.get('people.s3')?.getMap('v').set('sneaky', true);
		owner.get('people.s3')?.getMap('v').set('owner', true);
		await waitFor(() => viewer.get('people.s3')?.getMap('v').get('owner') === true, 'reads');
		await waitFor(() => so.status.pending === 0, 'the owner confirmed');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(owner.get('people.s3')?.getMap('v').has('sneaky')).toBe(false);
		expect(sv.status.pending).toBe(1);

		const fresh = docs(5);
		const sf = start({ docs: fresh });
		await sf.allSynced();
		expect(fresh.get('people.s3')?.getMap('v').toJSON()).toEqual({ owner: true });
	});

	it('fetches a document as bytes, never applied, and hands over to it when it opens', async () => {
		const a = docs(1);
		const march = new Y.Doc();
		march.getMap('m').set('call', 'Ada');
		a.set('interactions.2026-03', march);
		const sa = start({ docs: a });
		await sa.allSynced();

		const sb = start({ docs: docs(1) });
		await sb.allSynced();
		const stored: Uint8Array[] = [];
		await sb.fetch('interactions.2026-03', (update) => stored.push(update));
		expect(sb.has('interactions.2026-03')).toBe(false); // ended with the fetch
		const copy = new Y.Doc();
		for (const update of stored) Y.applyUpdate(copy, update);
		expect(copy.getMap('m').toJSON()).toEqual({ call: 'Ada' });
		// Copies, not views into the frame they came in (IndexedDB would store the whole frame).
		for (const update of stored) expect(update.byteOffset).toBe(0);
		expect(stored.every((u) => u.buffer.byteLength === u.byteLength)).toBe(true);
		expect(sb.status.status).toBe('synced');

		// Asked for again before it arrived (the first caller gave up): the bytes go to the second.
		const gaveUp: Uint8Array[] = [];
		const again: Uint8Array[] = [];
		const first = sb.fetch('interactions.2026-03', (update) => gaveUp.push(update));
		await sb.fetch('interactions.2026-03', (update) => again.push(update));
		await first;
		expect(gaveUp).toEqual([]);
		expect(again.length).toBeGreaterThan(0);

		// A month opened while it is being fetched: its own sync takes over, the fetch waits for it.
		const opened = new Y.Doc();
		const late: Uint8Array[] = [];
		const fetching = sb.fetch('interactions.2026-03', (update) => late.push(update));
		sb.add('interactions.2026-03', opened);
		await fetching;
		expect(opened.getMap('m').toJSON()).toEqual({ call: 'Ada' });
		expect(sb.has('interactions.2026-03')).toBe(true);
		// And fetching an open document is its sync.
		await sb.fetch('interactions.2026-03', (update) => late.push(update));
		expect(late).toEqual([]);
	});

	it('syncs 500 small documents over one socket in a few seconds', async () => {
		const a = new Map<string, Y.Doc>();
		for (let i = 0; i < 500; i++) {
			const doc = new Y.Doc();
			doc.getMap('m').set('n', i);
			a.set(i === 0 ? CORE_DOC : `history.p${i}`, doc);
		}
		let started = performance.now();
		const sa = start({ docs: a });
		await sa.allSynced();
		const upload = performance.now() - started; // the relay's step 2s, our step 2s sent

		const b = new Map<string, Y.Doc>([...a.keys()].map((name) => [name, new Y.Doc()]));
		started = performance.now();
		const sb = start({ docs: b });
		await sb.allSynced();
		const download = performance.now() - started;
		expect(contents(b)).toEqual(contents(a));
		console.log(
			`500 documents over one socket: first sync ${Math.round(upload)} ms (device with the data), ${Math.round(download)} ms (empty device)`
		);
		expect(download).toBeLessThan(10_000);
	});
});
