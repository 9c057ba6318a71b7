/** The real relay (server/main.ts) in a child process, on 127.0.0.1 with a throwaway data dir. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILD_DIR, ROOT } from './paths';

export interface RelayProcess {
	origin: string;
	dataDir: string;
	createWorkspace(name: string): Promise<{ workspaceId: string; token: string }>;
	/**
	 * Resolves once the relay has been quiet for two seconds (under 5% of a core: what it stored is
	 * compacted, nothing runs in the background), or after `maxMs`; to the ms waited.
	 */
	quiet(maxMs?: number): Promise<number>;
	/** CPU time the relay process has used so far (all its threads), ms. */
	cpuMs(): number;
	stop(): Promise<void>;
}

export async function startRelay(env: Record<string, string> = {}): Promise<RelayProcess> {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-bench-relay-'));
	// BENCH_RELAY_NODE_ARGS: Node's flags for the relay, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`.
	const nodeArgs = process.env.BENCH_RELAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			STATIC_DIR: BUILD_DIR,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
	const port = await new Promise<number>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => fail(new Error('the relay did not start within 30 s')), 30_000);
		const fail = (err: Error) => {
			clearTimeout(timer);
			child.kill();
			reject(new Error(`${err.message}\n${stderr}`));
		};
		const onExit = (code: number | null) => fail(new Error(`the relay exited with code ${code}`));
		child.once('exit', onExit);
		child.stdout!.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /"event":"listening".*?"port":(\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				child.off('exit', onExit);
				resolve(Number(m[1]));
			}
		});
	});
	// BENCH_RELAY_LOG=<file>: the relay's log lines written there; else only drained.
	if (process.env.BENCH_RELAY_LOG)
		child.stdout!.pipe(createWriteStream(process.env.BENCH_RELAY_LOG));
	else child.stdout!.resume(); // keep draining its log
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		dataDir,
		async createWorkspace(name) {
			const res = await fetch(`${origin}/api/workspaces`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name })
			});
			const body = (await res.json()) as { workspaceId?: string; token?: string };
			if (!res.ok || !body.workspaceId || !body.token) {
				throw new Error(`POST /api/workspaces answered ${res.status}: ${JSON.stringify(body)}`);
			}
			return { workspaceId: body.workspaceId, token: body.token };
		},
		async quiet(maxMs = 120_000) {
			const started = performance.now();
			let before = cpuMs(child.pid!);
			let quietSeconds = 0;
			while (quietSeconds < 2 && performance.now() - started < maxMs) {
				await new Promise((resolve) => setTimeout(resolve, 1_000));
				const now = cpuMs(child.pid!);
				quietSeconds = now - before < 50 ? quietSeconds + 1 : 0;
				before = now;
			}
			return performance.now() - started;
		},
		cpuMs: () => cpuMs(child.pid!),
		stop: () => stopChild(child).finally(() => rmSync(dataDir, { recursive: true, force: true }))
	};
}

/** CPU time a process has used (user and system, all its threads), in ms (Linux). */
function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime: 100 ticks/s
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
