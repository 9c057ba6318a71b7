/**
 * Invite links carry the workspace id and token in the URL fragment, which browsers never send to
 * a server (not to the relay's access log, not in a Referer header).
 */

export function inviteLink(origin: string, workspaceId: string, token: string): string {
	const base = origin.replace(/\/+$/, '');
	return `${base}/join#ws=${encodeURIComponent(workspaceId)}&token=${encodeURIComponent(token)}`;
}

export type ParsedInvite =
	{ ok: true; workspaceId: string; token: string } | { ok: false; message: string };

const NOT_AN_INVITE =
	'This is not an invite link. Paste the whole link the workspace owner sent you; it contains "#ws=" and "token=".';

/** Accepts a whole link, its fragment ("#ws=…&token=…"), or the fragment without "#". */
export function parseInviteLink(hashOrUrl: string): ParsedInvite {
	const text = hashOrUrl.trim();
	const hashAt = text.indexOf('#');
	const fragment = hashAt >= 0 ? text.slice(hashAt + 1) : text;
	if (hashAt < 0 && !/(^|&)ws=/.test(fragment)) {
		return { ok: false, message: NOT_AN_INVITE };
	}
	let params: URLSearchParams;
	try {
		params = new URLSearchParams(fragment);
	} catch {
		return { ok: false, message: NOT_AN_INVITE };
	}
	const workspaceId = params.get('ws')?.trim() ?? '';
	const token = params.get('token')?.trim() ?? '';
	if (workspaceId === '' && token === '') return { ok: false, message: NOT_AN_INVITE };
	if (workspaceId === '') {
		return { ok: false, message: 'This invite link has no workspace in it; it may be cut short.' };
	}
	if (token === '') {
		return {
			ok: false,
			message: 'This invite link has no access token in it; it may be cut short.'
		};
	}
	return { ok: true, workspaceId, token };
}
