/**
 * blob-api.ts and the device's BlobStore against the real relay (server/main.ts), started as its
 * own process with a small file limit and quota.
 */
import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobDb } from '$lib/data/blob-db';
import { BlobStore } from '$lib/data/blob-store';
import { blobExists, blobUsage, downloadBlob, hashOf, setBlobQuota, uploadBlob } from './blob-api';
import { createInvite, createWorkspace } from './relay-api';
import { RELAY_MAIN, startRelay, stopRelay, type RunningRelay } from './testing/real-relay';

const MAX = 32 * 1024;

describe.skipIf(!existsSync(RELAY_MAIN))('blob API against the real relay', () => {
	let dataDir: string;
	let relay: RunningRelay;
	let ws: string;
	let owner: string;
	let viewer: string;

	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'crm-blob-it-'));
		relay = await startRelay(dataDir, 0, {
			MAX_BLOB_BYTES: String(MAX),
			BLOB_QUOTA_BYTES: String(100 * 1024)
		});
		const created = await createWorkspace(relay.url, { name: 'Acme', memberName: 'Ada' });
		if (!created.ok) throw new Error(created.message);
		ws = created.workspaceId;
		owner = created.token;
		const invited = await createInvite(relay.url, ws, owner, { role: 'viewer', label: 'Vic' });
		if (!invited.ok) throw new Error(invited.message);
		viewer = invited.invite.token;
	});

	afterAll(async () => {
		if (relay) await stopRelay(relay);
		rmSync(dataDir, { recursive: true, force: true });
	});

	const bytes = (text: string, size = text.length) => {
		const out = new Uint8Array(size);
		out.set(new TextEncoder().encode(text).slice(0, size));
		return out;
	};

	it('uploads, finds and downloads a file by its hash', async () => {
		const data = bytes('contract.pdf', 5000);
		const hash = await hashOf(data);
		expect(await blobExists(relay.url, ws, owner, hash)).toEqual({ ok: true, exists: false });
		expect(await uploadBlob(relay.url, ws, owner, hash, new Blob([data]))).toEqual({
			ok: true,
			hash,
			size: 5000,
			created: true
		});
		expect(await uploadBlob(relay.url, ws, owner, hash, data)).toMatchObject({ created: false });
		expect(await blobExists(relay.url, ws, viewer, hash)).toEqual({ ok: true, exists: true });
		const down = await downloadBlob(relay.url, ws, viewer, hash);
		expect(down.ok && down.bytes).toEqual(data);
	});

	it('says what went wrong, in words people understand', async () => {
		const data = bytes('picture.png', 100);
		const hash = await hashOf(data);
		const byViewer = await uploadBlob(relay.url, ws, viewer, hash, data);
		expect(byViewer).toMatchObject({ ok: false, status: 403, reason: 'not_allowed' });
		expect(!byViewer.ok && byViewer.message).toMatch(/Viewers can open files but not attach/);

		const wrong = await uploadBlob(relay.url, ws, owner, hash, bytes('other', 100));
		expect(wrong).toMatchObject({ ok: false, status: 400, reason: 'hash_mismatch' });

		const big = bytes('huge', MAX + 1);
		const tooLarge = await uploadBlob(relay.url, ws, owner, await hashOf(big), big);
		expect(tooLarge).toMatchObject({ ok: false, status: 413, reason: 'too_large' });
		expect(!tooLarge.ok && tooLarge.message).toMatch(/up to 32 KB/);

		const noAccess = await downloadBlob(relay.url, ws, 'bad.token', hash);
		expect(noAccess).toMatchObject({ ok: false, status: 401, reason: 'no_access' });
		const missing = await downloadBlob(relay.url, ws, owner, hash);
		expect(missing).toMatchObject({ ok: false, status: 404, reason: 'not_found' });

		const offline = await uploadBlob('http://127.0.0.1:1', ws, owner, hash, data);
		expect(offline).toMatchObject({ ok: false, status: 0, reason: 'offline' });
		expect(!offline.ok && offline.message).toMatch(/kept on this device/);
	});

	it('reports usage and lets only the owner set the quota; a full quota is said with figures', async () => {
		const before = await blobUsage(relay.url, ws, viewer);
		if (!before.ok) throw new Error(before.message);
		expect(await setBlobQuota(relay.url, ws, viewer, 1)).toMatchObject({
			ok: false,
			reason: 'not_allowed'
		});
		expect(await setBlobQuota(relay.url, ws, owner, before.usedBytes + 1000)).toEqual({
			ok: true,
			usedBytes: before.usedBytes,
			quotaBytes: before.usedBytes + 1000
		});
		const data = bytes('offer.docx', 2000);
		const full = await uploadBlob(relay.url, ws, owner, await hashOf(data), data);
		expect(full).toMatchObject({ ok: false, status: 507, reason: 'over_quota' });
		expect(!full.ok && full.message).toMatch(/storage is full \(.* of .* used\)/);
		expect(await setBlobQuota(relay.url, ws, owner, 100 * 1024)).toMatchObject({ ok: true });
	});

	it('a BlobStore attaches offline-first, uploads, and another device reads it', async () => {
		const db = new BlobDb('blob-it-device-a');
		const store = new BlobStore(relay.url, ws, () => owner, { db, maxBytes: MAX });
		const added = await store.add(new Blob(['meeting notes'], { type: 'text/plain' }));
		if (!added.ok) throw new Error(added.message);
		expect(await store.uploadPending()).toEqual({ uploaded: [added.hash], failed: [] });

		const other = new BlobStore(relay.url, ws, () => viewer, { db: new BlobDb('blob-it-b') });
		const read = await other.get(added.hash, 'text/plain');
		expect(read.ok && (await read.blob.text())).toBe('meeting notes');
		expect(await other.has(added.hash)).toBe(true);
		db.close();
	});
});
