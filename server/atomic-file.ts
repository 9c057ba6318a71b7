// Replaces a small file all at once, as auth.json is written: a temp file (mode given, 0600 for
// secrets), fsync, rename over the old one, fsync the folder. A crash leaves the old or the new
// file, never a torn one. Call it with the file's lock held (file-lock.ts).
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, text: string, mode = 0o600): void {
	const tmp = `${file}.${process.pid}.tmp`;
	const fd = fs.openSync(tmp, 'w', mode);
	try {
		fs.writeSync(fd, text);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	// A temp file a crash left behind keeps its own mode when opened again: set ours.
	fs.chmodSync(tmp, mode);
	fs.renameSync(tmp, file);
	const dir = fs.openSync(path.dirname(file), 'r');
	try {
		fs.fsyncSync(dir);
	} finally {
		fs.closeSync(dir);
	}
}

/** The file's text, or '' when there is none. */
export function readFileIfAny(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
		throw error;
	}
}
