import { describe, expect, it } from 'vitest';
import { exportBackup } from '$lib/data/backup-export';
import { Workspace } from '$lib/data/workspace.svelte';
import { RestoreFlow } from './restore-flow.svelte';

const pause = () => Promise.resolve();

async function backupText(): Promise<string> {
	const ws = new Workspace('source', 'me');
	ws.start();
	ws.rename('Acme');
	const org = ws.organizations.create({ name: 'Navy' });
	ws.people.create({ firstName: 'Grace', lastName: 'Hopper', organizationId: org });
	return (await exportBackup(ws)).text;
}

function setup() {
	const created: Workspace[] = [];
	const names: string[] = [];
	const flow = new RestoreFlow({
		pause,
		createWorkspace: async (name) => {
			names.push(name);
			const ws = new Workspace(`new-${created.length}`, 'me');
			ws.start();
			created.push(ws);
			return { ok: true, workspace: ws };
		}
	});
	return { flow, created, names };
}

describe('RestoreFlow', () => {
	it('restores a good backup into a new workspace', async () => {
		const { flow, created, names } = setup();
		await flow.restore(new File([await backupText()], 'backup.json'));
		expect(flow.error).toBeNull();
		// Checked, described, and nothing created before the user confirms (issue #18).
		expect(flow.status).toBe('confirm');
		expect(flow.pending).toEqual({
			fileName: 'backup.json',
			workspaceName: 'Acme (restored)',
			people: 1,
			organizations: 1
		});
		expect(names).toEqual([]);
		await flow.confirm();
		expect(names).toEqual(['Acme (restored)']);
		expect(flow.result).toMatchObject({
			people: 1,
			organizations: 1,
			workspaceName: 'Acme (restored)'
		});
		expect(created[0].people.rows.map((r) => [r.name, r.organizationName])).toEqual([
			['Grace Hopper', 'Navy']
		]);
	});

	it('creates nothing when the user cancels at the confirm step', async () => {
		const { flow, names } = setup();
		await flow.restore(new File([await backupText()], 'backup.json'));
		flow.cancel();
		await flow.confirm();
		expect(flow.status).toBe('idle');
		expect(flow.pending).toBeNull();
		expect(names).toEqual([]);
	});

	const bad: [string, (text: string) => string, RegExp][] = [
		[
			'a backup from a newer version',
			(t) => t.replace('"version": 1', '"version": 7'),
			/written by a newer version \(v7\); update the app/
		],
		[
			'a backup with a wrong checksum',
			(t) => t.replace('Grace', 'Mallory'),
			/damaged \(checksum mismatch\)/
		],
		['a cut-off file', (t) => t.slice(0, t.length / 2), /not valid JSON, or it was cut off/],
		['a CSV file', () => 'Name,Email\nAda,ada@example.com', /not valid JSON/]
	];
	for (const [what, change, expected] of bad) {
		it(`refuses ${what} and creates no workspace`, async () => {
			const { flow, names } = setup();
			await flow.restore(new File([change(await backupText())], 'backup.json'));
			expect(flow.error).toMatch(expected);
			expect(flow.status).toBe('idle');
			expect(names).toEqual([]);
		});
	}

	it('refuses a file over 200 MB before reading it', async () => {
		const { flow, names } = setup();
		const huge = { name: 'b.json', size: 300 * 1024 * 1024, text: () => Promise.reject() };
		await flow.restore(huge as unknown as File);
		expect(flow.error).toMatch(/300 MB; files up to 200 MB can be restored/);
		expect(names).toEqual([]);
	});
});
