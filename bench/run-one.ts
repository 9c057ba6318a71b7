/**
 * Runs one bench module in this process and writes its results as JSON to a file:
 *   node --import tsx bench/run-one.ts <bench/x.bench.ts> <out.json> [--quick]
 * bench/run.ts starts one of these per module, so a crash, a hang or 100k-sized heaps stay
 * contained in that module.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './result';

const [file, out] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!file || !out) {
	console.error(
		'usage: node --import tsx bench/run-one.ts <bench/x.bench.ts> <out.json> [--quick]'
	);
	process.exit(2);
}
const quick = process.argv.includes('--quick');

const mod = (await import(pathToFileURL(path.resolve(file)).href)) as Partial<BenchModule>;
if (typeof mod.run !== 'function') throw new Error(`${file} does not export run({ quick })`);
let results: BenchResult[];
try {
	results = await mod.run({ quick });
} catch (err) {
	// A module may attach what it measured before failing: it is kept, and the error reported.
	const partial = (err as { results?: unknown }).results;
	if (Array.isArray(partial)) writeFileSync(out, JSON.stringify(partial));
	// The error itself, apart from the browser's log lines that follow it on stderr.
	const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
	writeFileSync(`${out}.error`, message.slice(0, 4000));
	throw err;
}
if (!Array.isArray(results)) throw new Error(`${file}: run() must resolve to a list of results`);
writeFileSync(out, JSON.stringify(results));
// Leftover handles (sockets, timers) of a module must not keep the runner waiting.
process.exit(0);
