/** Whether a message came to the workspace member or was sent by them. */
import { normalizeAddress } from './match-addresses';
import type { ParsedEmail } from './parsed-email';

export type EmailDirection = 'in' | 'out';

/** 'out' when the sender is one of the member's own addresses; anything else came in. */
export function emailDirection(
	email: Pick<ParsedEmail, 'from'>,
	ownAddresses: readonly string[]
): EmailDirection {
	if (!email.from) return 'in';
	const sender = normalizeAddress(email.from.address);
	return ownAddresses.some((own) => normalizeAddress(own) === sender) ? 'out' : 'in';
}
