// Parallel writers of the auth store: writer processes (the CLI's code path) creating invites and
// revoking others, the CLI itself revoking, and the running relay creating invites over its API,
// all at once. Every invite and every revocation must be there afterwards.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, api, createWorkspace, invite } from '../test-helpers.ts';
import { TrackedRelay, between, type Counts, type Random } from './harness.ts';

function run(script: string, args: string[], dataDir: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', path.join(PROJECT_ROOT, script), ...args],
			{
				cwd: PROJECT_ROOT,
				env: { ...process.env, DATA_DIR: dataDir },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
	});
}

export async function authWriters(random: Random, counts: Counts, runs: number): Promise<number> {
	let writes = 0;
	for (let r = 0; r < runs; r++) {
		const relay = await TrackedRelay.start(counts);
		const { dataDir } = relay.relay;
		const ws = await createWorkspace(relay.relay);
		const victims = await Promise.all(
			Array.from({ length: 12 }, () => invite(relay.relay, ws.workspaceId, ws.token, 'editor'))
		);
		const writers = between(random, 3, 5);
		const perWriter = between(random, 10, 25);
		const byWriters = Promise.all(
			Array.from({ length: writers }, (_, w) =>
				run(
					'server/faults/auth-writer.ts',
					[
						dataDir,
						ws.workspaceId,
						String(perWriter),
						...victims.slice(w * 2, w * 2 + 2).map((v) => v.id)
					],
					dataDir
				).then((out) => JSON.parse(out) as string[])
			)
		);
		const byCli = Promise.all(
			victims.slice(10).map((v) => run('server/cli.ts', ['revoke', ws.workspaceId, v.id], dataDir))
		);
		let othersDone = false;
		// The relay keeps inviting over its API until every other writer has exited.
		const apiLoop = async () => {
			const made: Array<{ id: string }> = [];
			while (!othersDone) made.push(await invite(relay.relay, ws.workspaceId, ws.token, 'viewer'));
			return made;
		};
		const byApi = Promise.all([apiLoop(), apiLoop(), apiLoop()]).then((all) => all.flat());
		void Promise.allSettled([byWriters, byCli]).then(() => (othersDone = true));
		const [created, , apiInvites] = await Promise.all([byWriters, byCli, byApi]);
		const list = (await api(relay.relay, 'GET', `/api/workspaces/${ws.workspaceId}/invites`, {
			token: ws.token
		})) as { body: Array<{ id: string; revokedAt: string | null }> };
		const byId = new Map(list.body.map((i) => [i.id, i]));
		const expected = [...created.flat(), ...apiInvites.map((i) => i.id)];
		const revoked = victims.slice(0, Math.min(writers * 2, 10)).concat(victims.slice(10));
		const lost =
			expected.filter((id) => !byId.has(id)).length +
			revoked.filter((v) => byId.get(v.id)?.revokedAt === null).length;
		writes += expected.length + revoked.length;
		counts.runs++;
		if (lost > 0) counts.failures.push(`auth run ${r}: ${lost} writes lost`);
		await relay.stop();
	}
	return writes;
}
