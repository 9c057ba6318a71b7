/**
 * The open workspace's invites at the relay, for the settings page, and reading an invite link
 * for /join: pages reach the relay's HTTP API ($lib/sync/relay-api) only through here.
 */
import * as api from '$lib/sync/relay-api';
import type { WorkspaceRole } from '$lib/sync/protocol';
import { relayOrigin } from './relay-origin';

export type { ApiResult, Invite, ParsedInvite } from '$lib/sync/relay-api';
export type { WorkspaceRole };
export { parseInviteLink } from '$lib/sync/relay-api';

/** `token` is the owner's: only an owner may list, create or revoke invites. */
export function listInvites(workspaceId: string, token: string) {
	return api.listInvites(relayOrigin(), workspaceId, token);
}

export function createInvite(
	workspaceId: string,
	token: string,
	input: { role: WorkspaceRole; label: string }
) {
	return api.createInvite(relayOrigin(), workspaceId, token, input);
}

export function revokeInvite(workspaceId: string, token: string, inviteId: string) {
	return api.revokeInvite(relayOrigin(), workspaceId, token, inviteId);
}

/** The link that lets someone join with `inviteToken` (its secret stays in the fragment). */
export function inviteLink(workspaceId: string, inviteToken: string): string {
	return api.inviteLink(relayOrigin(), workspaceId, inviteToken);
}
