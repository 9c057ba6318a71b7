// A real redis-server (Debian's package; .ci/run installs it) on a loopback port, for the fan-out
// tests and benches: no persistence, stopped at the end. Missing binary: a loud failure, never
// a skip.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fixedTestPort } from './test-port';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];
const START_WAIT_MS = 10_000;

export interface RedisServer {
	port: number;
	url: string;
	/** Stops it (SIGKILL with `hard`, as a crash would). */
	stop(hard?: boolean): Promise<void>;
	/** Starts it again on the same port, empty. */
	start(): Promise<void>;
}

export function redisServerBinary(): string {
	const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
	if (!found) {
		throw new Error('redis-server not found: apt-get install redis-server (.ci/run does)');
	}
	return found;
}

export async function startRedis(port: number): Promise<RedisServer> {
	fixedTestPort(port);
	const binary = redisServerBinary();
	let child: ChildProcess | null = null;
	let exited: Promise<void> = Promise.resolve();
	const start = async () => {
		const proc = spawn(
			binary,
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ stdio: 'ignore' }
		);
		child = proc;
		exited = new Promise((resolve) => proc.once('exit', () => resolve()));
		await waitForPort(port, START_WAIT_MS, exited);
	};
	await start();
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		async stop(hard = false) {
			if (child && child.exitCode === null && child.signalCode === null) {
				child.kill(hard ? 'SIGKILL' : 'SIGTERM');
			}
			await exited;
		},
		start
	};
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<void>): Promise<void> {
	let gone = false;
	void exited.then(() => (gone = true));
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (gone) throw new Error(`redis-server on ${port} exited at start (port taken?)`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
}
