// A lock file shared by every process that writes one file (the relay and the CLI both write
// auth.json). Taken with O_CREAT|O_EXCL, so exactly one process holds it; it names its holder
// (pid, host, a random nonce), so a lock left by a process killed while holding it is recognised
// (its pid is gone, or it is older than any real hold) and broken. Holds last milliseconds, and
// the store is synchronous, so waiting sleeps the thread in short steps.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/** A hold older than this is stale whoever holds it: real ones last milliseconds. */
const STALE_MS = 10_000;
const TIMEOUT_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

interface Holder {
	pid: number;
	host: string;
	nonce: string;
}

export class LockTimeout extends Error {}

/** Runs `fn` while holding `lockFile`; returns what it returns. */
export function withFileLock<T>(lockFile: string, fn: () => T): T {
	const nonce = acquire(lockFile);
	try {
		return fn();
	} finally {
		release(lockFile, nonce);
	}
}

function acquire(lockFile: string): string {
	const me: Holder = {
		pid: process.pid,
		host: os.hostname(),
		nonce: randomBytes(12).toString('hex')
	};
	const started = Date.now();
	for (let attempt = 0; ; attempt++) {
		try {
			const fd = fs.openSync(
				lockFile,
				fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY,
				0o600
			);
			try {
				fs.writeSync(fd, JSON.stringify(me));
			} finally {
				fs.closeSync(fd);
			}
			return me.nonce;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		breakIfStale(lockFile);
		if (Date.now() - started > TIMEOUT_MS) {
			throw new LockTimeout(`could not lock ${lockFile} within ${TIMEOUT_MS} ms`);
		}
		Atomics.wait(sleeper, 0, 0, Math.min(1 + attempt, 20) * (0.5 + Math.random()));
	}
}

function release(lockFile: string, nonce: string): void {
	// Only our own lock: if it was broken as stale meanwhile, it is someone else's now.
	if (readHolder(lockFile)?.nonce === nonce) fs.rmSync(lockFile, { force: true });
}

function readHolder(lockFile: string): Holder | null {
	try {
		return JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Holder;
	} catch {
		return null; // gone, or being written this instant
	}
}

function isStale(lockFile: string, holder: Holder | null): boolean {
	let age: number;
	try {
		age = Date.now() - fs.statSync(lockFile).mtimeMs;
	} catch {
		return false; // gone: the next attempt takes it
	}
	if (age > STALE_MS) return true;
	// An empty or half-written file is a holder between open and write, unless it stays so.
	if (!holder) return age > 1000;
	if (holder.host !== os.hostname()) return false;
	try {
		process.kill(holder.pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

/**
 * Breaks a stale lock without breaking a live one: the file is moved aside (one process wins the
 * rename) and checked again; a holder that turns out to be live is put back.
 */
function breakIfStale(lockFile: string): void {
	const holder = readHolder(lockFile);
	if (!isStale(lockFile, holder)) return;
	const aside = `${lockFile}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
	try {
		fs.renameSync(lockFile, aside);
	} catch {
		return; // someone else broke or released it first
	}
	const moved = readHolder(aside);
	if (moved?.nonce === holder?.nonce && isStale(aside, moved)) {
		fs.rmSync(aside, { force: true });
		return;
	}
	// We moved a lock taken after our look: put it back unless a newer one exists.
	try {
		fs.linkSync(aside, lockFile);
	} catch {
		// a newer lock exists; the one we moved loses its file, its holder's release is a no-op
	}
	fs.rmSync(aside, { force: true });
}
