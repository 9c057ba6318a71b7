/**
 * What each websocket close code from the relay means for the app: whether to try again, and
 * what to tell the person in front of the screen. The codes are the relay's (./wire, CLOSE).
 */
import { CLOSE, type CloseCode } from './wire';

export type CloseAction =
	/** The relay refused this link: retrying cannot help until the person gets a new one. */
	| 'refuse'
	/** Retrying would send the same bytes again: stop until the person asks to reconnect. */
	| 'stop'
	/** The relay is overloaded: try again, but not soon. */
	| 'retry-later'
	/** A transient drop: reconnect with the usual backoff. */
	| 'reconnect';

export interface CloseMeaning {
	action: CloseAction;
	message: string;
}

const KEPT = 'Your changes are kept on this device.';

const DROPPED: CloseMeaning = {
	action: 'reconnect',
	message: `The connection to the relay dropped; reconnecting. ${KEPT}`
};

/** Every code of the shared table, and only those: the type refuses a code left out. */
export const CLOSE_MEANINGS: Readonly<Record<CloseCode, CloseMeaning>> = {
	[CLOSE.invalidToken]: {
		action: 'refuse',
		message:
			'This link does not give access to this workspace. Ask the workspace owner for a new invite link.'
	},
	[CLOSE.revoked]: {
		action: 'refuse',
		message: 'This invite was revoked. Ask the workspace owner for a new link.'
	},
	[CLOSE.unknownWorkspace]: {
		action: 'refuse',
		message:
			'This workspace does not exist on the relay. It may have been deleted, or the link points to another relay.'
	},
	[CLOSE.malformed]: {
		action: 'stop',
		message: `The relay could not read a message from this device, so syncing stopped. ${KEPT} Reload the page to try again.`
	},
	[CLOSE.tooLarge]: {
		action: 'stop',
		message: `A change is too large for the relay to accept, so syncing stopped. ${KEPT} Reload the page to try again.`
	},
	[CLOSE.rateLimited]: {
		action: 'retry-later',
		message: `This device sent too many changes too fast; syncing resumes in a moment. ${KEPT}`
	},
	[CLOSE.tooManyConnections]: {
		action: 'retry-later',
		message: `Too many devices are connected to this workspace right now; syncing resumes in a moment. ${KEPT}`
	},
	[CLOSE.tooManyDocuments]: {
		action: 'stop',
		message: `This device asked for more documents of this workspace at once than the relay carries on one connection, so syncing stopped. ${KEPT} Reload the page to try again.`
	},
	[CLOSE.tooSlow]: {
		action: 'reconnect',
		message: `This device could not keep up with the changes the relay was sending, so the relay dropped the connection; reconnecting. ${KEPT}`
	},
	[CLOSE.goingAway]: {
		action: 'reconnect',
		message: `The relay is restarting; reconnecting. ${KEPT}`
	},
	/** A disk write failed on the relay; it rebuilds the room from disk, so just come back. */
	[CLOSE.internalError]: DROPPED
};

export function describeClose(code: number): CloseMeaning {
	return (CLOSE_MEANINGS as Partial<Record<number, CloseMeaning>>)[code] ?? DROPPED;
}

/**
 * Delay before trying again after a 'retry-later' close: grows with repeated refusals, and is
 * spread (±25 %) so that many devices refused together do not all come back at once.
 */
export function retryLaterDelay(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 60_000);
	return Math.round(base * (0.75 + 0.5 * random()));
}
