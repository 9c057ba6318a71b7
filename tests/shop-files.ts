/** Shop order exports for end-to-end tests, from the fixtures made from the documented headers. */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../src/lib/domain/orders/fixtures/', import.meta.url);

/** A fixture with its November 2026 dates moved to this month (UTC). */
export function shopFile(name: string): { name: string; mimeType: string; buffer: Buffer } {
	const now = new Date();
	const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
	const text = readFileSync(new URL(name, FIXTURES), 'utf8').replaceAll('2026-11-', `${month}-`);
	// readFileSync kept the BOM as U+FEFF: written back, the file is byte for byte the export.
	return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}
