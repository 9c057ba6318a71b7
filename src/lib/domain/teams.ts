/**
 * Teams of a workspace's members: a dashboard's "team" filter counts the records whose owner
 * (a deal's owner, a request's assignee, an interaction's members, a goal's member) is in it.
 * A team is one key in the core document's settings, `team:<id>` = its name, and a removal
 * its own key, `team-gone:<id>`: two people adding teams at once keep both, and a rename
 * racing a removal ends removed. A member's team is a key of the member (`team`), which the
 * owner sets; a team removed or unknown (a newer peer's) reads as no team.
 */

export interface Team {
	id: string;
	name: string;
}

export const TEAM_PREFIX = 'team:';
export const TEAM_GONE_PREFIX = 'team-gone:';
export const TEAM_NAME_MAX = 60;

export const teamKey = (id: string) => TEAM_PREFIX + id;
export const teamGoneKey = (id: string) => TEAM_GONE_PREFIX + id;

/** Who changes teams: the workspace's owner (the README's roles are owner, editor, viewer), as
 * a team decides whose figures a manager reads. */
export function mayChangeTeams(role: string | null | undefined): boolean {
	return role === 'owner';
}

export const TEAMS_OWNER_ONLY = 'Only the workspace’s owner changes teams.';

/** The teams among the settings' entries, by name; removed and unreadable ones left out. */
export function readTeams(entries: Iterable<[string, unknown]>): Team[] {
	const names = new Map<string, string>();
	const gone = new Set<string>();
	for (const [key, value] of entries) {
		if (key.startsWith(TEAM_GONE_PREFIX)) {
			if (value === true) gone.add(key.slice(TEAM_GONE_PREFIX.length));
		} else if (key.startsWith(TEAM_PREFIX) && typeof value === 'string' && value.trim()) {
			names.set(key.slice(TEAM_PREFIX.length), value.trim().slice(0, TEAM_NAME_MAX));
		}
	}
	const teams: Team[] = [];
	for (const [id, name] of names) if (!gone.has(id)) teams.push({ id, name });
	return teams.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Why `name` cannot name a team (`self`: the team being renamed), or null. */
export function teamNameProblem(
	name: string,
	teams: readonly Team[],
	self: string | null = null
): string | null {
	const trimmed = name.trim();
	if (!trimmed) return 'Name the team.';
	if (trimmed.length > TEAM_NAME_MAX) return `A team's name has at most ${TEAM_NAME_MAX} letters.`;
	const same = teams.find(
		(t) => t.id !== self && t.name.localeCompare(trimmed, undefined, { sensitivity: 'base' }) === 0
	);
	return same ? `There is a team named “${same.name}” already.` : null;
}

/** A member's stored team read back: an id of a team that exists, else null. */
export function memberTeam(raw: unknown, teams: readonly Team[]): string | null {
	return typeof raw === 'string' && teams.some((t) => t.id === raw) ? raw : null;
}

/** The ids of the members in `teamId`. */
export function membersOfTeam(
	members: readonly { id: string; teamId?: string | null }[],
	teamId: string
): Set<string> {
	const ids = new Set<string>();
	for (const m of members) if (m.teamId === teamId) ids.add(m.id);
	return ids;
}
