/**
 * Where and how the app opens its socket to the relay: the sync endpoint, the workspace in the
 * path, and the token in the subprotocol header (`crm, crm-docs, crm-batch, token.<token>`), where URLs
 * (and so access logs) never show it. The query carries the token only when a header cannot
 * (the relay's own tokens always fit).
 */
import { SUBPROTOCOL_BATCH, SUBPROTOCOL_DOCS } from './wire';

/** Opts in to the relay's role and ack extensions. */
export const SUBPROTOCOL_CRM = 'crm';
export const TOKEN_PREFIX = 'token.';

/** What a websocket subprotocol may hold (an RFC 7230 token). */
const SUBPROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `http://host[/base]` → `ws://host[/base]/sync` (https → wss). */
export function syncUrl(relayUrl: string): string {
	let url: URL;
	try {
		url = new URL(relayUrl);
	} catch {
		throw new TypeError(`relayUrl must be an absolute http(s) URL, got "${relayUrl}"`);
	}
	const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[url.protocol];
	if (scheme === undefined) {
		throw new TypeError(`relayUrl must be an http(s) URL, got "${relayUrl}"`);
	}
	return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, '')}/sync`;
}

export interface SocketTarget {
	url: string;
	protocols: string[];
	/** The BroadcastChannel this browser's tabs of the workspace share (no token in it). */
	channel: string;
}

/** The socket for all of a workspace's documents. */
export function workspaceSocketTarget(
	relayUrl: string,
	workspaceId: string,
	token: string
): SocketTarget {
	if (workspaceId.trim() === '') throw new TypeError('workspaceId must not be empty');
	if (token.trim() === '') throw new TypeError('token must not be empty');
	const base = `${syncUrl(relayUrl)}/${encodeURIComponent(workspaceId)}`;
	const offered = [SUBPROTOCOL_CRM, SUBPROTOCOL_DOCS, SUBPROTOCOL_BATCH];
	const channel = `${SUBPROTOCOL_DOCS}:${base}`;
	if (SUBPROTOCOL_TOKEN.test(token)) {
		return { url: `${base}?crm=1`, protocols: [...offered, `${TOKEN_PREFIX}${token}`], channel };
	}
	return {
		url: `${base}?crm=1&token=${encodeURIComponent(token)}`,
		protocols: offered,
		channel
	};
}
