// Attached files on a real relay process with the files in DATA_DIR: the contract every blob
// store passes (blob-contract.ts), then what is the file store's own: its layout, temp files a
// crash left, and the backup command's copy.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	BLOB_ENV,
	blobUsage,
	bytesOf,
	putBlob,
	registerBlobContractTests,
	sha256
} from './blob-contract.ts';
import {
	api,
	createWorkspace,
	runCli,
	startRelay,
	tempDir,
	type RelayProcess
} from './test-helpers.ts';

/** Every file under the workspace's blob folder (temp files included) but its quota, relative. */
function blobFiles(relay: RelayProcess, ws: string): string[] {
	const dir = path.join(relay.dataDir, 'workspaces', ws, 'blobs');
	if (!fs.existsSync(dir)) return [];
	return (fs.readdirSync(dir, { recursive: true }) as string[]).filter(
		(name) => name !== 'quota.json' && fs.statSync(path.join(dir, name)).isFile()
	);
}

const started: RelayProcess[] = [];
registerBlobContractTests('files in DATA_DIR', {
	async start() {
		const relay = await startRelay({ env: BLOB_ENV });
		started.push(relay);
		return relay;
	},
	async restart(relay) {
		await relay.stop();
		const again = await startRelay({ dataDir: relay.dataDir, env: BLOB_ENV });
		started.push(again);
		return again;
	},
	stored: (relay, ws) =>
		Promise.resolve(
			blobFiles(relay, ws)
				.filter((name) => !name.startsWith('tmp'))
				.map((name) => {
					// Stored under its hash's first two hex digits.
					expect(path.dirname(name)).toBe(path.basename(name).slice(0, 2));
					return path.basename(name);
				})
				.sort()
		),
	leftovers: (relay, ws) => blobFiles(relay, ws).filter((name) => name.startsWith('tmp')),
	async close() {
		for (const relay of started) {
			await relay.stop();
			fs.rmSync(relay.dataDir, { recursive: true, force: true });
		}
	}
});

describe('attached files in DATA_DIR', () => {
	let relay: RelayProcess;
	beforeAll(async () => {
		relay = await startRelay({ env: BLOB_ENV });
	});
	afterAll(async () => {
		await relay?.stop();
		fs.rmSync(relay.dataDir, { recursive: true, force: true });
	});

	it('clears temp files a crash left, and copies blobs and quota in a backup', async () => {
		const { workspaceId: ws, token } = await createWorkspace(relay);
		const bytes = bytesOf(2000, 13);
		const hash = sha256(bytes);
		expect((await putBlob(relay, ws, hash, bytes, token)).status).toBe(201);
		const quotaPath = `/api/workspaces/${ws}/blob-quota`;
		expect((await api(relay, 'PUT', quotaPath, { token, body: { quotaBytes: 5000 } })).status).toBe(
			200
		);
		// A temp file left by a crash is not counted, and is cleared.
		const tmp = path.join(relay.dataDir, 'workspaces', ws, 'blobs', 'tmp');
		fs.mkdirSync(tmp, { recursive: true });
		fs.writeFileSync(path.join(tmp, `${hash}.dead`), bytesOf(100, 0));

		await relay.stop();
		relay = await startRelay({ dataDir: relay.dataDir, env: BLOB_ENV });
		expect(await blobUsage(relay, ws, token)).toEqual({ usedBytes: 2000, quotaBytes: 5000 });
		expect(fs.existsSync(tmp)).toBe(false);

		const target = path.join(tempDir('blob-backup-'), 'copy');
		expect(runCli(relay.dataDir, ['backup', target]).code).toBe(0);
		const copied = path.join(target, 'workspaces', ws, 'blobs');
		expect(fs.readFileSync(path.join(copied, hash.slice(0, 2), hash))).toEqual(Buffer.from(bytes));
		expect(JSON.parse(fs.readFileSync(path.join(copied, 'quota.json'), 'utf8'))).toEqual({
			quotaBytes: 5000
		});
		fs.rmSync(path.dirname(target), { recursive: true, force: true });
	});
});
