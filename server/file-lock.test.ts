import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock.ts';
import { tempDir } from './test-helpers.ts';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function lockPath(): string {
	const dir = tempDir('file-lock-');
	dirs.push(dir);
	return path.join(dir, 'auth.json.lock');
}

function deadPid(): number {
	return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('withFileLock', () => {
	it('holds the lock while it runs and removes it after, also when the body throws', () => {
		const lock = lockPath();
		expect(withFileLock(lock, () => fs.existsSync(lock))).toBe(true);
		expect(fs.existsSync(lock)).toBe(false);
		expect(() =>
			withFileLock(lock, () => {
				throw new Error('boom');
			})
		).toThrow('boom');
		expect(fs.existsSync(lock)).toBe(false);
	});

	it('breaks a lock left by a process that was killed while holding it', () => {
		const lock = lockPath();
		fs.writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: os.hostname(), nonce: 'x' }));
		const started = Date.now();
		expect(withFileLock(lock, () => 'got it')).toBe('got it');
		expect(Date.now() - started).toBeLessThan(1000);
		expect(fs.readdirSync(path.dirname(lock))).toEqual([]);
	});

	it('breaks a lock held far longer than any real hold, even by a live process', () => {
		const lock = lockPath();
		const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
		try {
			fs.writeFileSync(lock, JSON.stringify({ pid: sleeper.pid, host: os.hostname(), nonce: 'y' }));
			const old = new Date(Date.now() - 60_000);
			fs.utimesSync(lock, old, old);
			expect(withFileLock(lock, () => 'got it')).toBe('got it');
		} finally {
			sleeper.kill();
		}
	});

	it('waits for a live holder', async () => {
		const lock = lockPath();
		const holder = spawn(
			process.execPath,
			[
				'-e',
				`const fs = require('fs');
				fs.writeFileSync(${JSON.stringify(lock)}, JSON.stringify({ pid: process.pid, host: require('os').hostname(), nonce: 'z' }), { flag: 'wx' });
				setTimeout(() => fs.rmSync(${JSON.stringify(lock)}), 300);`
			],
			{ stdio: 'ignore' }
		);
		while (!fs.existsSync(lock)) await new Promise((resolve) => setTimeout(resolve, 5));
		const started = Date.now();
		withFileLock(lock, () => {});
		expect(Date.now() - started).toBeGreaterThan(150);
		await new Promise((resolve) => holder.on('exit', resolve));
	});
});
