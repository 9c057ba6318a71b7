// The relay as a client sees it: one real relay process, real sockets, real HTTP.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	SyncClient,
	PROJECT_ROOT,
	api,
	createWorkspace,
	fetchDoc,
	invite,
	runCli,
	startRelay,
	syncUrl,
	syncedClient,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

let relay: RelayProcess;
let staticDir: string;

beforeAll(async () => {
	staticDir = tempDir('relay-static-');
	fs.mkdirSync(path.join(staticDir, '_app/immutable/chunks'), { recursive: true });
	fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>crm</title>');
	fs.writeFileSync(
		path.join(staticDir, 'service-worker.js'),
		'self.addEventListener("fetch",()=>{})'
	);
	fs.writeFileSync(path.join(staticDir, '_app/immutable/chunks/app.abc123.js'), 'export {}');
	fs.writeFileSync(path.join(staticDir, 'manifest.webmanifest'), '{}');
	relay = await startRelay({
		env: {
			STATIC_DIR: staticDir,
			MAX_MESSAGE_BYTES: String(64 * 1024),
			RATE_MESSAGES_PER_SEC: '200',
			RATE_MESSAGES_BURST: '300',
			MAX_CONNECTIONS_PER_WORKSPACE: '12',
			CREATE_WORKSPACE_BURST: '100'
		}
	});
});

afterAll(async () => {
	await relay?.stop();
	fs.rmSync(relay.dataDir, { recursive: true, force: true });
	fs.rmSync(staticDir, { recursive: true, force: true });
});

async function metric(name: string): Promise<number> {
	const text = await (await fetch(`${relay.http}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(name + ' '));
	return line ? Number(line.slice(name.length + 1)) : 0;
}

/** The CLI in a child process that runs while this one keeps serving requests. */
function runCliAsync(dataDir: string, args: string[]): Promise<number | null> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', path.join(PROJECT_ROOT, 'server/cli.ts'), ...args],
		{ cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore' }
	);
	return new Promise((resolve) => child.on('exit', resolve));
}

function refusedLines(reason: string): number {
	return relay.lines.filter((l) => l.includes('"refused"') && l.includes(`"reason":"${reason}"`))
		.length;
}

describe('HTTP API', () => {
	it('creates a workspace with an owner token, with or without a chosen id', async () => {
		const created = await api(relay, 'POST', '/api/workspaces', {
			body: { name: 'Acme', memberName: 'Ada' }
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'Acme', role: 'owner' });
		const { token, workspaceId } = created.body as { token: string; workspaceId: string };
		expect(workspaceId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
		expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);

		const chosen = await api(relay, 'POST', '/api/workspaces', {
			body: { id: 'offline-made-1234', name: 'Made offline' }
		});
		expect(chosen.status).toBe(201);
		expect(chosen.body).toMatchObject({ workspaceId: 'offline-made-1234' });
		const taken = await api(relay, 'POST', '/api/workspaces', {
			body: { id: 'offline-made-1234', name: 'Again' }
		});
		expect(taken.status).toBe(409);
	});

	it('refuses bad input with 400 and a clear message', async () => {
		const badId = await api(relay, 'POST', '/api/workspaces', { body: { id: 'x/y', name: 'A' } });
		expect(badId).toMatchObject({ status: 400, body: { error: expect.stringMatching(/id/) } });
		const noName = await api(relay, 'POST', '/api/workspaces', { body: {} });
		expect(noName).toMatchObject({ status: 400, body: { error: 'name is required' } });
		const notJson = await api(relay, 'POST', '/api/workspaces', { raw: '{"name": ' });
		expect(notJson.status).toBe(400);
		expect((notJson.body as { error: string }).error).toMatch(/not valid JSON/);
		const huge = await api(relay, 'POST', '/api/workspaces', {
			body: { name: 'x'.repeat(100 * 1024) }
		});
		expect(huge.status).toBe(413);
		expect((await api(relay, 'GET', '/api/nothing-here')).status).toBe(404);
	});

	it('refuses ids like __proto__ and constructor, leaving no orphan invite', async () => {
		await createWorkspace(relay);
		for (const id of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
			const res = await api(relay, 'POST', '/api/workspaces', { body: { id, name: 'Sneaky' } });
			expect(res.status).toBe(400);
			const session = await api(relay, 'GET', `/api/workspaces/${id}/session`, {
				token: 'x.y'
			});
			expect(session.status).toBe(404);
		}
		const file = JSON.parse(fs.readFileSync(path.join(relay.dataDir, 'auth.json'), 'utf8')) as {
			workspaces: Record<string, unknown>;
			invites: Record<string, { workspaceId: string }>;
		};
		const known = new Set(Object.keys(file.workspaces));
		expect(Object.values(file.invites).filter((i) => !known.has(i.workspaceId))).toEqual([]);
	});

	it('loses no invite or revocation while the CLI and the API write at once', async () => {
		const ws = await createWorkspace(relay);
		const victims = await Promise.all(
			Array.from({ length: 6 }, () => invite(relay, ws.workspaceId, ws.token, 'editor'))
		);
		let cliDone = false;
		// The API keeps inviting until every CLI process has exited, so their writes overlap.
		const apiLoop = async () => {
			const made: Array<{ id: string }> = [];
			while (!cliDone) made.push(await invite(relay, ws.workspaceId, ws.token, 'viewer'));
			return made;
		};
		const viaApi = Promise.all([apiLoop(), apiLoop(), apiLoop()]).then((all) => all.flat());
		const viaCli = Promise.all(
			victims.map((v) => runCliAsync(relay.dataDir, ['revoke', ws.workspaceId, v.id]))
		).finally(() => (cliDone = true));
		const [apiInvites] = await Promise.all([viaApi, viaCli]);
		expect(apiInvites.length).toBeGreaterThan(20);
		const list = (await api(relay, 'GET', `/api/workspaces/${ws.workspaceId}/invites`, {
			token: ws.token
		})) as { body: Array<{ id: string; revokedAt: string | null }> };
		const byId = new Map(list.body.map((i) => [i.id, i]));
		expect(apiInvites.filter((i) => !byId.has(i.id))).toEqual([]);
		expect(victims.filter((v) => byId.get(v.id)?.revokedAt === null)).toEqual([]);
		for (const v of victims) {
			const session = await api(relay, 'GET', `/api/workspaces/${ws.workspaceId}/session`, {
				token: v.token
			});
			expect(session.status).toBe(403);
		}
	}, 60_000);

	it('answers the session: role, or 401/403/404 with the reason', async () => {
		const a = await createWorkspace(relay, 'A');
		const b = await createWorkspace(relay, 'B');
		const editor = await invite(relay, a.workspaceId, a.token, 'editor');
		const session = `/api/workspaces/${a.workspaceId}/session`;
		expect(await api(relay, 'GET', session, { token: editor.token })).toEqual({
			status: 200,
			body: { workspaceId: a.workspaceId, name: 'A', role: 'editor' }
		});
		expect((await api(relay, 'GET', session)).status).toBe(401);
		expect((await api(relay, 'GET', session, { token: editor.token + 'x' })).status).toBe(401);
		expect((await api(relay, 'GET', session, { token: b.token })).status).toBe(401);
		expect(
			(await api(relay, 'GET', '/api/workspaces/unknown-workspace/session', { token: a.token }))
				.status
		).toBe(404);
		await api(relay, 'DELETE', `/api/workspaces/${a.workspaceId}/invites/${editor.id}`, {
			token: a.token
		});
		expect(await api(relay, 'GET', session, { token: editor.token })).toEqual({
			status: 403,
			body: { error: 'token revoked' }
		});
	});

	it('lets only owners list, create and revoke invites', async () => {
		const ws = await createWorkspace(relay);
		const invites = `/api/workspaces/${ws.workspaceId}/invites`;
		const viewer = await invite(relay, ws.workspaceId, ws.token, 'viewer');
		const list = await api(relay, 'GET', invites, { token: ws.token });
		expect(list.status).toBe(200);
		expect(list.body).toEqual([
			expect.objectContaining({ role: 'owner', revokedAt: null }),
			expect.objectContaining({ id: viewer.id, role: 'viewer', label: 'viewer', revokedAt: null })
		]);
		expect(JSON.stringify(list.body)).not.toMatch(/hash|token/);
		expect((await api(relay, 'GET', invites, { token: viewer.token })).status).toBe(403);
		expect(
			(await api(relay, 'POST', invites, { token: ws.token, body: { role: 'admin' } })).status
		).toBe(400);
		const ownerId = (list.body as Array<{ id: string }>)[0].id;
		const lastOwner = await api(relay, 'DELETE', `${invites}/${ownerId}`, { token: ws.token });
		expect(lastOwner.status).toBe(409);
		expect((await api(relay, 'DELETE', `${invites}/nope`, { token: ws.token })).status).toBe(404);
	});
});

describe('static app, health and metrics', () => {
	it('serves the SPA with content types, caching rules and an index fallback', async () => {
		const index = await fetch(`${relay.http}/people/42`);
		expect(index.status).toBe(200);
		expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await index.text()).toContain('<title>crm</title>');
		const sw = await fetch(`${relay.http}/service-worker.js`);
		expect(sw.headers.get('cache-control')).toBe('no-cache');
		expect(sw.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		const chunk = await fetch(`${relay.http}/_app/immutable/chunks/app.abc123.js`);
		expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const manifest = await fetch(`${relay.http}/manifest.webmanifest`);
		expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
		const escape = await fetch(`${relay.http}/..%2f..%2fetc%2fpasswd`);
		expect(await escape.text()).toContain('<title>crm</title>');
		const apiMiss = await fetch(`${relay.http}/api/unknown`);
		expect(apiMiss.status).toBe(404);
		expect(apiMiss.headers.get('content-type')).toContain('application/json');
	});

	it('reports health and Prometheus metrics', async () => {
		const health = await fetch(`${relay.http}/healthz`);
		expect(await health.json()).toEqual({ status: 'ok' });
		const text = await (await fetch(`${relay.http}/metrics`)).text();
		for (const name of [
			'relay_connections',
			'relay_workspaces_loaded',
			'relay_messages_in_total',
			'relay_bytes_out_total',
			'relay_persistence_latency_seconds_bucket'
		]) {
			expect(text).toContain(name);
		}
	});
});

describe('websocket authentication', () => {
	it('closes with a clear code before sending any document byte', async () => {
		const a = await createWorkspace(relay);
		const b = await createWorkspace(relay);
		const cases: Array<[string, number]> = [
			[syncUrl(relay, a.workspaceId), 4401],
			[syncUrl(relay, a.workspaceId, 'nope.nope'), 4401],
			[syncUrl(relay, a.workspaceId, b.token), 4401],
			[syncUrl(relay, 'no-such-workspace', a.token), 4404],
			[syncUrl(relay, 'bad.id!', a.token), 4404]
		];
		for (const [url, code] of cases) {
			const client = new SyncClient(url);
			expect((await client.closed).code).toBe(code);
			expect(client.received).toBe(0);
		}
		expect(refusedLines('invalid_token')).toBeGreaterThanOrEqual(2);
		expect(refusedLines('missing_token')).toBeGreaterThanOrEqual(1);
	});

	it('refuses a revoked token, and revoking closes its live connections (API and CLI)', async () => {
		const ws = await createWorkspace(relay);
		const editor = await invite(relay, ws.workspaceId, ws.token, 'editor');
		const other = await invite(relay, ws.workspaceId, ws.token, 'editor');
		const live = await syncedClient(syncUrl(relay, ws.workspaceId, editor.token));
		const viaCli = await syncedClient(syncUrl(relay, ws.workspaceId, other.token));
		await api(relay, 'DELETE', `/api/workspaces/${ws.workspaceId}/invites/${editor.id}`, {
			token: ws.token
		});
		expect((await live.closed).code).toBe(4403);
		const again = new SyncClient(syncUrl(relay, ws.workspaceId, editor.token));
		expect((await again.closed).code).toBe(4403);
		expect(again.received).toBe(0);

		const cli = runCli(relay.dataDir, ['revoke', ws.workspaceId, other.id]);
		expect(cli.code).toBe(0);
		expect((await viaCli.closed).code).toBe(4403);
	});

	it('takes the token from the subprotocol header, echoing only crm', async () => {
		const ws = await createWorkspace(relay);
		const url = `${relay.ws}/sync/${ws.workspaceId}`;
		const client = new SyncClient(url, ['crm', `token.${ws.token}`]);
		await client.opened;
		await client.waitSynced();
		expect(client.ws.protocol).toBe('crm');
		expect(client.role).toBe('owner'); // the crm subprotocol opts in to the extensions
		client.doc.getMap('people').set('via', 'header');
		await client.waitAcked();
		await client.close();
		// Refusals still complete the handshake with `crm`, so a browser can read the code.
		const bad = new SyncClient(url, ['crm', 'token.nope.nope']);
		expect((await bad.closed).code).toBe(4401);
		const none = new SyncClient(url, ['crm']);
		expect((await none.closed).code).toBe(4401);
		// The query form still works for stock clients.
		const stock = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		expect(stock.doc.getMap('people').get('via')).toBe('header');
		await stock.close();
		expect(relay.lines.join('\n')).not.toContain(ws.token.split('.')[1]);
	});

	it('tells opted-in clients their role first, and stock clients nothing extra', async () => {
		const ws = await createWorkspace(relay);
		const viewer = await invite(relay, ws.workspaceId, ws.token, 'viewer');
		const ours = await syncedClient(syncUrl(relay, ws.workspaceId, viewer.token));
		expect(ours.role).toBe('viewer');
		await ours.close();

		const types: number[] = [];
		const stock = new WebSocket(syncUrl(relay, ws.workspaceId, viewer.token, false));
		stock.on('message', (data: Buffer) => types.push(data[0]));
		await new Promise((resolve) => stock.on('open', resolve));
		stock.send(Uint8Array.of(0, 0, 1, 0)); // sync step 1, empty state vector
		await new Promise((resolve) => setTimeout(resolve, 200));
		stock.close();
		expect(types.length).toBeGreaterThanOrEqual(2);
		expect(types.every((t) => t === 0 || t === 1)).toBe(true);
	});
});

describe('sync', () => {
	it('a stock y-websocket client syncs a document through the relay to another', async () => {
		const ws = await createWorkspace(relay);
		const docA = new Y.Doc();
		const docB = new Y.Doc();
		// disableBc: in one process, BroadcastChannel would sync the two without the relay.
		const options = {
			WebSocketPolyfill: WebSocket as never,
			params: { token: ws.token },
			disableBc: true
		};
		const a = new WebsocketProvider(`${relay.ws}/sync`, ws.workspaceId, docA, options);
		const b = new WebsocketProvider(`${relay.ws}/sync`, ws.workspaceId, docB, options);
		try {
			docA.getMap('people').set('p1', 'Ada');
			await new Promise<void>((resolve) => {
				const check = () => docB.getMap('people').get('p1') === 'Ada' && resolve();
				docB.on('update', check);
				check();
			});
			docB.getArray('log').push(['hello']);
			await new Promise<void>((resolve) => {
				const check = () => docA.getArray('log').length === 1 && resolve();
				docA.on('update', check);
				check();
			});
			expect(docA.getMap('people').toJSON()).toEqual(docB.getMap('people').toJSON());
		} finally {
			a.destroy();
			b.destroy();
		}
	});

	it('a stock client that joins after recent edits holds all of them once it is synced', async () => {
		const ws = await createWorkspace(relay);
		const writer = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 50; i++) writer.doc.getMap('people').set(`p${i}`, i);
		await writer.waitAcked();
		// A first joiner has the relay encode the whole document; edits follow that encoding.
		await (await syncedClient(syncUrl(relay, ws.workspaceId, ws.token))).close();
		writer.doc.getMap('people').set('late', 'edit');
		writer.doc.getMap('people').delete('p0');
		await writer.waitAcked();

		const doc = new Y.Doc();
		const joiner = new WebsocketProvider(`${relay.ws}/sync`, ws.workspaceId, doc, {
			WebSocketPolyfill: WebSocket as never,
			params: { token: ws.token },
			disableBc: true
		});
		try {
			const atSync = await new Promise<unknown>((resolve) =>
				joiner.once('sync', () => resolve(doc.getMap('people').toJSON()))
			);
			expect(atSync).toEqual(writer.doc.getMap('people').toJSON());
		} finally {
			joiner.destroy();
			await writer.close();
		}
	});

	it('acknowledges every sync message once it is on disk', async () => {
		const ws = await createWorkspace(relay);
		const client = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		for (let i = 0; i < 100; i++) client.doc.getMap('people').set(`p${i}`, i);
		await client.waitAcked();
		expect(client.acked).toBe(client.syncSent);
		await client.close();
		const doc = await fetchDoc(syncUrl(relay, ws.workspaceId, ws.token));
		expect(doc.getMap('people').size).toBe(100);
	});

	it("drops a viewer's writes but lets the viewer receive everything", async () => {
		const ws = await createWorkspace(relay);
		const viewerInvite = await invite(relay, ws.workspaceId, ws.token, 'viewer');
		const owner = await syncedClient(syncUrl(relay, ws.workspaceId, ws.token));
		owner.doc.getMap('people').set('kept', 1);
		await owner.waitAcked();
		const viewer = await syncedClient(syncUrl(relay, ws.workspaceId, viewerInvite.token));
		const before = await metric('relay_refusals_total{reason="viewer_write"}');
		await viewer.waitAcked();
		const confirmedBefore = viewer.acked;
		viewer.doc.getMap('people').set('forbidden', 1);
		owner.doc.getMap('people').set('later', 2);
		await viewer.waitUntil(() => viewer.doc.getMap('people').get('later') === 2, 'owner edit');
		// Ask for something harmless: the answer comes after the relay handled the write.
		viewer.sendRaw(Uint8Array.of(3));
		await viewer.waitUntil(() => viewer.received > 0, 'awareness answer');
		await new Promise((resolve) => setTimeout(resolve, 100));
		// The dropped write is not stored, so it is never confirmed.
		expect(viewer.acked).toBe(confirmedBefore);
		expect(viewer.syncSent).toBe(confirmedBefore + 1);
		expect(await metric('relay_refusals_total{reason="viewer_write"}')).toBe(before + 1);
		expect(viewer.closeCode).toBeNull();
		expect(owner.doc.getMap('people').has('forbidden')).toBe(false);
		const stored = await fetchDoc(syncUrl(relay, ws.workspaceId, ws.token));
		expect(stored.getMap('people').toJSON()).toEqual({ kept: 1, later: 2 });
		await owner.close();
		await viewer.close();
	});
});

describe('presence', () => {
	it("a viewer can neither replace another member's entry nor take another name", async () => {
		const created = await api(relay, 'POST', '/api/workspaces', {
			body: { name: 'Team', memberName: 'Dana' }
		});
		const { workspaceId, token } = created.body as { workspaceId: string; token: string };
		const viewer = await api(relay, 'POST', `/api/workspaces/${workspaceId}/invites`, {
			token,
			body: { role: 'viewer', label: 'Victor' }
		});
		const dana = await syncedClient(syncUrl(relay, workspaceId, token));
		const mallory = await syncedClient(
			syncUrl(relay, workspaceId, (viewer.body as { token: string }).token)
		);
		const observer = await syncedClient(syncUrl(relay, workspaceId, token));
		const user = (name: string) => ({ user: { memberId: 'm1', name, color: '#123456' } });
		dana.sendPresence(1001, 1, user('Dana'));
		await observer.waitUntil(() => observer.awareness.getStates().has(1001), "Dana's presence");
		mallory.sendPresence(1001, 5, user('Mallory'));
		// Dana's name is taken: the viewer shows under its invite's label instead.
		mallory.sendPresence(2002, 1, user('Dana'));
		await observer.waitUntil(() => observer.awareness.getStates().has(2002), 'the viewer');
		expect(observer.awareness.getStates().get(1001)).toEqual(user('Dana'));
		expect(observer.awareness.getStates().get(2002)).toEqual(user('Victor'));
		// A free name is bound to the invite at its first use, and then cannot change.
		mallory.sendPresence(2002, 2, user('Mallory'));
		await observer.waitUntil(
			() => observer.awareness.getStates().get(2002)?.user?.name === 'Mallory',
			'the bound name'
		);
		mallory.sendPresence(2002, 3, user('Dana Smith'));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(observer.awareness.getStates().get(2002)).toEqual(user('Mallory'));
		mallory.sendPresence(1001, 6, null);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(observer.awareness.getStates().get(1001)).toEqual(user('Dana'));
		expect(refusedLines('presence_forgery')).toBeGreaterThanOrEqual(2);
		await mallory.close();
		await observer.waitUntil(() => !observer.awareness.getStates().has(2002), 'the viewer gone');
		await dana.close();
		await observer.close();
	});
});

describe('hostile input', () => {
	async function pair() {
		const ws = await createWorkspace(relay);
		const url = syncUrl(relay, ws.workspaceId, ws.token);
		return { url, victim: await syncedClient(url), bystander: await syncedClient(url) };
	}

	async function bystanderStillWorks(url: string, bystander: SyncClient) {
		bystander.doc.getMap('people').set('after', true);
		await bystander.waitAcked();
		expect(bystander.closeCode).toBeNull();
		const doc = await fetchDoc(url);
		expect(doc.getMap('people').get('after')).toBe(true);
		return doc;
	}

	it('closes only the sender of random bytes, truncated or text messages (4400)', async () => {
		const { url, victim, bystander } = await pair();
		victim.sendRaw(Buffer.from([0x07, 0xff, 0x13, 0x42, 0x99]));
		expect((await victim.closed).code).toBe(4400);

		const update = new Y.Doc();
		update.getMap('people').set('half', 'x'.repeat(100));
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, 2);
		encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(update));
		const whole = encoding.toUint8Array(encoder);
		const truncated = await syncedClient(url);
		truncated.sendRaw(whole.subarray(0, whole.length - 20));
		expect((await truncated.closed).code).toBe(4400);

		const garbage = await syncedClient(url);
		garbage.sendRaw(Uint8Array.of(0, 2, 6, 200, 1, 2, 3, 4, 5));
		expect((await garbage.closed).code).toBe(4400);

		const texter = await syncedClient(url);
		texter.ws.send('hello');
		expect((await texter.closed).code).toBe(4400);

		const doc = await bystanderStillWorks(url, bystander);
		expect(doc.getMap('people').has('half')).toBe(false);
		await bystander.close();
	});

	it('closes an oversized message with 4413 and changes nothing', async () => {
		const { url, victim, bystander } = await pair();
		victim.doc.getMap('people').set('huge', 'x'.repeat(100 * 1024));
		expect((await victim.closed).code).toBe(4413);
		const doc = await bystanderStillWorks(url, bystander);
		expect(doc.getMap('people').has('huge')).toBe(false);
		expect(await metric('relay_refusals_total{reason="message_too_large"}')).toBeGreaterThanOrEqual(
			1
		);
		await bystander.close();
	});

	it('closes a flood beyond the rate limit with 4429', async () => {
		const { url, victim, bystander } = await pair();
		for (let i = 0; i < 1000 && victim.ws.readyState === WebSocket.OPEN; i++) {
			victim.sendRaw(Uint8Array.of(3)); // query awareness: cheap, valid, still counted
		}
		expect((await victim.closed).code).toBe(4429);
		await bystanderStillWorks(url, bystander);
		expect(refusedLines('rate_limited')).toBeGreaterThanOrEqual(1);
		await bystander.close();
	});

	it('refuses connections beyond the per-workspace limit with 4430', async () => {
		const ws = await createWorkspace(relay);
		const url = syncUrl(relay, ws.workspaceId, ws.token);
		const clients = await Promise.all(Array.from({ length: 12 }, () => syncedClient(url)));
		const extra = new SyncClient(url);
		expect((await extra.closed).code).toBe(4430);
		await Promise.all(clients.map((c) => c.close()));
	});
});
