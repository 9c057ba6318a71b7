// DATABASE_URL: unset is files in DATA_DIR as always; a bad value stops the relay with a clear
// message that never repeats the value (it may hold a password).
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { createBackend } from './backend.ts';
import { loadConfig } from './config.ts';
import { FileStore } from './file-store.ts';
import { tempDir } from './test-helpers.ts';

it('DATABASE_URL is off unless set, and must be a postgres:// or postgresql:// URL', () => {
	expect(loadConfig({}).databaseUrl).toBeNull();
	expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
	const url = 'postgres://crm:secret@db:5432/crm';
	expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
	expect(loadConfig({ DATABASE_URL: 'postgresql://db/crm' }).databaseUrl).toBe(
		'postgresql://db/crm'
	);
	for (const bad of ['mysql://crm:secret@db/crm', 'db:5432', 'not a url with secret']) {
		expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(
			/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL$/
		);
	}
});

it('without DATABASE_URL the relay keeps files in DATA_DIR, with nothing more to be ready for', async () => {
	const dir = tempDir('h-pg-config-');
	const backend = createBackend(loadConfig({ DATA_DIR: dir }), () => {});
	expect(backend.store).toBeInstanceOf(FileStore);
	expect(backend.readiness()).toEqual({});
	await backend.store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});
