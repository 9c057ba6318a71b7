/**
 * Teams in the core document between two devices: teams added at once both kept, a rename
 * racing a removal ended removed, a member's team reaching the other device and the
 * dashboards' team filter (one Set while the team's members stay the same), and teams carried
 * by a backup into a new workspace.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseBackup } from '$lib/domain/import/backup';
import { teamMembersOf } from '$lib/session/teams';
import { exportBackup } from './backup-export';
import { restoreBackup } from './backup-restore';
import { syncBoth } from './docs-testing';
import { teamsOf } from './teams';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

function workspace(me: string) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, () => 1_000), () => 1_000);
	ws.start();
	ws.members.upsert({ id: me, name: me.toUpperCase(), color: '#000000' });
	teamsOf(ws).permit(() => true);
	return ws;
}

describe('teams in a workspace', () => {
	it('two added at once are both kept; a bad or taken name changes nothing', () => {
		const a = workspace('a');
		const b = workspace('b');
		teamsOf(a).add('North');
		teamsOf(b).add('South');
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b])
			expect(teamsOf(ws).list.map((t) => t.name)).toEqual(['North', 'South']);
		expect(() => teamsOf(a).add(' north ')).toThrow('There is a team named “North” already.');
		expect(() => teamsOf(a).add('')).toThrow('Name the team.');
		expect(teamsOf(a).list).toHaveLength(2);
	});

	it('a rename racing a removal ends removed on both devices', () => {
		const a = workspace('a');
		const b = workspace('b');
		const id = teamsOf(a).add('North');
		syncBoth(a.docs, b.docs);
		teamsOf(a).rename(id, 'Nord');
		teamsOf(b).remove(id);
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) expect(teamsOf(ws).list).toEqual([]);
		expect(() => teamsOf(a).setTeam('a', id)).toThrow('That team was removed.');
	});

	it("a member's team reaches the other device and narrows the team filter", () => {
		const a = workspace('a');
		const b = workspace('b');
		syncBoth(a.docs, b.docs);
		const north = teamsOf(a).add('North');
		teamsOf(a).setTeam('b', north);
		syncBoth(a.docs, b.docs);
		expect(b.members.get('b')?.teamId).toBe(north);
		const first = teamMembersOf(b, north);
		expect([...first]).toEqual(['b']);
		// Nothing changed: the same Set (a report's cached result holds).
		expect(teamMembersOf(b, north)).toBe(first);
		teamsOf(b).setTeam('a', north);
		const both = teamMembersOf(b, north);
		expect(both).not.toBe(first);
		expect([...both].sort()).toEqual(['a', 'b']);
		// A removed team counts nobody.
		teamsOf(a).remove(north);
		syncBoth(a.docs, b.docs);
		expect(teamMembersOf(b, north).size).toBe(0);
	});

	it('a backup carries the teams and who is in which into a new workspace', async () => {
		const a = workspace('a');
		const north = teamsOf(a).add('North');
		teamsOf(a).setTeam('a', north);
		const parsed = await parseBackup((await exportBackup(a)).text);
		if (!parsed.ok) throw new Error(parsed.error);
		const fresh = new Workspace(
			'ws-fresh',
			'z',
			new WorkspaceDocs(undefined, () => 1_000),
			() => 1_000
		);
		fresh.start();
		await restoreBackup(fresh, parsed.backup, { pause: () => Promise.resolve() });
		expect(teamsOf(fresh).list).toEqual([{ id: north, name: 'North' }]);
		expect([...teamMembersOf(fresh, north)]).toEqual(['a']);
	});

	it('an editor’s device (not permitted) changes no team key: each write refused, clearly', () => {
		const owner = workspace('a');
		const north = teamsOf(owner).add('North');
		const editor = workspace('b');
		syncBoth(owner.docs, editor.docs);
		const teams = teamsOf(editor);
		teams.permit(() => false);
		const before = Y.encodeStateAsUpdate(editor.docs.core);
		const refused = 'Only the workspace’s owner changes teams.';
		expect(() => teams.add('South')).toThrow(refused);
		expect(() => teams.rename(north, 'Nord')).toThrow(refused);
		expect(() => teams.remove(north)).toThrow(refused);
		expect(() => teams.setTeam('b', north)).toThrow(refused);
		expect(Y.encodeStateAsUpdate(editor.docs.core)).toEqual(before);
		expect(teams.list.map((t) => t.name)).toEqual(['North']);
		// Until a session says who the member is, nobody on the device may.
		const fresh = new Workspace('ws2', 'c', new WorkspaceDocs(undefined, () => 1_000), () => 1_000);
		fresh.start();
		expect(() => teamsOf(fresh).add('East')).toThrow(refused);
	});
});
