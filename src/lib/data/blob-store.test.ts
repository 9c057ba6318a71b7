import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlobDb } from './blob-db';
import { BlobStore, hashOf } from './blob-store';

let dbCount = 0;
const opened: BlobDb[] = [];
afterEach(() => {
	vi.unstubAllGlobals();
	for (const db of opened.splice(0)) db.close();
});

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

function bytesOf(text: string): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(text);
}

/**
 * The relay's blob routes in memory: HEAD, PUT (hash checked, size limited) and GET, with
 * switches for being offline, a viewer's token, and bytes damaged on the way down.
 */
class FakeRelay {
	readonly blobs = new Map<string, Uint8Array>();
	readonly calls: string[] = [];
	offline = false;
	viewer = false;
	damage = false;
	maxBytes = Infinity;
	/** Holds every PUT until released (to overlap runs). */
	gate: Promise<void> | null = null;

	readonly fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
		const method = init.method ?? 'GET';
		const hash = String(input).split('/').pop()!;
		this.calls.push(`${method} ${hash.slice(0, 6)}`);
		if (this.offline) throw new TypeError('fetch failed');
		if (method === 'HEAD') return new Response(null, { status: this.blobs.has(hash) ? 200 : 404 });
		if (method === 'PUT') {
			if (this.gate) await this.gate;
			if (this.viewer) return error(403, 'a viewer can open files but not upload them');
			const bytes = new Uint8Array(await new Response(init.body).arrayBuffer());
			if (bytes.length > this.maxBytes) {
				return error(413, `file larger than the limit of ${this.maxBytes} bytes`);
			}
			if (sha256(bytes) !== hash) return error(400, "the bytes' SHA-256 is not the hash");
			const created = !this.blobs.has(hash);
			this.blobs.set(hash, bytes);
			return Response.json({ hash, size: bytes.length }, { status: created ? 201 : 200 });
		}
		const stored = this.blobs.get(hash);
		if (!stored) return error(404, 'this workspace holds no file with that hash');
		const body = this.damage ? bytesOf('not what was stored') : stored;
		return new Response(body.slice(), { headers: { 'content-length': String(body.length) } });
	}) as typeof fetch;
}

function error(status: number, message: string): Response {
	return Response.json({ error: message }, { status });
}

function setup(options: { token?: string | null; maxBytes?: number } = {}) {
	const relay = new FakeRelay();
	const db = new BlobDb(`blob-store-test-${++dbCount}`);
	opened.push(db);
	const token = options.token === undefined ? 'tok.en' : options.token;
	const make = () =>
		new BlobStore('http://relay.test', 'ws-1', () => token, {
			db,
			fetch: relay.fetch,
			maxBytes: options.maxBytes
		});
	return { relay, db, store: make(), make };
}

function file(text: string, type = 'text/plain'): Blob {
	return new Blob([text], { type });
}

describe('hashOf', () => {
	it('is the lowercase hex SHA-256, with Web Crypto or without it', async () => {
		const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
		expect(await hashOf(bytesOf('abc'))).toBe(abc);
		expect(await hashOf(file('abc'))).toBe(abc);
		vi.stubGlobal('crypto', {}); // a page served over plain http
		expect(await hashOf(bytesOf('abc'))).toBe(abc);
	});
});

describe('BlobStore', () => {
	it('keeps an attached file on the device first, offline too', async () => {
		const { store, relay } = setup();
		relay.offline = true;
		const added = await store.add(file('offer v1', 'application/pdf'));
		expect(added).toEqual({
			ok: true,
			hash: sha256(bytesOf('offer v1')),
			size: 8,
			type: 'application/pdf'
		});
		if (!added.ok) return;
		expect(await store.has(added.hash)).toBe(true);
		expect((await store.pending()).map((p) => p.hash)).toEqual([added.hash]);
		const read = await store.get(added.hash);
		expect(read.ok && (await read.blob.text())).toBe('offer v1');
		expect(read.ok && read.blob.type).toBe('application/pdf');
		expect(relay.calls).toEqual([]);
	});

	it('refuses a file over the size limit and stores nothing', async () => {
		const { store } = setup({ maxBytes: 4 });
		const refused = await store.add(file('12345'));
		expect(refused).toMatchObject({ ok: false, reason: 'too_large' });
		expect(!refused.ok && refused.message).toMatch(/up to 4 bytes/);
		expect(await store.pending()).toEqual([]);
		expect(await store.has(sha256(bytesOf('12345')))).toBe(false);
	});

	it('stores the same bytes once', async () => {
		const { store, db } = setup();
		await store.add(file('same'));
		await store.add(file('same'));
		expect(await db.blobs.count()).toBe(1);
	});

	it('uploads what the relay lacks, asking first, and marks it uploaded', async () => {
		const { store, relay } = setup();
		const a = await store.add(file('contract'));
		const b = await store.add(file('picture'));
		if (!a.ok || !b.ok) throw new Error('not added');
		relay.blobs.set(b.hash, bytesOf('picture')); // another device uploaded it already
		const report = await store.uploadPending();
		expect(report).toEqual({ uploaded: [a.hash, b.hash], failed: [] });
		expect(relay.calls).toEqual([
			`HEAD ${a.hash.slice(0, 6)}`,
			`PUT ${a.hash.slice(0, 6)}`,
			`HEAD ${b.hash.slice(0, 6)}`
		]);
		expect(new TextDecoder().decode(relay.blobs.get(a.hash))).toBe('contract');
		expect(await store.pending()).toEqual([]);
		expect(await store.uploadPending()).toEqual({ uploaded: [], failed: [] });
	});

	it('keeps going after one file fails, and says why', async () => {
		const { store, relay } = setup();
		const big = await store.add(file('a rather large file'));
		const small = await store.add(file('small'));
		if (!big.ok || !small.ok) throw new Error('not added');
		relay.maxBytes = 10;
		const report = await store.uploadPending();
		expect(report.uploaded).toEqual([small.hash]);
		expect(report.failed).toEqual([
			{ hash: big.hash, reason: 'too_large', message: expect.stringMatching(/up to 10 bytes/) }
		]);
		expect(store.uploadError(big.hash)).toMatch(/too large/);
		expect((await store.pending()).map((p) => p.hash)).toEqual([big.hash]);
	});

	it('treats offline as waiting, not as an error, and stops the run', async () => {
		const { store, relay } = setup();
		const a = await store.add(file('one'));
		const b = await store.add(file('two'));
		if (!a.ok || !b.ok) throw new Error('not added');
		relay.offline = true;
		const report = await store.uploadPending();
		expect(report.uploaded).toEqual([]);
		expect(report.failed.map((f) => [f.hash, f.reason])).toEqual([
			[a.hash, 'offline'],
			[b.hash, 'offline']
		]);
		expect(relay.calls).toHaveLength(1);
		expect(store.uploadError(a.hash)).toBeNull();
		relay.offline = false;
		expect((await store.uploadPending()).uploaded).toEqual([a.hash, b.hash]);
	});

	it('says a viewer cannot attach files', async () => {
		const { store, relay } = setup();
		const a = await store.add(file('notes'));
		if (!a.ok) throw new Error('not added');
		relay.viewer = true;
		const report = await store.uploadPending();
		expect(report.failed).toEqual([
			{ hash: a.hash, reason: 'not_allowed', message: expect.stringMatching(/Viewers/) }
		]);
	});

	it('without a token, uploads nothing and says it is offline', async () => {
		const { store, relay } = setup({ token: null });
		await store.add(file('x'));
		const report = await store.uploadPending();
		expect(report.failed.map((f) => f.reason)).toEqual(['offline']);
		expect(relay.calls).toEqual([]);
	});

	it('never uploads a file twice at once, and a call during a run misses nothing', async () => {
		const { store, relay } = setup();
		const a = await store.add(file('first'));
		let release!: () => void;
		relay.gate = new Promise((resolve) => (release = resolve));
		const first = store.uploadPending();
		await vi.waitFor(() => expect(relay.calls).toContain(`PUT ${a.ok && a.hash.slice(0, 6)}`));
		const b = await store.add(file('second'));
		const second = store.uploadPending();
		const third = store.uploadPending();
		expect(third).toBe(second);
		release();
		relay.gate = null;
		if (!a.ok || !b.ok) throw new Error('not added');
		expect((await first).uploaded).toEqual([a.hash]);
		expect((await second).uploaded).toEqual([b.hash]);
		expect(relay.calls.filter((call) => call.startsWith('PUT'))).toEqual([
			`PUT ${a.hash.slice(0, 6)}`,
			`PUT ${b.hash.slice(0, 6)}`
		]);
	});

	it('downloads a file not on the device, checks it and keeps it for offline', async () => {
		const { store, relay, make } = setup();
		const bytes = bytesOf('from another device');
		const hash = sha256(bytes);
		relay.blobs.set(hash, bytes);
		expect(await store.has(hash)).toBe(false);
		const read = await store.get(hash, 'text/plain');
		expect(read.ok && (await read.blob.text())).toBe('from another device');
		expect(read.ok && read.blob.type).toBe('text/plain');
		relay.offline = true;
		const again = await make().get(hash);
		expect(again.ok && (await again.blob.text())).toBe('from another device');
		expect(await store.pending()).toEqual([]); // downloaded is not pending
	});

	it('refuses damaged bytes from the relay and keeps none of them', async () => {
		const { store, relay } = setup();
		const bytes = bytesOf('the real thing');
		const hash = sha256(bytes);
		relay.blobs.set(hash, bytes);
		relay.damage = true;
		expect(await store.get(hash)).toMatchObject({ ok: false, reason: 'hash_mismatch' });
		expect(await store.has(hash)).toBe(false);
	});

	it('says so when a file is neither on the device nor reachable', async () => {
		const { store, relay } = setup();
		relay.offline = true;
		const read = await store.get(sha256(bytesOf('elsewhere')));
		expect(read).toMatchObject({ ok: false, reason: 'offline' });
		expect(!read.ok && read.message).toMatch(/not on this device/);
		relay.offline = false;
		expect(await store.get(sha256(bytesOf('elsewhere')))).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});

	it('keeps workspaces apart on one device', async () => {
		const { store, db, relay } = setup();
		const a = await store.add(file('only in ws-1'));
		if (!a.ok) throw new Error('not added');
		const other = new BlobStore('http://relay.test', 'ws-2', () => 't.k', {
			db,
			fetch: relay.fetch
		});
		expect(await other.has(a.hash)).toBe(false);
		expect(await other.pending()).toEqual([]);
	});

	it('tells subscribers when files are added or uploaded', async () => {
		const { store } = setup();
		const seen = vi.fn();
		const stop = store.subscribe(seen);
		await store.add(file('a'));
		await store.uploadPending();
		expect(seen).toHaveBeenCalledTimes(2);
		stop();
		await store.add(file('b'));
		expect(seen).toHaveBeenCalledTimes(2);
	});
});
