/**
 * `npm run bench [-- --quick] [-- name ...]`: runs every bench/*.bench.ts (or those whose name
 * contains one of the given words), each in its own Node process (bench/run-one.ts), and
 * writes bench/results.json (every figure) and bench/RESULTS.md (the figures against
 * the budgets in README.md "Performance"). A module that fails is reported there and the others still run.
 * Builds the app first if ./build is missing (the browser benches serve it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_DIR, ROOT } from './harness/paths';
import { renderReport, type ModuleRun } from './report';
import type { BenchResult } from './result';

const BENCH_DIR = import.meta.dirname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
/** Per module: quick mode as a whole must stay under 2 minutes, full under 15. */
const MODULE_TIMEOUT_MS = quick ? 100_000 : 600_000;
/**
 * Modules given longer: relay-compare starts five kinds of sync servers (nine processes) and
 * storms stock and Hocuspocus, which encode the whole document for each joiner (~35 min quick
 * under load, more in full): 45 min quick, 90 full.
 */
const TIMEOUT_MS: Record<string, number> = {
	'relay-compare.bench.ts': quick ? 2_700_000 : 5_400_000
};

const startedAt = new Date();
const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.versions.node}, load average ${os.loadavg()[0].toFixed(1)} at start`;
const buildNote = ensureBuild();

const files = readdirSync(BENCH_DIR)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => only.length === 0 || only.some((word) => f.includes(word)))
	.sort();
if (files.length === 0) {
	console.error(`No bench module matches ${only.join(', ')}.`);
	process.exit(2);
}

const modules: ModuleRun[] = [];
for (const file of files) {
	process.stderr.write(`bench: ${file}${quick ? ' (quick)' : ''}…\n`);
	const run = await runModule(file);
	modules.push(run);
	process.stderr.write(
		run.error
			? `bench: ${file} FAILED after ${run.seconds.toFixed(1)} s\n${run.error}\n`
			: `bench: ${file} done in ${run.seconds.toFixed(1)} s, ${run.results.length} figures\n`
	);
}

const results: BenchResult[] = modules.flatMap((m) => m.results);
writeFileSync(path.join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, '\t') + '\n');
writeFileSync(
	path.join(BENCH_DIR, 'RESULTS.md'),
	renderReport({ quick, startedAt, machine, buildNote }, modules)
);
const total = (Date.now() - startedAt.getTime()) / 1000;
process.stderr.write(
	`bench: wrote bench/results.json and bench/RESULTS.md (${total.toFixed(0)} s)\n`
);

/** Builds the app if ./build is missing; a note for RESULTS.md when it did or could not. */
function ensureBuild(): string | null {
	if (existsSync(path.join(BUILD_DIR, 'index.html'))) return null;
	if (process.env.BENCH_BUILD_DIR) return `BENCH_BUILD_DIR ${BUILD_DIR} has no index.html.`;
	process.stderr.write('bench: ./build is missing, running npm run build…\n');
	const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
	if (built.status === 0) return 'built with `npm run build` before the run (./build was missing).';
	return `\`npm run build\` failed (exit ${built.status}); the browser benches cannot run.`;
}

async function runModule(file: string): Promise<ModuleRun> {
	const started = Date.now();
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'crm-bench-'));
	const out = path.join(tmp, 'results.json');
	let stderr = '';
	const code = await new Promise<number | string>((resolve) => {
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				'--max-old-space-size=8192',
				'--expose-gc',
				path.join(BENCH_DIR, 'run-one.ts'),
				path.join(BENCH_DIR, file),
				out,
				...(quick ? ['--quick'] : [])
			],
			// Its own process group: on a timeout, the browser and relay it started go with it.
			{ cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'], detached: true }
		);
		child.stderr!.on('data', (d: Buffer) => {
			process.stderr.write(d);
			stderr = (stderr + d.toString()).slice(-6000);
		});
		const timeoutMs = TIMEOUT_MS[file] ?? MODULE_TIMEOUT_MS;
		const timer = setTimeout(() => {
			stderr += `\nstopped: no result within ${timeoutMs / 1000} s`;
			killGroup(child.pid, 'SIGTERM');
			setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000).unref();
		}, timeoutMs);
		child.on('error', (err) => resolve(err.message));
		child.on('exit', (status, signal) => {
			clearTimeout(timer);
			killGroup(child.pid, 'SIGKILL'); // anything it left behind (a browser, a relay)
			resolve(status ?? signal ?? 'unknown');
		});
	});
	const seconds = (Date.now() - started) / 1000;
	try {
		if (code !== 0) {
			const partial = existsSync(out)
				? (JSON.parse(readFileSync(out, 'utf8')) as BenchResult[])
				: [];
			const error = existsSync(`${out}.error`) ? readFileSync(`${out}.error`, 'utf8') : stderr;
			return { module: file, seconds, results: partial, error: `exit ${code}\n${error}` };
		}
		const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
		return { module: file, seconds, results, error: null };
	} catch (err) {
		return {
			module: file,
			seconds,
			results: [],
			error: `unreadable results: ${String(err)}\n${stderr}`
		};
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}
