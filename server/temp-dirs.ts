// Folders the relay's tests and benches make under the system's temporary one, and their removal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folders tempDir made and has not removed yet. */
const madeDirs: string[] = [];

/** A fresh folder under the system's temporary one, removed after its test file (or at exit). */
export function tempDir(prefix = 'relay-test-'): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	if (madeDirs.push(dir) === 1) process.once('exit', removeTempDirs);
	return dir;
}

/**
 * Removes every folder tempDir made. Vitest calls it after each test file (tests/temp-dirs-setup.ts):
 * its workers are stopped with a signal, and a process ended so never emits 'exit' — five relay
 * folders and a backup copy were left in /tmp by every unit run.
 */
export function removeTempDirs(): void {
	for (const dir of madeDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
