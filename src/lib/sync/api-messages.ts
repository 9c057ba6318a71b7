/**
 * Human messages for failed calls to the relay's HTTP API. The relay's own `{ error }` text is
 * written for operators; people get what happened and what they can do.
 */

export type ApiOperation =
	'createWorkspace' | 'getSession' | 'listInvites' | 'createInvite' | 'revokeInvite';

export const UNREACHABLE =
	'The relay could not be reached. You can keep working offline; your changes are kept on this device and sync when the relay is back.';

export const UNEXPECTED_ANSWER =
	'The relay sent an answer this app does not understand. It may run another version; try again later.';

const ASK_OWNER = 'Ask the workspace owner for a new invite link.';
const OWNER_ONLY = 'Only the workspace owner can manage invites.';

export function failureMessage(
	operation: ApiOperation,
	status: number,
	serverError?: string
): string {
	const invites = operation === 'listInvites' || operation === 'createInvite';
	switch (status) {
		case 400:
			return serverError
				? `The relay did not accept this request: ${serverError}`
				: 'The relay did not accept this request.';
		case 401:
			return `This link does not give access to this workspace. ${ASK_OWNER}`;
		case 403:
			if (operation === 'getSession') return `This invite was revoked. ${ASK_OWNER}`;
			if (operation === 'createWorkspace') {
				return 'This relay does not allow creating workspaces from here. Ask its administrator.';
			}
			return `${OWNER_ONLY} If you are the owner, your access may have been revoked.`;
		case 404:
			if (operation === 'revokeInvite') {
				return 'This invite no longer exists; it may already have been revoked.';
			}
			if (operation === 'createWorkspace') return 'This relay does not offer workspaces.';
			return 'This workspace does not exist on the relay. It may have been deleted, or the link points to another relay.';
		case 409:
			if (operation === 'revokeInvite') {
				return 'This is the last owner invite of the workspace; create another owner invite before revoking it.';
			}
			return 'A workspace with this id already exists on the relay.';
		case 413:
			return 'This request is too large for the relay.';
		case 429:
			return 'The relay is receiving too many requests; try again in a minute.';
		default:
			if (status >= 500) {
				return `The relay ran into a problem (${status}). Try again later; you can keep working offline.`;
			}
			return invites
				? `The relay could not complete this invite request (${status}).`
				: `The relay could not complete this request (${status}).`;
	}
}
