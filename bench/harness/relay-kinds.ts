/**
 * The sync servers the relay benches compare, each as its own child process(es) on 127.0.0.1:
 * our relay alone or three of it on Redis, the stock @y/websocket-server 0.1.1, and Hocuspocus
 * 3.4 alone or three of it on its Redis extension. A kind hands out fresh documents, each as its
 * address at every process, so a bench spreads its clients over them the same way for every kind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, startRelay, type RelayProcess } from '../../server/test-helpers.ts';

export type KindName = 'ours-1' | 'ours-3' | 'stock-1' | 'hocuspocus-1' | 'hocuspocus-3';

/** How a client speaks: y-websocket's one document per socket, or Hocuspocus's named documents. */
export type Protocol = 'y-websocket' | 'hocuspocus';

/** A document at one process: for y-websocket the socket URL names it, for Hocuspocus `name`. */
export interface DocAddress {
	url: string;
	name: string;
	token: string;
}

export interface ServerKind {
	name: KindName;
	protocol: Protocol;
	/** Every process of the kind (for CPU time and resident memory). */
	pids: number[];
	/** A fresh document: its address at each process, the first where writers go. */
	document(): Promise<DocAddress[]>;
	stop(): Promise<void>;
}

/** Limits of our relay raised so the bench's hundreds of local clients are let in. */
export const RELAY_ENV = {
	MAX_CONNECTIONS_PER_IP: '5000',
	MAX_CONNECTIONS_PER_WORKSPACE: '5000',
	RATE_MESSAGES_PER_SEC: '100000',
	RATE_MESSAGES_BURST: '100000',
	CREATE_WORKSPACE_BURST: '10000'
};

export async function startKind(name: KindName, redisUrl?: string): Promise<ServerKind> {
	const needsRedis = name.endsWith('-3');
	if (needsRedis && !redisUrl) throw new Error(`${name} needs a Redis URL`);
	switch (name) {
		case 'ours-1':
			return ours(name, 1);
		case 'ours-3':
			return ours(name, 3, redisUrl);
		case 'stock-1':
			return stock();
		case 'hocuspocus-1':
			return hocuspocus(name, 1);
		case 'hocuspocus-3':
			return hocuspocus(name, 3, redisUrl);
	}
}

// ---------------------------------------------------------------------------------------------
// Ours

async function ours(name: KindName, count: number, redisUrl?: string): Promise<ServerKind> {
	const env = redisUrl ? { ...RELAY_ENV, REDIS_URL: redisUrl } : RELAY_ENV;
	// e.g. BENCH_RELAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (not allowed in NODE_OPTIONS)
	const nodeArgs = process.env.BENCH_RELAY_NODE_ARGS?.split(' ').filter(Boolean);
	const relays: RelayProcess[] = [];
	for (let i = 0; i < count; i++) relays.push(await startRelay({ env, nodeArgs }));
	return {
		name,
		protocol: 'y-websocket',
		pids: relays.map((relay) => relay.child.pid!),
		async document() {
			const [id, token] = await createWorkspace(relays[0]);
			// Each process has its own data dir (two file stores never share one) with the same
			// auth.json; the others re-read it when it changes on disk: replaced whole, by rename.
			for (const relay of relays.slice(1)) {
				const to = path.join(relay.dataDir, 'auth.json');
				fs.copyFileSync(path.join(relays[0].dataDir, 'auth.json'), `${to}.copy`);
				fs.renameSync(`${to}.copy`, to);
			}
			return relays.map((relay) => ({
				url: `${relay.ws}/sync/${id}?token=${encodeURIComponent(token)}`,
				name: id,
				token
			}));
		},
		async stop() {
			await Promise.all(relays.map((relay) => relay.stop()));
			for (const relay of relays) fs.rmSync(relay.dataDir, { recursive: true, force: true });
		}
	};
}

async function createWorkspace(relay: RelayProcess): Promise<[string, string]> {
	const res = await fetch(`${relay.http}/api/workspaces`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'bench' })
	});
	if (res.status !== 201) throw new Error(`create workspace: ${res.status} ${await res.text()}`);
	const { workspaceId, token } = (await res.json()) as { workspaceId: string; token: string };
	return [workspaceId, token];
}

// ---------------------------------------------------------------------------------------------
// Stock and Hocuspocus: a few lines of server each, run with `node -e` from the project root

const STOCK_SERVER = `
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
const server = http.createServer((req, res) => { res.writeHead(200); res.end('ok'); });
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) =>
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(0, '127.0.0.1', () =>
	console.log(JSON.stringify({ event: 'listening', port: server.address().port })));
`;

// Defaults otherwise: no persistence extension (ours keeps a file store, which only makes ours
// do more), no auth hook (any token), awareness on as a provider expects.
const HOCUSPOCUS_SERVER = `
import { Server } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';
const redis = process.env.BENCH_REDIS_PORT;
const server = new Server({
	port: 0,
	address: '127.0.0.1',
	quiet: true,
	extensions: redis ? [new Redis({ host: '127.0.0.1', port: Number(redis) })] : []
});
await server.listen();
console.log(JSON.stringify({ event: 'listening', port: server.address.port }));
`;

async function stock(): Promise<ServerKind> {
	const { child, port } = await startScript(STOCK_SERVER);
	let n = 0;
	return {
		name: 'stock-1',
		protocol: 'y-websocket',
		pids: [child.pid!],
		async document() {
			const name = `doc-${n++}`;
			return [{ url: `ws://127.0.0.1:${port}/${name}`, name, token: '' }];
		},
		stop: () => stopChild(child)
	};
}

async function hocuspocus(name: KindName, count: number, redisUrl?: string): Promise<ServerKind> {
	const env: Record<string, string> = redisUrl ? { BENCH_REDIS_PORT: new URL(redisUrl).port } : {};
	const servers: { child: ChildProcess; port: number }[] = [];
	for (let i = 0; i < count; i++) servers.push(await startScript(HOCUSPOCUS_SERVER, env));
	let n = 0;
	return {
		name,
		protocol: 'hocuspocus',
		pids: servers.map((s) => s.child.pid!),
		async document() {
			// Short names: the storm client reads a message's kind from its first 16 bytes.
			const doc = `d${n++}`;
			return servers.map((s) => ({ url: `ws://127.0.0.1:${s.port}`, name: doc, token: 'bench' }));
		},
		async stop() {
			await Promise.all(servers.map((s) => stopChild(s.child)));
		}
	};
}

async function startScript(
	script: string,
	env: Record<string, string> = {}
): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
		cwd: PROJECT_ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const port = await new Promise<number>((resolve, reject) => {
		let out = '';
		child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /"event":"listening".*?"port":(\d+)/.exec(out);
			if (match) resolve(Number(match[1]));
		});
	});
	return { child, port };
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------

/** Resident memory of a process in MB. */
export function rssMb(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}
