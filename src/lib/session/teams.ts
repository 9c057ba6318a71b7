/**
 * Teams for ui/ and routes/: the workspace's teams and members' teams (data/teams.ts), who may
 * set them (the workspace's owner: a team decides whose figures a manager reads), and a team's
 * members as the dashboards' team filter reads them — one Set per team for as long as its
 * members stay the same, so a report's cached result still holds when nothing changed.
 */
import { teamsOf, type TeamSettings } from '$lib/data/teams';
import type { Workspace } from '$lib/data/workspace.svelte';
import { mayChangeTeams, membersOfTeam } from '$lib/domain/teams';
import type { OpenWorkspace } from './session.svelte';

export { teamsOf, type TeamSettings } from '$lib/data/teams';
export type { Team } from '$lib/domain/teams';

/** Only the workspace's owner puts members in teams (a viewer or an editor sees them). */
export function canSetTeams(open: OpenWorkspace): boolean {
	return !open.readOnly && mayChangeTeams(open.sync.role ?? open.profile.role);
}

/** The teams of an open workspace, writable only while its member may change them (their role
 * read at each write): the data layer refuses an editor's write, not only the screen. */
export function teamSettingsFor(open: OpenWorkspace): TeamSettings {
	const settings = teamsOf(open.workspace);
	settings.permit(() => canSetTeams(open));
	return settings;
}

const kept = new WeakMap<Workspace, Map<string, { key: string; ids: ReadonlySet<string> }>>();

/** The members of `teamId` (reactive: follows the members and the teams). */
export function teamMembersOf(ws: Workspace, teamId: string): ReadonlySet<string> {
	const exists = teamsOf(ws).list.some((t) => t.id === teamId);
	const ids = exists ? membersOfTeam(ws.members.list, teamId) : new Set<string>();
	const key = [...ids].sort().join('\n') + (exists ? '' : '\u0000gone');
	let byTeam = kept.get(ws);
	if (!byTeam) kept.set(ws, (byTeam = new Map()));
	const last = byTeam.get(teamId);
	if (last?.key === key) return last.ids;
	byTeam.set(teamId, { key, ids });
	return ids;
}
