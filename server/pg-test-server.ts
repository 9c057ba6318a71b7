// A real PostgreSQL for tests: Debian's binaries, a cluster initialised in a temp dir, a server on
// a loopback port, stopped (and the dir removed) at the end. initdb and postgres refuse to run as
// root, so as root every command runs as the `postgres` user the Debian package creates.
// Missing binaries are an error, never a skip: .ci/run installs `postgresql` where it is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fixedTestPort } from './test-port';

/**
 * The folder holding initdb, pg_ctl, postgres, pg_dump and pg_restore: where the initdb on PATH
 * really lives (a symlink into Debian's folder, say), else Debian's newest version.
 */
export function postgresBinDir(): string {
	const tools = ['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore'];
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const initdb = dir && path.join(dir, 'initdb');
		if (!initdb || !fs.existsSync(initdb)) continue;
		const real = path.dirname(fs.realpathSync(initdb));
		if (tools.every((tool) => fs.existsSync(path.join(real, tool)))) return real;
	}
	const debian = '/usr/lib/postgresql';
	const versions = fs.existsSync(debian)
		? fs
				.readdirSync(debian)
				.filter((v) => fs.existsSync(path.join(debian, v, 'bin/initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error(
			'PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): ' +
				'install Debian\'s "postgresql" package (.ci/run does)'
		);
	}
	return path.join(debian, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as a user it accepts; throws with its output when it fails. */
function run(bin: string, args: string[], timeoutMs = 60_000): string {
	const [command, argv] = asRoot
		? ['runuser', ['-u', 'postgres', '--', bin, ...args]]
		: [bin, args];
	const result = spawnSync(command, argv, { encoding: 'utf8', timeout: timeoutMs });
	if (result.status !== 0) {
		throw new Error(
			`${path.basename(bin)} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`
		);
	}
	return result.stdout;
}

export interface TestPostgres {
	port: number;
	/** A connection URL for database `name` (default: `postgres`). */
	url(name?: string): string;
	/** Creates an empty database and answers its URL. */
	createDatabase(name: string): Promise<string>;
	/** Fast shutdown: clients' connections are cut, as when the server goes away. */
	stop(): void;
	start(): void;
	/** Stops the server and removes its files. */
	destroy(): void;
}

export function startPostgres(port: number): TestPostgres {
	fixedTestPort(port);
	const bin = postgresBinDir();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h-pg-'));
	if (asRoot) execFileSync('chown', ['postgres:', dir]);
	const data = path.join(dir, 'data');
	run(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'crm',
		'--auth=trust',
		'--encoding=UTF8',
		'--locale=C',
		'--no-sync'
	]);
	const options = [
		`-p ${port}`,
		`-k ${dir}`,
		"-c listen_addresses='127.0.0.1'",
		'-c max_connections=200',
		'-c shared_buffers=32MB'
	].join(' ');
	let running = false;
	const server: TestPostgres = {
		port,
		url: (name = 'postgres') => `postgres://crm@127.0.0.1:${port}/${name}`,
		async createDatabase(name) {
			const client = new pg.Client({ connectionString: server.url() });
			await client.connect();
			try {
				await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
			} finally {
				await client.end();
			}
			return server.url(name);
		},
		start() {
			run(path.join(bin, 'pg_ctl'), [
				'-D',
				data,
				'-o',
				options,
				'-l',
				path.join(dir, 'log'),
				'-w',
				'-t',
				'60',
				'start'
			]);
			running = true;
		},
		stop() {
			if (!running) return;
			run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
			running = false;
		},
		destroy() {
			try {
				server.stop();
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
	};
	try {
		server.start();
	} catch (error) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return server;
}
