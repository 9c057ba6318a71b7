/** Which workspace to open on start: the last one opened (session.open records it), or the first. */

// Written by session.open on every open.
const KEY = 'crm:last-workspace';

export function pickWorkspace(
	profiles: readonly { workspaceId: string }[],
	last: string | null = readLast()
): string | null {
	if (profiles.length === 0) return null;
	return profiles.find((p) => p.workspaceId === last)?.workspaceId ?? profiles[0].workspaceId;
}

function readLast(): string | null {
	try {
		return localStorage.getItem(KEY);
	} catch {
		return null; // storage blocked (private mode): the first workspace is fine
	}
}
