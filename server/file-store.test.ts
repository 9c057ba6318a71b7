import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FileStore } from './file-store.ts';
import { CORE_DOC } from '../src/lib/sync/wire.ts';
import { encodeRecord } from './log-records.ts';
import { registerStorageContractTests } from './storage-contract.ts';
import { tempDir } from './test-helpers.ts';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
	const dir = tempDir('file-store-');
	dirs.push(dir);
	return dir;
}

registerStorageContractTests('FileStore', async () => {
	const dir = freshDir();
	const store = new FileStore(dir, { compactLogBytes: 1 << 30 });
	// Appends awaited before reopening are already durable; closing only frees file handles.
	return { store, reopen: async () => (await store.close(), new FileStore(dir)) };
});

function update(key: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('people').set(key, key);
	return Y.encodeStateAsUpdate(doc);
}

function keys(updates: Uint8Array[]): string[] {
	const doc = new Y.Doc();
	for (const u of updates) Y.applyUpdate(doc, u);
	return [...doc.getMap('people').keys()].sort();
}

describe('FileStore crash safety', () => {
	it('ignores a torn tail record and appends after the intact part', async () => {
		const dir = freshDir();
		const store = new FileStore(dir);
		await store.append('torn-tail-1', CORE_DOC, update('a'));
		await store.append('torn-tail-1', CORE_DOC, update('b'));
		await store.close();
		const log = path.join(dir, 'workspaces/torn-tail-1/log.00000001');
		const whole = encodeRecord(update('never-acked'));
		fs.appendFileSync(log, whole.subarray(0, whole.length - 3));

		const reopened = new FileStore(dir);
		expect(keys(await reopened.load('torn-tail-1', CORE_DOC))).toEqual(['a', 'b']);
		await reopened.append('torn-tail-1', CORE_DOC, update('c'));
		await reopened.close();
		expect(keys(await new FileStore(dir).load('torn-tail-1', CORE_DOC))).toEqual(['a', 'b', 'c']);
	});

	it('stops at a record whose checksum fails', async () => {
		const dir = freshDir();
		const store = new FileStore(dir);
		await store.append('bad-crc-01', CORE_DOC, update('a'));
		await store.close();
		const log = path.join(dir, 'workspaces/bad-crc-01/log.00000001');
		const record = encodeRecord(update('b'));
		record[record.length - 1] ^= 0xff;
		fs.appendFileSync(log, record);
		expect(keys(await new FileStore(dir).load('bad-crc-01', CORE_DOC))).toEqual(['a']);
	});

	it('a crash between snapshot rename and log deletion loses and duplicates nothing', async () => {
		const dir = freshDir();
		const store = new FileStore(dir);
		for (const k of ['a', 'b', 'c']) await store.append('mid-compact', CORE_DOC, update(k));
		await store.close();
		const folder = path.join(dir, 'workspaces/mid-compact');
		const log = fs.readFileSync(path.join(folder, 'log.00000001'));
		const compacting = new FileStore(dir);
		await compacting.compact('mid-compact', CORE_DOC);
		await compacting.close();
		// Put the frozen log back as if deletion never happened, plus a stale tmp snapshot.
		fs.writeFileSync(path.join(folder, 'log.00000001'), log);
		fs.writeFileSync(path.join(folder, 'snapshot.tmp'), 'half written');
		const after = new FileStore(dir);
		expect(keys(await after.load('mid-compact', CORE_DOC))).toEqual(['a', 'b', 'c']);
		await after.append('mid-compact', CORE_DOC, update('d'));
		await after.compact('mid-compact', CORE_DOC);
		expect(keys(await after.load('mid-compact', CORE_DOC))).toEqual(['a', 'b', 'c', 'd']);
		expect(fs.readdirSync(folder).filter((f) => f.startsWith('log.'))).toEqual([]);
		await after.close();
	});

	it('compacts in the background once the log passes its threshold', async () => {
		const dir = freshDir();
		const store = new FileStore(dir, { compactLogBytes: 2048 });
		const doc = new Y.Doc();
		for (let i = 0; i < 100; i++) {
			const before = Y.encodeStateVector(doc);
			doc.getMap('people').set(`k${i}`, 'x'.repeat(40));
			await store.append('auto-compact', CORE_DOC, Y.encodeStateAsUpdate(doc, before));
		}
		await store.close();
		const folder = path.join(dir, 'workspaces/auto-compact');
		expect(fs.existsSync(path.join(folder, 'snapshot'))).toBe(true);
		expect(keys(await new FileStore(dir).load('auto-compact', CORE_DOC))).toHaveLength(100);
	});
});

function folderBytes(folder: string): number {
	return fs.readdirSync(folder).reduce((sum, f) => sum + fs.statSync(path.join(folder, f)).size, 0);
}

describe('FileStore compaction keeps the document, not its history', () => {
	it('overwriting a 100 KB value 1,000 times leaves about one value on disk', async () => {
		const dir = freshDir();
		const store = new FileStore(dir); // default threshold: 4 MiB of log
		const doc = new Y.Doc();
		const value = 100 * 1024;
		let peak = 0;
		const folder = path.join(dir, 'workspaces/overwrites');
		for (let i = 0; i < 1000; i++) {
			const before = Y.encodeStateVector(doc);
			doc.getMap('m').set('big', String(i % 10).repeat(value));
			doc.getMap('m').set('n', i);
			await store.append('overwrites', CORE_DOC, Y.encodeStateAsUpdate(doc, before));
			if (i % 50 === 0) peak = Math.max(peak, folderBytes(folder));
		}
		await store.compact('overwrites', CORE_DOC);
		const stored = folderBytes(folder);
		expect(stored).toBeLessThan(1.5 * value);
		// Meanwhile the logs stay well below the 100 MB written: appends continue while a
		// compaction runs in its worker, so how far depends on the write rate against the CPU.
		expect(peak).toBeLessThan(40 * 1024 * 1024);
		const reloaded = new Y.Doc();
		for (const u of await store.load('overwrites', CORE_DOC)) Y.applyUpdate(reloaded, u);
		expect(reloaded.getMap('m').get('n')).toBe(999);
		expect(reloaded.getMap('m').get('big')).toBe('9'.repeat(value));
		await store.close();
	}, 60_000);

	it('a snapshot written with the whole history (before this fix) shrinks at the next compaction', async () => {
		const dir = freshDir();
		const doc = new Y.Doc({ gc: false });
		const updates: Uint8Array[] = [];
		for (let i = 0; i < 50; i++) {
			const before = Y.encodeStateVector(doc);
			doc.getMap('m').set('big', String(i % 10).repeat(10_000));
			updates.push(Y.encodeStateAsUpdate(doc, before));
		}
		const folder = path.join(dir, 'workspaces/old-history');
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'snapshot'), encodeRecord(Y.mergeUpdates(updates)));
		const store = new FileStore(dir);
		await store.append('old-history', CORE_DOC, update('one more'));
		await store.compact('old-history', CORE_DOC);
		expect(folderBytes(folder)).toBeLessThan(15_000);
		await store.close();
	});
});

describe('FileStore layout of a workspace of many documents', () => {
	it('keeps the core document where a one-document workspace kept it, others under docs/', async () => {
		const dir = freshDir();
		const store = new FileStore(dir);
		await store.append('layout-ws-1', CORE_DOC, update('core'));
		await store.append('layout-ws-1', 'people.a7', update('person'));
		await store.append('layout-ws-1', 'history.2026-12', update('event'));
		await store.close();
		const folder = path.join(dir, 'workspaces/layout-ws-1');
		expect(fs.readdirSync(folder).sort()).toEqual(['docs', 'log.00000001']);
		expect(fs.readdirSync(path.join(folder, 'docs')).sort()).toEqual([
			'history.2026-12',
			'people.a7'
		]);
		expect(fs.readdirSync(path.join(folder, 'docs/people.a7'))).toEqual(['log.00000001']);
		const again = new FileStore(dir);
		expect(keys(await again.load('layout-ws-1', CORE_DOC))).toEqual(['core']);
		expect(keys(await again.load('layout-ws-1', 'people.a7'))).toEqual(['person']);
		// Compacting one document leaves the others' logs alone.
		await again.compact('layout-ws-1', 'people.a7');
		expect(fs.readdirSync(path.join(folder, 'docs/people.a7'))).toEqual(['snapshot']);
		expect(fs.readdirSync(path.join(folder, 'docs/history.2026-12'))).toEqual(['log.00000001']);
		expect(fs.readdirSync(folder).sort()).toEqual(['docs', 'log.00000001']);
		await again.close();
	});
});

describe('FileStore open files', () => {
	it('keeps at most maxOpenLogs logs open, and loses nothing writing to more documents', async () => {
		const dir = freshDir();
		const store = new FileStore(dir, { maxOpenLogs: 3 });
		const docs = Array.from({ length: 12 }, (_, i) => `people.f${i}`);
		for (let round = 0; round < 4; round++) {
			await Promise.all(
				docs.map((doc) => store.append('open-files', doc, update(`${doc}-${round}`)))
			);
			// Interleaved: every round reopens logs closed in the one before.
			expect(store.openLogCount).toBeLessThanOrEqual(3);
			if (round === 1) await store.compact('open-files', docs[0]);
		}
		await store.close();
		const again = new FileStore(dir);
		for (const doc of docs) {
			expect(keys(await again.load('open-files', doc)).sort()).toEqual(
				[0, 1, 2, 3].map((round) => `${doc}-${round}`)
			);
		}
		await again.close();
	});
});
