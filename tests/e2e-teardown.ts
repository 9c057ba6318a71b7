// Playwright's global teardown: the relay's data folder the config made for this run goes
// (a folder named by E2E_DATA_DIR from outside is someone's to keep, and stays).
import { rmSync } from 'node:fs';

export default function removeE2eDataDir(): void {
	const dir = process.env.E2E_DATA_DIR_MADE;
	if (dir) rmSync(dir, { recursive: true, force: true });
}
