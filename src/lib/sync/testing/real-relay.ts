/**
 * The real relay (server/main.ts) for integration tests: its own process on 127.0.0.1, with a
 * data directory of the test's. Node only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const RELAY_MAIN = 'server/main.ts';

export interface RunningRelay {
	process: ChildProcess;
	url: string;
	port: number;
}

/** Starts the relay; `port` 0 picks a free one (pass the old one to restart in place). */
export async function startRelay(
	dataDir: string,
	port = 0,
	env: Record<string, string> = {}
): Promise<RunningRelay> {
	const child = spawn(process.execPath, ['--import', 'tsx', RELAY_MAIN], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			STATIC_DIR: path.join(dataDir, 'no-app'),
			WORKSPACE_IDLE_MS: '0',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const listening = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`relay did not start:\n${output}`));
		}, 15_000);
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const found = /"event":"listening".*?"port":(\d+)/.exec(output)?.[1];
			if (found) {
				clearTimeout(timer);
				resolve(Number(found));
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`relay exited with ${code}:\n${output}`));
		});
	});
	return { process: child, url: `http://127.0.0.1:${listening}`, port: listening };
}

export async function stopRelay(
	relay: RunningRelay,
	signal: NodeJS.Signals = 'SIGTERM'
): Promise<void> {
	if (relay.process.exitCode !== null || relay.process.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		relay.process.once('exit', () => resolve());
		relay.process.kill(signal);
	});
}

export async function waitFor(check: () => boolean, what: string, timeout = 5_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
